/// What a stage decided about a record.
import SCIMJSON

public enum StageVerdict: Sendable, Equatable {
    /// Pass the record on.
    case keep
    /// Drop the record (counted under the stage's name).
    case drop
}

/// One step of the transform chain: reads and edits a record, or drops it.
///
/// Stages touch only the members they name; every other byte of the record stays as it came.
/// A stage that cannot handle a record throws ``StageRejection``: the record is rejected
/// (not dropped), with the stage's reason.
public protocol RecordStage {
    /// Short name for statistics and messages ("filter", "dedupe", …).
    var name: String { get }
    /// Processes one record.
    mutating func process(_ record: inout UserRecord) throws -> StageVerdict
}

/// A record a stage or writer refused, with the reason.
public struct StageRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stage or writer that refused ("bulk", "set", …).
    public var stage: String
    /// Why.
    public var reason: String

    /// Creates a rejection.
    public init(stage: String, reason: String) {
        self.stage = stage
        self.reason = reason
    }

    /// `STAGE: REASON`.
    public var description: String { "\(stage): \(reason)" }
}
