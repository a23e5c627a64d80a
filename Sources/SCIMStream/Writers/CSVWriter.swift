public import SCIMJSON

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
    /// Each row depends on its record only (the header is written once, by ``begin(to:)``).
    public var runsOnCopies: Bool { true }

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
        /// The text of an absent or null cell; nil: the dialect's (CSV an empty unquoted field,
        /// TSV `\N`, PostgreSQL's text format). An empty string stays apart from it in both.
        public var nullText: String?
        /// How header names are spelt.
        public var headerCase = HeaderCase.asIs

        /// Creates options.
        public init(
            dialect: Dialect = .csv, columns: [CSVColumn] = CSVColumn.defaults, joinSeparator: String = "|",
            header: Bool = true, crlf: Bool = false, spreadsheetSafe: Bool = false
        ) {
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
    /// The columns compiled: what to gather from a record and how to write cells.
    let layout: CSVLayout
    /// The current row's values and one cell's text, reused from row to row.
    var row = CSVRowValues()
    var cell: [UInt8] = []

    /// Creates a writer.
    public init(options: Options = Options()) {
        self.options = options
        layout = CSVLayout(options)
    }

    /// Writes the header row (unless turned off).
    public mutating func begin(to out: OutputBuffer) throws {
        guard options.header else { return }
        for (k, column) in options.columns.enumerated() {
            if k > 0 { out.append(layout.delimiter) }
            Array(options.headerCase.apply(column.header).utf8).withUnsafeBytes { layout.writeCell($0, to: out) }
        }
        out.append(layout.lineEnd)
    }

    /// Writes one row.
    public mutating func write(_ record: UserRecord, to out: OutputBuffer) throws {
        // Take the reused storage out of `self` so it stays uniquely referenced while filled,
        // and let the closure capture only locals (capturing `self` copies the writer per call).
        var row = self.row
        var cell = self.cell
        self.row = CSVRowValues()
        self.cell = []
        let layout = self.layout
        record.withView { view in layout.writeRow(view, row: &row, cell: &cell, to: out) }
        self.row = row
        self.cell = cell
    }
}
