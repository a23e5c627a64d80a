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
        removesExtensions = paths.contains { $0.isSimpleTopLevel && $0.name.lowercased().hasPrefix("urn:") }
    }

    /// Some path names a whole extension object (whose URN then leaves `schemas`).
    let removesExtensions: Bool

    /// `"strip"`.
    public var name: String { "strip" }

    /// Removes every value the paths select; never drops the record.
    public mutating func process(_ record: inout UserRecord) throws -> StageVerdict {
        let before = removesExtensions ? record.extensionMembers : []
        for path in compiled {
            if path.isTopLevel {
                record.removeFields(named: path.name)
            } else if record.selectsAnything(path) {
                record.edit(path) { _ in .remove }
            }
        }
        if removesExtensions { record.dropSchemas(ofExtensionsRemovedSince: before) }
        return .keep
    }
}
