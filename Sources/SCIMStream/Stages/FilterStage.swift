import SCIMJSON

/// `--filter EXPR`: keeps only the records that match a SCIM filter.
public struct FilterStage: RecordStage, Sendable {
    /// Keeps nothing between records: copies may run on several threads.
    public var runsOnCopies: Bool { true }

    /// The compiled filter.
    public let filter: CompiledFilter

    /// Creates the stage.
    public init(_ filter: CompiledFilter) {
        self.filter = filter
    }

    /// `"filter"`.
    public var name: String { "filter" }

    /// Keeps a matching record, drops the others.
    public mutating func process(_ record: inout UserRecord) throws -> StageVerdict {
        filter.matches(record) ? .keep : .drop
    }
}
