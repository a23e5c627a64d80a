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
    /// Top-level members named by a URN (extension objects), by the URN in lower case.
    var extensionMembers: Set<String> {
        withView { view in
            var names: Set<String> = []
            for i in view.fields.indices where !view.fields[i].isRemoved {
                let key = view.key(i)
                guard key.end - key.start > 6, key.byte(key.start + 1) | 0x20 == UInt8(ascii: "u") else { continue }
                let name = JSONString.decode(key.bytes).lowercased()
                if name.hasPrefix("urn:") { names.insert(name) }
            }
            return names
        }
    }

    /// Removes from `schemas` the URNs of the extension objects `before` had and the record no
    /// longer has (RFC 7643 §3: `schemas` lists the extensions a resource holds; servers
    /// refuse a URN without its object).
    mutating func dropSchemas(ofExtensionsRemovedSince before: Set<String>) {
        let removed = before.subtracting(extensionMembers)
        guard !removed.isEmpty else { return }
        edit(CompiledPath(AttributePath(name: "schemas"))) { schemas in
            guard schemas.kind == .array else { return .keep }
            let elements = schemas.elements
            let drops = elements.map { element in element.kind == .string && element.string.map { removed.contains($0.lowercased()) } == true }
            guard drops.contains(true) else { return .keep }
            return .replace(JSONRebuild.array(elements, drops.map { $0 ? JSONRebuild.Outcome.remove : .keep }))
        }
    }

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
