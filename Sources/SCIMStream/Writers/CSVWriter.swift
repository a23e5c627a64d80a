/// Writes records as CSV (RFC 4180) or TSV rows for warehouse loading.
///
/// Columns are fixed before the first row, so the header never changes mid-stream. A cell
/// holds every value its path selects, joined by ``Options/joinSeparator``: strings decoded,
/// numbers as their original text, booleans as `true`/`false`, a complex value by its `value`
/// (so Genesys `roles` as `{"value": …}` objects or as plain strings both give the names).
///
/// CSV quotes a field holding the delimiter, a quote, CR or LF, doubling embedded quotes. An
/// absent or null attribute is an empty, unquoted field; an empty string is `""`, so loaders
/// that tell NULL from empty (PostgreSQL, DuckDB) keep the difference. TSV escapes tab, CR, LF
/// and backslash as `\t`, `\r`, `\n`, `\\` and cannot tell NULL from empty.
public struct CSVWriter: RecordWriter, Sendable {
    /// Field separator and escaping rules.
    public enum Dialect: String, Sendable {
        /// Comma-separated, RFC 4180 quoting.
        case csv
        /// Tab-separated, backslash escapes.
        case tsv
    }

    /// Settings of a CSV or TSV writer.
    public struct Options: Sendable {
        /// CSV or TSV.
        public var dialect: Dialect
        /// The columns (default: ``CSVColumn/defaults``).
        public var columns: [CSVColumn]
        /// Joins several values in one cell (default `|`).
        public var joinSeparator: String
        /// Write a header row (default true).
        public var header: Bool
        /// End lines with CRLF instead of LF.
        public var crlf: Bool
        /// Prefix cells starting with `=`, `+`, `-`, `@`, tab or CR with `'` (spreadsheet formula injection).
        public var spreadsheetSafe: Bool

        /// Creates options.
        public init(dialect: Dialect = .csv, columns: [CSVColumn] = CSVColumn.defaults, joinSeparator: String = "|",
                    header: Bool = true, crlf: Bool = false, spreadsheetSafe: Bool = false) {
            self.dialect = dialect
            self.columns = columns
            self.joinSeparator = joinSeparator
            self.header = header
            self.crlf = crlf
            self.spreadsheetSafe = spreadsheetSafe
        }
    }

    /// The settings.
    public let options: Options
    let plans: [CompiledPath]
    /// Columns by the top-level member they read, so a row is one pass over the members.
    let groups: [CSVColumnGroup]
    /// The groups' key lengths, in the same order.
    let groupKeyLengths: [Int]
    /// Cell contents of the current row (reused) and how many values each holds.
    var cells: [[UInt8]]
    var counts: [Int]
    let delimiter: UInt8
    let join: [UInt8]
    let lineEnd: [UInt8]
    static let valueName = Array("value".utf8)

    /// Creates a writer.
    public init(options: Options = Options()) {
        self.options = options
        plans = options.columns.map { CompiledPath($0.path) }
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
        let groups = grouped.map { CSVColumnGroup(key: $0.key, columns: $0.columns) }
        groupKeyLengths = groups.map(\.key.count)
        self.groups = groups
        cells = Array(repeating: [], count: plans.count)
        counts = Array(repeating: 0, count: plans.count)
        delimiter = options.dialect == .csv ? ._comma : ._tab
        join = Array(options.joinSeparator.utf8)
        lineEnd = options.crlf ? [0x0D, 0x0A] : [0x0A]
    }

    /// Writes the header row (unless turned off).
    public mutating func begin(to out: OutputBuffer) throws {
        guard options.header else { return }
        for (k, column) in options.columns.enumerated() {
            if k > 0 { out.append(delimiter) }
            writeCell(Array(column.header.utf8), hadValue: true, to: out)
        }
        out.append(lineEnd)
    }

    /// Writes one row.
    public mutating func write(_ record: UserRecord, to out: OutputBuffer) throws {
        // Take the row buffers out of `self` so they stay uniquely referenced while filled.
        var cells = self.cells
        var counts = self.counts
        self.cells = []
        self.counts = []
        for k in cells.indices {
            cells[k].removeAll(keepingCapacity: true)
            counts[k] = 0
        }
        let groups = self.groups
        let lengths = self.groupKeyLengths
        let join = self.join
        record.withView { view in Self.fill(&cells, &counts, from: view, groups: groups, lengths: lengths, join: join) }
        for k in cells.indices {
            if k > 0 { out.append(delimiter) }
            writeCell(cells[k], hadValue: counts[k] > 0, to: out)
        }
        out.append(lineEnd)
        self.cells = cells
        self.counts = counts
    }

    /// One pass over the record's members: each member feeds the columns of its group.
    static func fill(
        _ cells: inout [[UInt8]], _ counts: inout [Int], from view: RecordView, groups: [CSVColumnGroup],
        lengths: [Int], join: [UInt8]
    ) {
        var slots: [JSONSlice?] = []
        for i in view.fields.indices where !view.fields[i].isRemoved {
            // Key lengths rule out most groups before any byte is compared (escaped keys: compare all).
            let f = view.fields[i]
            let length = f.flags.contains(.keyHasEscapes) ? -1 : f.keyEnd - f.keyStart - 2
            for g in lengths.indices where (length < 0 || lengths[g] == length) && view.keyMatches(i, groups[g].key) {
                let group = groups[g]
                let member = view.value(i)
                if let recipe = group.recipe {
                    if slots.count < recipe.names.count { slots = Array(repeating: nil, count: recipe.names.count) }
                    fill(&cells, &counts, recipe: recipe, member: member, join: join, slots: &slots)
                    continue
                }
                for column in group.columns {
                    // With duplicate keys the last member wins, as everywhere else.
                    cells[column.index].removeAll(keepingCapacity: true)
                    counts[column.index] = 0
                    guard let base = column.inExtension ? member.member(column.path.name) : member else { continue }
                    var count = 0
                    _ = column.path.walk(from: base) { value in
                        if appendValue(value, to: &cells[column.index], first: count == 0, join: join) { count += 1 }
                        return false
                    }
                    counts[column.index] = count
                }
            }
        }
    }

    /// Appends one value's text (with the join separator before all but the first); false for null.
    static func appendValue(_ value: JSONSlice, to cell: inout [UInt8], first: Bool, join: [UInt8]) -> Bool {
        var value = value
        if value.kind == .object, let inner = value.member(valueName) { value = inner }
        if value.kind == .null { return false }
        if !first { cell.append(contentsOf: join) }
        switch value.kind {
        case .string:
            if value.stringHasEscapes {
                JSONString.decode(value.base, start: value.start, end: value.end, into: &cell)
            } else {
                cell.append(contentsOf: UnsafeRawBufferPointer(start: value.base + value.start + 1, count: value.end - value.start - 2))
            }
        case .object, .array:
            // A complex value without `value`: its compact JSON.
            cell.append(contentsOf: JSONValue(slice: value).jsonBytes)
        default:
            cell.append(contentsOf: value.bytes)  // number text, true, false
        }
        return true
    }

    /// Writes one escaped cell.
    func writeCell(_ cell: [UInt8], hadValue: Bool, to out: OutputBuffer) {
        let guarded = options.spreadsheetSafe && cell.first.map { [._equals, ._plus, ._minus, ._at, ._tab, 0x0D].contains($0) } == true
        switch options.dialect {
        case .csv:
            let needsQuotes = guarded || cell.contains { $0 == ._comma || $0 == ._quote || $0 == 0x0A || $0 == 0x0D }
            if cell.isEmpty {
                if hadValue { out.append(._quote); out.append(._quote) }  // "" = empty string, not NULL
                return
            }
            if !needsQuotes {
                out.append(cell)
                return
            }
            out.append(._quote)
            if guarded { out.append(0x27) }
            var start = 0
            for (k, b) in cell.enumerated() where b == ._quote {
                cell.withUnsafeBytes { out.append(UnsafeRawBufferPointer(rebasing: $0[start...k])) }
                out.append(._quote)
                start = k + 1
            }
            cell.withUnsafeBytes { out.append(UnsafeRawBufferPointer(rebasing: $0[start...])) }
            out.append(._quote)
        case .tsv:
            if guarded { out.append(0x27) }
            for b in cell {
                switch b {
                case ._tab: out.append(._backslash); out.append(0x74)
                case 0x0A: out.append(._backslash); out.append(0x6E)
                case 0x0D: out.append(._backslash); out.append(0x72)
                case ._backslash: out.append(._backslash); out.append(._backslash)
                default: out.append(b)
                }
            }
        }
    }
}
