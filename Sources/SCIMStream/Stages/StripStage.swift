import SCIMJSON

/// `--strip PATH,…`: removes attributes, sub-attributes or selected elements.
///
/// `--strip 'emails[type eq "other"]'` removes the matching elements; `--strip name.middleName`
/// removes one sub-attribute; `--strip urn:…:enterprise:2.0:User` removes the whole extension.
public struct StripStage: RecordStage, Sendable {
    /// Keeps nothing between records: copies may run on several threads.
    public var runsOnCopies: Bool { true }

    /// The paths removed.
    public let paths: [AttributePath]
    let compiled: [CompiledPath]

    /// Creates the stage.
    public init(_ paths: [AttributePath]) {
        self.paths = paths
        compiled = paths.map { CompiledPath($0) }
    }

    /// `"strip"`.
    public var name: String { "strip" }

    /// Removes every value the paths select; never drops the record.
    public mutating func process(_ record: inout UserRecord) throws -> StageVerdict {
        for path in compiled {
            record.edit(path) { _ in .remove }
        }
        return .keep
    }
}
