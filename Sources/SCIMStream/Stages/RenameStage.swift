import SCIMJSON

/// `--rename OLD=NEW`: renames an attribute in place (values untouched).
///
/// OLD is any path without a filter (`title`, `name.givenName`, `urn:…:User:department`);
/// NEW is the new name of the attribute OLD ends at. A sub-attribute is renamed in every
/// element of a multi-valued attribute.
public struct RenameStage: RecordStage, Sendable {
    /// Keeps nothing between records: copies may run on several threads.
    public var runsOnCopies: Bool { true }

    /// The attribute renamed.
    public let path: AttributePath
    /// Its new name.
    public let newName: String
    let compiled: CompiledPath

    /// Creates the stage.
    public init(_ path: AttributePath, to newName: String) {
        self.path = path
        self.newName = newName
        compiled = CompiledPath(path)
    }

    /// `"rename"`.
    public var name: String { "rename" }

    /// Renames; never drops the record.
    public mutating func process(_ record: inout UserRecord) throws -> StageVerdict {
        if let sub = compiled.sub {
            // Rename the sub-attribute inside the attribute's value(s).
            var parent = path
            parent.subAttribute = nil
            let newName = self.newName
            record.edit(CompiledPath(parent)) { value in
                Self.renameMember(sub, to: newName, in: value)
            }
        } else {
            record.edit(compiled, PathEdit(renameTo: newName))
        }
        return .keep
    }

    static func renameMember(_ name: [UInt8], to newName: String, in value: JSONSlice) -> JSONRebuild.Outcome {
        switch value.kind {
        case .object:
            let members = JSONRebuild.members(value)
            var renames: [Int: String] = [:]
            for (k, m) in members.enumerated() where m.key.equalsName(name) { renames[k] = newName }
            if renames.isEmpty { return .keep }
            return .replace(JSONRebuild.object(members, Array(repeating: .keep, count: members.count), renames: renames))
        case .array:
            let elements = value.elements
            let outcomes = elements.map { renameMember(name, to: newName, in: $0) }
            if outcomes.allSatisfy({
                if case .keep = $0 { return true }; return false
            }) {
                return .keep
            }
            return .replace(JSONRebuild.array(elements, outcomes))
        default:
            return .keep
        }
    }
}
