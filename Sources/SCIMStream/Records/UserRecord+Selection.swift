import SCIMJSON

extension UserRecord {
    /// Whether removing what `path` selects would change the record: the same traversal as
    /// ``edit(_:_:transform:)`` (every member the path names, every element its filter
    /// selects, the sub-attribute when present), without building anything.
    ///
    /// ``StripStage`` asks this first, so a record that holds nothing to strip (the common
    /// case: most users have no `emails[type eq "other"]`) costs a look, not an edit.
    func selectsAnything(_ path: CompiledPath) -> Bool {
        withView { view in
            if let schema = path.schema {
                for i in view.fields.indices where view.keyMatches(i, schema) {
                    let ext = view.value(i)
                    guard ext.kind == .object else { continue }
                    var members = JSONSlice.MemberIterator(ext)
                    while let (key, value) = members.next() {
                        if key.equalsName(path.name) && Self.selects(path, in: value) { return true }
                    }
                }
                if let qualified = path.qualifiedName {
                    for i in view.fields.indices where view.keyMatches(i, qualified) {
                        if Self.selects(path, in: view.value(i)) { return true }
                    }
                }
                return false
            }
            for i in view.fields.indices where view.keyMatches(i, path.name) {
                if Self.selects(path, in: view.value(i)) { return true }
            }
            return false
        }
    }

    /// Whether `path` selects anything in `value`, the value of the attribute it names.
    private static func selects(_ path: CompiledPath, in value: JSONSlice) -> Bool {
        guard path.filter != nil || path.sub != nil else { return true }
        func selectsIn(_ element: JSONSlice) -> Bool {
            if let filter = path.filter, !filter.evaluate(.element(element)) { return false }
            guard let sub = path.sub else { return true }
            guard element.kind == .object else { return false }
            var members = JSONSlice.MemberIterator(element)
            while let (key, _) = members.next() {
                if key.equalsName(sub) { return true }
            }
            return false
        }
        switch value.kind {
        case .array:
            var elements = JSONSlice.ElementIterator(value)
            while let element = elements.next() {
                if selectsIn(element) { return true }
            }
            return false
        case .object:
            return selectsIn(value)
        default:
            return false
        }
    }
}
