import SCIMJSON

/// The CSV columns fed by one top-level member, with a plan to fill them in one scan.
///
/// Most columns have a simple shape: the member itself (`id`, `roles`), `attr.sub`
/// (`meta.created`), `attr[x eq "lit"].sub` (`phoneNumbers[type eq "work"].value`) or an
/// extension attribute `URN:attr[.sub]`. For a group whose columns all have such shapes, each
/// element (or the extension object) is scanned once, collecting every member any column
/// needs; the filters are checked on what was collected. Other groups walk each column's path.
final class CSVColumnGroup: Sendable {
    /// Lower-case key of the member (an attribute name or an extension URN).
    let key: [UInt8]
    /// (column, path, the member is the extension object holding the attribute).
    let columns: [(index: Int, path: CompiledPath, inExtension: Bool)]
    /// The one-scan plan, when every column allows it.
    let recipe: Recipe?

    /// What to collect and how each column uses it.
    final class Recipe: Sendable {
        /// Member names collected from each element (or from the extension object).
        let names: [[UInt8]]
        /// Per column: the slot to output, an optional sub-attribute of it, and an optional filter.
        let columns: [Column]
        /// The member is an extension object whose attributes are collected (else each element).
        let overExtension: Bool

        /// Sub-attribute names (for `URN:attr.sub`), by ``Column/sub``.
        let subs: [[UInt8]]
        /// Element filters, by ``Column/test``.
        let tests: [Test]

        init(names: [[UInt8]], columns: [Column], overExtension: Bool, subs: [[UInt8]], tests: [Test]) {
            self.names = names
            self.columns = columns
            self.overExtension = overExtension
            self.subs = subs
            self.tests = tests
        }

        /// One column; plain integers, so going over the columns costs no reference counting.
        struct Column: Sendable {
            let index: Int
            /// The collected member to output; -1 for the group's member itself (flattened).
            let slot: Int
            /// Index in ``subs`` of a sub-attribute to take from the slot's value, or -1.
            let sub: Int
            /// Index in ``tests`` of the filter an element must pass, or -1.
            let test: Int
        }

        /// `attr eq literal` on a collected member (a string by its `caseExact`, or a boolean).
        final class Test: Sendable {
            let slot: Int
            let literal: CompiledFilter.Literal
            /// The whole filter, for the values the shortcuts below do not cover.
            let node: CompiledFilter.Node
            let caseExact: Bool
            /// A string literal compared as text (not a dateTime attribute).
            let comparesText: Bool
            /// The literal's bytes as compared: exact, or folded for a case-insensitive test.
            let bytes: [UInt8]
            /// The literal is ASCII, so a value of ASCII bytes without escapes compares as it is.
            let isASCII: Bool

            init(slot: Int, literal: CompiledFilter.Literal, node: CompiledFilter.Node, facts: SCIMSchema.AttributeFacts?) {
                self.slot = slot
                self.literal = literal
                self.node = node
                caseExact = facts?.caseExact ?? false
                if case .string = literal.value { comparesText = facts?.type != .dateTime } else { comparesText = false }
                bytes = caseExact ? literal.exactBytes : literal.foldedBytes
                isASCII = bytes.allSatisfy { $0 < 0x80 }
            }
        }
    }

    /// - Parameter oneScan: a recipe may be planned (false: every column walks its path).
    init(key: [UInt8], columns: [(index: Int, path: CompiledPath, inExtension: Bool)], oneScan: Bool = true) {
        self.key = key
        self.columns = columns
        recipe = oneScan ? Self.plan(columns) : nil
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
        var subs: [[UInt8]] = []
        var tests: [Recipe.Test] = []
        let overExtension = columns.first?.inExtension ?? false
        for column in columns {
            let path = column.path
            guard column.inExtension == overExtension else { return nil }
            if overExtension {
                // URN:attr[.sub], no filter.
                guard path.filter == nil else { return nil }
                var sub = -1
                if let name = path.sub {
                    subs.append(name)
                    sub = subs.count - 1
                }
                planned.append(.init(index: column.index, slot: slot(path.name), sub: sub, test: -1))
            } else if path.filter == nil && path.sub == nil {
                // The member itself.
                planned.append(.init(index: column.index, slot: -1, sub: -1, test: -1))
            } else {
                // attr.sub or attr[x eq lit].sub (over each element, or a single complex value).
                guard let sub = path.sub else { return nil }
                var test = -1
                if let node = path.filter {
                    guard case .compare(let inner, .eq, let literal) = node, inner.schema == nil,
                        inner.filter == nil, inner.sub == nil
                    else { return nil }
                    switch literal.value {
                    case .string, .bool: break
                    default: return nil
                    }
                    tests.append(Recipe.Test(slot: slot(inner.name), literal: literal, node: node, facts: inner.facts))
                    test = tests.count - 1
                }
                planned.append(.init(index: column.index, slot: slot(sub), sub: -1, test: test))
            }
        }
        return Recipe(names: names, columns: planned, overExtension: overExtension, subs: subs, tests: tests)
    }
}

extension CSVColumnGroup.Recipe {
    /// Gathers the values of this group's columns from `member` into `row`.
    func gather(from member: JSONSlice, into row: inout CSVRowValues) {
        for column in columns {
            row.clear(column.index)
            if column.slot < 0 { row.addFlattening(member, to: column.index) }
        }
        guard !names.isEmpty else { return }
        let slots = row.slots(names.count)
        if overExtension || member.kind != .array {
            collect(member, into: slots)
            apply(slots, of: member, to: &row)
        } else {
            var elements = JSONSlice.ElementIterator(member)
            while let element = elements.next() {
                collect(element, into: slots)
                apply(slots, of: element, to: &row)
            }
        }
    }

    /// Fills `slots` with the members of `object` that the columns need.
    private func collect(_ object: JSONSlice, into slots: UnsafeMutablePointer<JSONSlice?>) {
        for k in names.indices { slots[k] = nil }
        var members = JSONSlice.MemberIterator(object)
        while let (key, value) = members.next() {
            for k in names.indices where key.equalsName(names[k]) { slots[k] = value }
        }
    }

    /// Adds to each column what the collected members give it.
    private func apply(_ slots: UnsafeMutablePointer<JSONSlice?>, of element: JSONSlice, to row: inout CSVRowValues) {
        for column in columns where column.slot >= 0 {
            if column.test >= 0 {
                let test = tests[column.test]
                guard let candidate = slots[test.slot], Self.matches(candidate, test, element: element) else { continue }
            }
            guard var value = slots[column.slot] else { continue }
            if column.sub >= 0 {
                guard let inner = value.member(subs[column.sub]) else { continue }
                value = inner
            }
            row.addFlattening(value, to: column.index)
        }
    }

    /// `value eq literal` for the simple filters of a recipe: a string compared as text or a
    /// boolean directly, anything else (an array, a `{"value": …}` object, a dateTime) by the
    /// filter itself on `element`, so the result is always the filter language's.
    static func matches(_ value: JSONSlice, _ test: Test, element: JSONSlice) -> Bool {
        if case .bool(let b) = test.literal.value, value.kind == .bool { return value.bool == b }
        guard test.comparesText && value.kind == .string else { return test.node.evaluate(.element(element)) }
        if test.isASCII {
            // ASCII without escapes on both sides: compare the raw bytes (ASCII case folded).
            let start = value.start + 1, count = value.end - value.start - 2
            var plain = true
            for k in start..<(start + count) {
                let b = value.byte(k)
                if b >= 0x80 || b == ._backslash { plain = false; break }
            }
            if plain {
                guard count == test.bytes.count else { return false }
                return test.bytes.withUnsafeBufferPointer { literal in
                    if test.caseExact {
                        for k in 0..<count where value.byte(start + k) != literal[k] { return false }
                        return true
                    }
                    return ASCIICase.equalsLowercased(value.base + start, literal.baseAddress!, count: count)
                }
            }
        }
        return TextComparison.compare(value, .eq, literal: test.bytes, caseExact: test.caseExact)
    }
}
