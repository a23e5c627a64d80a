/// The CSV columns fed by one top-level member, with a plan to fill them in one scan.
///
/// Most columns have a simple shape: `attr.sub` (`meta.created`), `attr[x eq "lit"].sub`
/// (`phoneNumbers[type eq "work"].value`) or an extension attribute `URN:attr[.sub]`. For a
/// group whose columns all have such shapes, each element (or the extension object) is scanned
/// once, collecting every member any column needs; the filters are checked on what was
/// collected. Other groups walk each column's path.
final class CSVColumnGroup: Sendable {
    /// Lower-case key of the member (an attribute name or an extension URN).
    let key: [UInt8]
    /// (column, path, the member is the extension object holding the attribute).
    let columns: [(index: Int, path: CompiledPath, inExtension: Bool)]
    /// The one-scan plan, when every column allows it.
    let recipe: Recipe?

    /// What to collect and how each column uses it.
    struct Recipe: Sendable {
        /// Member names collected from each element (or from the extension object).
        let names: [[UInt8]]
        /// Per column: the slot to output, an optional sub-attribute of it, and an optional filter.
        let columns: [Column]
        /// The member is an extension object whose attributes are collected (else each element).
        let overExtension: Bool

        struct Column: Sendable {
            let index: Int
            let slot: Int
            let sub: [UInt8]?
            let filter: (slot: Int, literal: CompiledFilter.Literal, caseExact: Bool)?
        }
    }

    init(key: [UInt8], columns: [(index: Int, path: CompiledPath, inExtension: Bool)]) {
        self.key = key
        self.columns = columns
        recipe = Self.plan(columns)
    }

    /// The recipe for `columns`, or nil when some column needs the general walk.
    static func plan(_ columns: [(index: Int, path: CompiledPath, inExtension: Bool)]) -> Recipe? {
        var names: [[UInt8]] = []
        func slot(_ name: [UInt8]) -> Int {
            if let k = names.firstIndex(of: name) { return k }
            names.append(name)
            return names.count - 1
        }
        var planned: [Recipe.Column] = []
        let overExtension = columns.first?.inExtension ?? false
        for column in columns {
            let path = column.path
            guard column.inExtension == overExtension else { return nil }
            if overExtension {
                // URN:attr[.sub], no filter.
                guard path.filter == nil else { return nil }
                planned.append(.init(index: column.index, slot: slot(path.name), sub: path.sub, filter: nil))
            } else {
                // attr.sub or attr[x eq lit].sub (over each element, or a single complex value).
                guard let sub = path.sub else { return nil }
                var filter: (slot: Int, literal: CompiledFilter.Literal, caseExact: Bool)?
                if let node = path.filter {
                    guard case .compare(let inner, .eq, let literal) = node, inner.schema == nil,
                          inner.filter == nil, inner.sub == nil else { return nil }
                    switch literal.value {
                    case .string, .bool: break
                    default: return nil
                    }
                    filter = (slot(inner.name), literal, inner.facts?.caseExact ?? false)
                }
                planned.append(.init(index: column.index, slot: slot(sub), sub: nil, filter: filter))
            }
        }
        return Recipe(names: names, columns: planned, overExtension: overExtension)
    }
}

extension CSVWriter {
    /// Fills the group's columns from `member` with its recipe.
    static func fill(
        _ cells: inout [[UInt8]], _ counts: inout [Int], recipe: CSVColumnGroup.Recipe,
        member: JSONSlice, join: [UInt8], slots: inout [JSONSlice?]
    ) {
        for column in recipe.columns {
            cells[column.index].removeAll(keepingCapacity: true)
            counts[column.index] = 0
        }
        let names = recipe.names
        func collect(_ object: JSONSlice) {
            for k in slots.indices { slots[k] = nil }
            var members = JSONSlice.MemberIterator(object)
            while let (key, value) = members.next() {
                for k in names.indices where key.equalsName(names[k]) { slots[k] = value }
            }
        }
        func emit(_ value: JSONSlice, _ column: CSVColumnGroup.Recipe.Column) {
            if value.kind == .array {
                value.forEachElement { element in
                    if appendValue(element, to: &cells[column.index], first: counts[column.index] == 0, join: join) {
                        counts[column.index] += 1
                    }
                    return true
                }
            } else if appendValue(value, to: &cells[column.index], first: counts[column.index] == 0, join: join) {
                counts[column.index] += 1
            }
        }
        func apply() {
            for column in recipe.columns {
                if let filter = column.filter {
                    guard let candidate = slots[filter.slot], matches(candidate, filter.literal, caseExact: filter.caseExact) else { continue }
                }
                guard var value = slots[column.slot] else { continue }
                if let sub = column.sub {
                    guard let inner = value.member(sub) else { continue }
                    value = inner
                }
                emit(value, column)
            }
        }
        if recipe.overExtension {
            collect(member)
            apply()
        } else if member.kind == .array {
            var elements = JSONSlice.ElementIterator(member)
            while let element = elements.next() {
                collect(element)
                apply()
            }
        } else {
            collect(member)
            apply()
        }
    }

    /// `value eq literal` for the simple filters of a recipe (strings by caseExact, booleans).
    static func matches(_ value: JSONSlice, _ literal: CompiledFilter.Literal, caseExact: Bool) -> Bool {
        switch literal.value {
        case .bool(let b): return value.bool == b
        case .string:
            guard value.kind == .string else { return false }
            return TextComparison.compare(value, .eq, literal: caseExact ? literal.exactBytes : literal.foldedBytes, caseExact: caseExact)
        default: return false
        }
    }
}
