public import SCIMStream

/// Drops a user whose `id` an earlier page already delivered: when users are added or removed
/// during an export, index paging shifts and a page may repeat users. Counted as
/// `seen-twice` in the statistics. Keeps every `id` seen (a few dozen bytes per user).
public struct SeenUsers: RecordStage {
    private var seen: Set<String> = []

    /// Creates the stage.
    public init() {}

    /// `seen-twice`.
    public var name: String { "seen-twice" }

    /// Drops the record when its `id` was seen before; a record without `id` passes.
    public mutating func process(_ record: inout UserRecord) throws -> StageVerdict {
        guard let id = record.id else { return .keep }
        return seen.insert(id).inserted ? .keep : .drop
    }
}
