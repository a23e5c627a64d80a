import SCIMJSON

/// `--keep PATH,…`: projection. Every attribute no path names is removed; `schemas` is always
/// kept (strip it afterwards if unwanted).
///
/// `--keep emails.value` keeps each e-mail with only its value; `--keep 'emails[type eq "work"]'`
/// keeps only the work e-mails, whole; `--keep urn:…:enterprise:2.0:User:department` keeps the
/// extension object with only `department`. Several paths on one attribute combine.
public struct KeepStage: RecordStage, Sendable {
    /// Keeps nothing between records: copies may run on several threads.
    public var runsOnCopies: Bool { true }

    /// The paths kept.
    public let paths: [AttributePath]

    /// One kept selection inside an attribute.
    struct Selection: Sendable {
        let filter: CompiledFilter.Node?
        let sub: [UInt8]?
    }

    /// A kept attribute and the selections that keep (parts of) it.
    struct Entry: Sendable {
        let name: [UInt8]
        var selections: [Selection]
    }

    /// Kept attributes, found by name: searched when few, looked up in a dictionary when many.
    struct EntryTable: Sendable {
        var entries: [Entry] = []
        var index: [[UInt8]: Int] = [:]

        /// Adds a selection to the entry named `name` (lower-case), creating it when new.
        mutating func add(_ selection: Selection, name: [UInt8]) {
            if let k = index[name] {
                entries[k].selections.append(selection)
            } else {
                index[name] = entries.count
                entries.append(Entry(name: name, selections: [selection]))
            }
        }

        /// The entry whose name `matches`; `key` makes the lower-case name for a lookup.
        func find(_ matches: ([UInt8]) -> Bool, key: () -> [UInt8]) -> Entry? {
            if entries.count <= 8 { return entries.first { matches($0.name) } }
            return index[key()].map { entries[$0] }
        }
    }

    let core: EntryTable
    let extensions: [(schema: [UInt8], table: EntryTable)]

    /// Creates the stage, in time linear in the number of paths (names are looked up in
    /// dictionaries, not searched: 100,000 paths took minutes).
    public init(_ paths: [AttributePath]) {
        self.paths = paths
        var core = EntryTable()
        var extensions: [(schema: [UInt8], table: EntryTable)] = []
        var extensionIndex: [[UInt8]: Int] = [:]
        for path in paths {
            let selection = Selection(filter: path.filter.map { CompiledFilter.Node($0, parent: path) }, sub: path.lowercaseSub)
            if let schema = path.lowercaseSchema {
                let k = extensionIndex[schema] ?? extensions.count
                if k == extensions.count {
                    extensionIndex[schema] = k
                    extensions.append((schema, EntryTable()))
                }
                extensions[k].table.add(selection, name: path.lowercaseName)
            } else {
                core.add(selection, name: path.lowercaseName)
            }
        }
        self.core = core
        self.extensions = extensions
    }

    /// `"keep"`.
    public var name: String { "keep" }

    /// Removes everything not kept; never drops the record.
    public mutating func process(_ record: inout UserRecord) throws -> StageVerdict {
        let before = record.extensionMembers
        let outcomes: [(Int, JSONRebuild.Outcome)] = record.withView { view in
            var out: [(Int, JSONRebuild.Outcome)] = []
            for i in view.fields.indices where !view.fields[i].isRemoved {
                if view.keyMatches(i, SCIMNames.schemas) { continue }
                if let entry = core.find({ view.keyMatches(i, $0) }, key: { Self.lowercaseKey(view.key(i)) }) {
                    out.append((i, Self.project(view.value(i), entry.selections)))
                } else if let ext = extensions.first(where: { view.keyMatches(i, $0.schema) }) {
                    out.append((i, Self.projectMembers(view.value(i), ext.table)))
                } else {
                    out.append((i, .remove))
                }
            }
            return out
        }
        for (i, outcome) in outcomes {
            switch outcome {
            case .keep: break
            case .remove: record.removeField(at: i)
            case .replace(let bytes):
                record.replaceValue(at: i, with: bytes, mayHoldWhitespace: record.storage.fields[i].flags.contains(.valueHasWhitespace))
            }
        }
        // An extension not kept leaves `schemas` too.
        record.dropSchemas(ofExtensionsRemovedSince: before)
        return .keep
    }

    /// Keeps what `selections` select of one attribute's value.
    static func project(_ value: JSONSlice, _ selections: [Selection]) -> JSONRebuild.Outcome {
        if selections.contains(where: { $0.filter == nil && $0.sub == nil }) { return .keep }
        switch value.kind {
        case .array:
            var rebuilt = JSONArrayRebuilder(value)
            var elements = JSONSlice.ElementIterator(value)
            while let element = elements.next() { rebuilt.add(element, projectElement(element, selections)) }
            return rebuilt.finish()
        case .object:
            return projectElement(value, selections)
        default:
            return .keep
        }
    }

    /// One element: dropped unless some selection applies; whole, or only the selected sub-attributes.
    static func projectElement(_ element: JSONSlice, _ selections: [Selection]) -> JSONRebuild.Outcome {
        let applicable = selections.filter { $0.filter?.evaluate(.element(element)) ?? true }
        if applicable.isEmpty { return .remove }
        if applicable.contains(where: { $0.sub == nil }) || element.kind != .object { return .keep }
        let subs = applicable.compactMap(\.sub)
        let members = JSONRebuild.members(element)
        let outcomes: [JSONRebuild.Outcome] = members.map { m in subs.contains { m.key.equalsName($0) } ? .keep : .remove }
        if outcomes.allSatisfy({
            if case .keep = $0 { return true }; return false
        }) {
            return .keep
        }
        return .replace(JSONRebuild.object(members, outcomes))
    }

    /// An extension object: only the named attributes, each projected.
    static func projectMembers(_ object: JSONSlice, _ table: EntryTable) -> JSONRebuild.Outcome {
        guard object.kind == .object else { return .keep }
        let members = JSONRebuild.members(object)
        var changed = false
        let outcomes: [JSONRebuild.Outcome] = members.map { m in
            guard let entry = table.find({ m.key.equalsName($0) }, key: { lowercaseKey(m.key) }) else {
                changed = true
                return .remove
            }
            let outcome = project(m.value, entry.selections)
            if case .keep = outcome {} else { changed = true }
            return outcome
        }
        return changed ? .replace(JSONRebuild.object(members, outcomes)) : .keep
    }

    /// A key (a JSON string slice) decoded and lower-cased (ASCII), for a dictionary lookup.
    static func lowercaseKey(_ key: JSONSlice) -> [UInt8] {
        ASCIICase.lowercased(key.string ?? "")
    }
}
