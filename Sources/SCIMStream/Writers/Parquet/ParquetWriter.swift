public import SCIMJSON

/// Writes records as a Parquet file: one typed, optional column per CSV column.
///
/// The columns are gathered exactly as the CSV writer gathers them (the same paths, joins and
/// pairs); each is stored by its ``ColumnType``: text as UTF-8 strings, booleans, timestamps
/// as microseconds since the epoch in UTC (`TIMESTAMP(MICROS, true)`), decimals as doubles,
/// integers as INT64. Several values of a text column are joined into one string (as in CSV),
/// not a LIST. Absent and null are null; an empty string stays an empty string.
///
/// Pages are PLAIN-encoded and uncompressed, with bit-packed definition levels. Rows are
/// buffered until a row group holds ``Options/rowGroupBytes``, then written: memory holds one
/// row group, whatever the number of rows. A value that does not fit its column's type (a
/// string in a boolean column, a dateTime that is not one) rejects the record, and the file
/// holds nothing of it.
public struct ParquetWriter: RecordWriter {
    /// Settings of a Parquet writer.
    public struct Options: Sendable {
        /// The columns (default: ``CSVColumn/defaults``).
        public var columns: [CSVColumn]
        /// Joins several values of a text column (default `|`).
        public var joinSeparator: String
        /// How column names are spelt.
        public var headerCase: HeaderCase
        /// Bytes of encoded values a row group holds before it is written (default 64 MiB).
        public var rowGroupBytes: Int
        /// Bytes of a column's values per data page (default 1 MiB).
        public var pageBytes: Int

        /// Creates options.
        public init(
            columns: [CSVColumn] = CSVColumn.defaults, joinSeparator: String = "|", headerCase: HeaderCase = .asIs,
            rowGroupBytes: Int = 64 << 20, pageBytes: Int = 1 << 20
        ) {
            self.columns = columns
            self.joinSeparator = joinSeparator
            self.headerCase = headerCase
            self.rowGroupBytes = rowGroupBytes
            self.pageBytes = pageBytes
        }
    }

    /// The settings.
    public let options: Options
    let layout: CSVLayout
    var chunks: [ParquetColumnChunk]
    var footer: ParquetFooter
    /// Bytes of the file written so far (the next chunk's offset).
    var offset: Int64 = 0
    var rowsInGroup = 0
    var row = CSVRowValues()
    var cell: [UInt8] = []
    /// Converted values of the typed columns of the row being written.
    var typed: [TypedValue] = []

    /// A typed cell, converted before any column is touched (so a misfit writes nothing).
    enum TypedValue {
        case null, bool(Bool), int64(Int64), double(Double), text
    }

    /// Creates a writer.
    public init(options: Options = Options()) {
        self.options = options
        var csv = CSVWriter.Options(columns: options.columns, joinSeparator: options.joinSeparator)
        csv.headerCase = options.headerCase
        layout = CSVLayout(csv)
        chunks = options.columns.map { ParquetColumnChunk(type: ColumnType($0)) }
        footer = ParquetFooter(names: options.columns.map { Array(options.headerCase.apply($0.header).utf8) }, types: chunks.map(\.type))
        typed = Array(repeating: .null, count: options.columns.count)
    }

    /// The largest text cell written (page sizes are 32-bit; this leaves room for the page).
    static let maxCellBytes = 1 << 30

    /// The magic number `PAR1`.
    static let magic: [UInt8] = Array("PAR1".utf8)

    /// Writes the leading magic number.
    public mutating func begin(to out: OutputBuffer) throws {
        out.append(Self.magic)
        offset = 4
    }

    /// Adds one row; writes the row group when it is full.
    ///
    /// - Throws: ``StageRejection`` when a value does not fit its column's type.
    public mutating func write(_ record: UserRecord, to out: OutputBuffer) throws {
        var row = self.row
        var cell = self.cell
        var chunks = self.chunks
        var typed = self.typed
        self.row = CSVRowValues()
        self.cell = []
        self.chunks = []
        self.typed = []
        defer {
            self.row = row
            self.cell = cell
            self.chunks = chunks
            self.typed = typed
        }
        let layout = self.layout
        let columns = options.columns
        let misfit: String? = record.withView { view in
            row.reset(columns: layout.columnCount)
            layout.gather(from: view, into: &row)
            // First convert every typed column: a misfit rejects the record before anything is added.
            for k in chunks.indices {
                guard row.hasValue(k) else {
                    typed[k] = .null
                    continue
                }
                if chunks[k].type == .text, row.textBound(k, joinBytes: layout.join.count) > Self.maxCellBytes {
                    return "column \(columns[k].header): a value of more than 1 GiB (a Parquet page holds at most 2 GiB)"
                }
                switch Self.convert(row, k, chunks[k].type) {
                case .success(let value): typed[k] = value
                case .failure(let reason): return "column \(columns[k].header): \(reason)"
                }
            }
            for k in chunks.indices {
                switch typed[k] {
                case .null: chunks[k].appendNull()
                case .bool(let b): chunks[k].append(bool: b)
                case .int64(let v): chunks[k].append(int64: v)
                case .double(let v): chunks[k].append(double: v)
                case .text:
                    if layout.pairs[k] == nil, let raw = row.singleRawText(k) {
                        chunks[k].append(text: raw)
                    } else {
                        cell.removeAll(keepingCapacity: true)
                        layout.appendText(k, of: row, to: &cell)
                        cell.withUnsafeBytes { chunks[k].append(text: $0) }
                    }
                }
            }
            return nil
        }
        if let misfit { throw StageRejection(stage: "parquet", reason: misfit) }
        rowsInGroup += 1
        var held = 0
        for k in chunks.indices {
            if chunks[k].openPageBytes >= options.pageBytes { chunks[k].closePage() }
            held += chunks[k].bufferedBytes
        }
        if held >= options.rowGroupBytes {
            try writeRowGroup(&chunks, to: out)
        }
    }

    /// The typed value of column `k`, or why it does not fit.
    static func convert(_ row: CSVRowValues, _ k: Int, _ type: ColumnType) -> Result<TypedValue, Misfit> {
        if type == .text { return .success(.text) }
        guard let value = row.single(k) else { return .failure(Misfit("several values for a single \(type) value")) }
        switch type {
        case .text:
            return .success(.text)  // returned above already; the switch stays exhaustive
        case .boolean:
            guard let b = value.bool else { return .failure(Misfit("a \(value.kind) is not a boolean")) }
            return .success(.bool(b))
        case .timestamp:
            guard let text = value.stringBytes(), let instant = DateTimeInstant(text) else {
                return .failure(Misfit(value.kind == .string ? "not an xsd:dateTime" : "a \(value.kind) is not an xsd:dateTime"))
            }
            let (micros, overflow) = instant.seconds.multipliedReportingOverflow(by: 1_000_000)
            guard !overflow else { return .failure(Misfit("a dateTime out of the range of microseconds since 1970")) }
            return .success(.int64(micros + instant.nanoseconds / 1000))
        case .decimal:
            guard value.kind == .number, let d = Double(String(decoding: value.bytes, as: UTF8.self)), d.isFinite else {
                return .failure(Misfit(value.kind == .number ? "a number out of a double's range" : "a \(value.kind) is not a number"))
            }
            return .success(.double(d))
        case .integer:
            guard value.kind == .number, let v = Int64(String(decoding: value.bytes, as: UTF8.self)) else {
                return .failure(Misfit("not a whole number within 64 bits"))
            }
            return .success(.int64(v))
        }
    }

    /// Why a value does not fit its column.
    struct Misfit: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Writes the buffered rows as one row group.
    private mutating func writeRowGroup(_ chunks: inout [ParquetColumnChunk], to out: OutputBuffer) throws {
        guard rowsInGroup > 0 else { return }
        var written: [ParquetFooter.Chunk] = []
        for k in chunks.indices {
            let (pages, rows) = chunks[k].take()
            written.append(.init(offset: offset, size: Int64(pages.count), rows: Int64(rows)))
            out.append(pages)
            offset += Int64(pages.count)
            try out.flush()
        }
        footer.rowGroups.append(.init(chunks: written, rows: Int64(rowsInGroup)))
        rowsInGroup = 0
    }

    /// Writes the last row group, the footer, its length and the closing magic number.
    public mutating func end(to out: OutputBuffer) throws {
        var chunks = self.chunks
        try writeRowGroup(&chunks, to: out)
        self.chunks = chunks
        let meta = footer.encoded(createdBy: "scimstream")
        out.append(meta)
        withUnsafeBytes(of: UInt32(meta.count).littleEndian) { out.append($0) }
        out.append(Self.magic)
    }
}
