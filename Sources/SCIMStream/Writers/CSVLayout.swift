import SCIMJSON

/// The compiled form of a CSV writer's columns: which top-level members feed which columns,
/// and how cells are escaped. Immutable, so the copies of a writer on several threads share it.
final class CSVLayout: Sendable {
    let columnCount: Int
    /// Columns by the top-level member they read, so a row is one pass over the members.
    let groups: [CSVColumnGroup]
    /// The groups' keys, for matching members to groups.
    let keys: CSVGroupKeys
    let dialect: CSVWriter.Dialect
    let spreadsheetSafe: Bool
    let delimiter: UInt8
    let join: [UInt8]
    let lineEnd: [UInt8]
    /// What an absent or null cell is written as.
    let null: [UInt8]
    /// Per column, the lower-case sub-attributes written as `first:second`, or nil.
    let pairs: [(first: [UInt8], second: [UInt8])?]

    init(_ options: CSVWriter.Options) {
        let plans = options.columns.map { CompiledPath($0.path) }
        columnCount = plans.count
        var grouped: [(key: [UInt8], columns: [(index: Int, path: CompiledPath, inExtension: Bool)])] = []
        func add(_ key: [UInt8], _ column: (index: Int, path: CompiledPath, inExtension: Bool)) {
            if let k = grouped.firstIndex(where: { $0.key == key }) {
                grouped[k].columns.append(column)
            } else {
                grouped.append((key, [column]))
            }
        }
        for (index, plan) in plans.enumerated() {
            if let schema = plan.schema {
                add(schema, (index, plan, true))
                // A top-level member named by the full URN of the attribute (rare).
                if let qualified = plan.qualifiedName { add(qualified, (index, plan, false)) }
            } else {
                add(plan.name, (index, plan, false))
            }
        }
        pairs = options.columns.map { column in column.pair.map { (ASCIICase.lowercased($0.first), ASCIICase.lowercased($0.second)) } }
        let pairs = self.pairs
        let groups = grouped.map { group in
            CSVColumnGroup(key: group.key, columns: group.columns, oneScan: !group.columns.contains { pairs[$0.index] != nil })
        }
        keys = CSVGroupKeys(groups.map(\.key))
        self.groups = groups
        dialect = options.dialect
        spreadsheetSafe = options.spreadsheetSafe
        null = Array((options.nullText ?? (options.dialect == .tsv ? "\\N" : "")).utf8)
        delimiter = options.dialect == .csv ? ._comma : ._tab
        join = Array(options.joinSeparator.utf8)
        lineEnd = options.crlf ? [0x0D, 0x0A] : [0x0A]
    }

    /// Gathers the record's values and writes its row.
    ///
    /// - Parameters:
    ///   - row: reused storage for the gathered values.
    ///   - cell: reused storage for a cell whose text has to be made (joined or decoded).
    func writeRow(_ view: RecordView, row: inout CSVRowValues, cell: inout [UInt8], to out: OutputBuffer) {
        row.reset(columns: columnCount)
        gather(from: view, into: &row)
        // Slices point into the record: every cell is written while the view is valid.
        for k in 0..<columnCount {
            if k > 0 { out.append(delimiter) }
            guard row.hasValue(k) else {
                out.append(null)
                continue
            }
            if pairs[k] == nil, let text = row.singleRawText(k) {
                writeCell(text, to: out)
            } else {
                cell.removeAll(keepingCapacity: true)
                appendText(k, of: row, to: &cell)
                Self.replaceNUL(in: &cell)
                cell.withUnsafeBytes { writeCell($0, to: out) }
            }
        }
        out.append(lineEnd)
    }

    /// Appends the text of column `k`'s values: joined by ``join``, or as pairs.
    @inline(__always)
    func appendText(_ k: Int, of row: CSVRowValues, to cell: inout [UInt8]) {
        if let pair = pairs[k] {
            row.appendPairs(k, pair, join: join, to: &cell)
        } else {
            row.appendText(k, join: join, to: &cell)
        }
    }

    /// One pass over the record's members: each member feeds the columns of its group(s).
    func gather(from view: RecordView, into row: inout CSVRowValues) {
        for i in view.fields.indices where !view.fields[i].isRemoved {
            let f = view.fields[i]
            if f.flags.contains(.keyHasEscapes) {
                // An escaped key decodes to fewer bytes than it takes: try every group.
                for g in groups.indices where view.keyMatches(i, groups[g].key) {
                    gather(group: g, from: view.value(i), into: &row)
                }
                continue
            }
            let base = f.flags.contains(.keyInArena) ? view.arena : view.bytes
            keys.forEachGroup(matching: base, start: f.keyStart, end: f.keyEnd) { g in
                gather(group: g, from: view.value(i), into: &row)
            }
        }
    }

    /// Gathers the values of group `g`'s columns from its member (the last such member wins).
    func gather(group g: Int, from member: JSONSlice, into row: inout CSVRowValues) {
        let group = groups[g]
        if let recipe = group.recipe {
            recipe.gather(from: member, into: &row)
            return
        }
        for column in group.columns {
            row.clear(column.index)
            guard let base = column.inExtension ? member.member(column.path.name) : member else { continue }
            let paired = pairs[column.index] != nil
            _ = column.path.walk(from: base) { value in
                if paired { row.addElement(value, to: column.index) } else { row.add(value, to: column.index) }
                return false
            }
        }
    }

    /// Replaces each NUL (only a decoded `\u0000` makes one: raw bytes cannot hold it) with
    /// U+FFFD: CSV has no escape for it, CSV readers refuse or truncate at NUL, and PostgreSQL's
    /// text format reads `\0` as a NUL byte, which no text column can hold.
    static func replaceNUL(in cell: inout [UInt8]) {
        let n = cell.withUnsafeBytes { ByteSearch.first(0, $0.baseAddress ?? UnsafeRawPointer(JSONTokenizer.emptyWindow), from: 0, end: $0.count) }
        guard n < cell.count else { return }
        var fixed = Array(cell[..<n])
        for b in cell[n...] {
            if b == 0 { fixed.append(contentsOf: [0xEF, 0xBF, 0xBD]) } else { fixed.append(b) }
        }
        cell = fixed
    }

    /// Writes one escaped cell that has a value (a NULL cell is written as nothing at all).
    func writeCell(_ cell: UnsafeRawBufferPointer, to out: OutputBuffer) {
        guard let p = cell.baseAddress, cell.count > 0 else {
            if dialect == .csv { out.append(._quote); out.append(._quote) }  // "" = empty string, not NULL
            return
        }
        let n = cell.count
        let first = p.load(as: UInt8.self)
        let guarded =
            spreadsheetSafe
            && (first == ._equals || first == ._plus || first == ._minus || first == ._at || first == ._tab || first == 0x0D)
        switch dialect {
        case .csv:
            let special = ByteSearch.firstOf(._comma, ._quote, 0x0A, 0x0D, p, from: 0, end: n) < n
            // A value spelt like the NULL text is quoted, so a loader keeps it apart from NULL.
            if !special && !guarded && !(n == null.count && UnsafeRawBufferPointer(start: p, count: n).elementsEqual(null)) {
                out.append(p, count: n)
                return
            }
            out.append(._quote)
            if guarded { out.append(0x27) }
            var start = 0
            while true {
                let k = ByteSearch.first(._quote, p, from: start, end: n)
                guard k < n else { break }
                out.append(p + start, count: k + 1 - start)
                out.append(._quote)
                start = k + 1
            }
            out.append(p + start, count: n - start)
            out.append(._quote)
        case .tsv:
            if guarded { out.append(0x27) }
            var start = 0
            var k = 0
            while true {
                k = ByteSearch.firstOf(._tab, 0x0A, 0x0D, ._backslash, p, from: k, end: n)
                guard k < n else { break }
                let escape: UInt8
                switch p.load(fromByteOffset: k, as: UInt8.self) {
                case ._tab: escape = 0x74
                case 0x0A: escape = 0x6E
                case 0x0D: escape = 0x72
                case ._backslash: escape = ._backslash
                default:  // not reached: firstOf stops only at the four bytes above
                    k += 1
                    continue
                }
                out.append(p + start, count: k - start)
                out.append(._backslash)
                out.append(escape)
                start = k + 1
                k = start
            }
            out.append(p + start, count: n - start)
        }
    }
}
