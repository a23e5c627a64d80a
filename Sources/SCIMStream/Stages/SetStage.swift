public import SCIMJSON

/// `--set PATH=JSON` (set or add) and `--default PATH=JSON` (only where absent or null).
///
/// Missing parents are created: `--set name.givenName='"Ann"'` adds `"name":{"givenName":"Ann"}`
/// to a record without `name`; an extension attribute creates its extension object and adds
/// the extension's URN to `schemas`. Through a filter (`emails[type eq "work"].primary`),
/// only existing matching elements change: nothing is created from a filter.
public struct SetStage: RecordStage, Sendable {
    /// Keeps nothing between records: copies may run on several threads.
    public var runsOnCopies: Bool { true }

    /// The attribute set.
    public let path: AttributePath
    /// The value.
    public let value: JSONValue
    /// Only where the attribute is absent or null (`--default`).
    public let onlyWhereAbsent: Bool
    let compiled: CompiledPath
    let bytes: [UInt8]

    /// Creates the stage.
    public init(_ path: AttributePath, to value: JSONValue, onlyWhereAbsent: Bool = false) {
        self.path = path
        self.value = value
        self.onlyWhereAbsent = onlyWhereAbsent
        compiled = CompiledPath(path)
        bytes = value.jsonBytes
    }

    /// `"set"` or `"default"`.
    public var name: String { onlyWhereAbsent ? "default" : "set" }

    /// Sets the value; never drops the record.
    public mutating func process(_ record: inout UserRecord) throws -> StageVerdict {
        let bytes = self.bytes
        let onlyWhereAbsent = self.onlyWhereAbsent
        let summary = record.edit(compiled, PathEdit(create: bytes)) { current in
            if onlyWhereAbsent { return current.isNull ? .replace(bytes) : .keep }
            return current.bytes.elementsEqual(bytes) ? .keep : .replace(bytes)
        }
        if let urn = summary.createdExtension { record.addSchema(urn) }
        return .keep
    }
}

extension UserRecord {
    /// Appends `urn` to `schemas` when `schemas` is an array that lacks it.
    mutating func addSchema(_ urn: String) {
        let wanted = ASCIICase.lowercased(urn)
        let plan = CompiledPath(AttributePath(name: "schemas"))
        edit(plan) { schemas in
            guard schemas.kind == .array else { return .keep }
            var present = false
            schemas.forEachElement { element in
                if element.kind == .string, element.equalsName(wanted) { present = true }
                return !present
            }
            if present { return .keep }
            let elements = schemas.elements
            var out = JSONRebuild.array(elements, Array(repeating: .keep, count: elements.count))
            out.removeLast()  // the closing bracket
            if !elements.isEmpty { out.append(._comma) }
            out += JSONEscaping.quoted(urn)
            out.append(._closeBracket)
            return .replace(out)
        }
    }
}
