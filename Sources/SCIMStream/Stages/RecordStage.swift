import SCIMJSON

/// What a stage decided about a record.
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
///
/// Stages are values that may be copied to worker threads, hence `Sendable`; whether copies
/// may run at all is the stage's own declaration, ``runsOnCopies``.
public protocol RecordStage: Sendable {
    /// Short name for statistics and messages ("filter", "dedupe", …).
    var name: String { get }
    /// True when copies of the stage, each given part of the records, decide exactly as one
    /// stage given all of them: the stage keeps nothing from one record for the next. The
    /// pipeline runs NDJSON input on several threads only when every stage says so.
    ///
    /// Default: false (a stage must opt in; `DedupeStage`, which remembers keys, does not).
    var runsOnCopies: Bool { get }
    /// Processes one record.
    mutating func process(_ record: inout UserRecord) throws -> StageVerdict
}

extension RecordStage {
    /// Not unless the stage says so.
    public var runsOnCopies: Bool { false }
}

/// A record a stage or writer refused, with the reason.
public struct StageRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stage or writer that refused ("bulk", "set", …).
    public var stage: String
    /// Why.
    public var reason: String
    /// The configured limit the record went past, when that is why it was refused (a caller
    /// may name the setting that raises it).
    public var exceededLimit: ExceededLimit?

    /// A configured limit a stage or writer applies.
    public enum ExceededLimit: Sendable, Equatable {
        /// The most bytes a Bulk document may have.
        case bulkDocumentBytes(Int)
    }

    /// Creates a rejection.
    public init(stage: String, reason: String, exceededLimit: ExceededLimit? = nil) {
        self.stage = stage
        self.reason = reason
        self.exceededLimit = exceededLimit
    }

    /// `STAGE: REASON`.
    public var description: String { "\(stage): \(reason)" }
}
