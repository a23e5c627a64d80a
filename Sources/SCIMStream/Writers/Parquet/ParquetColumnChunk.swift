/// One column of the row group being filled: its data pages so far, PLAIN-encoded, each with
/// its definition levels (bit-packed, bit width 1: 0 for null, 1 for a value).
struct ParquetColumnChunk {
    /// Parquet physical types (`Type` in parquet.thrift).
    enum PhysicalType: Int32 {
        case boolean = 0, int64 = 2, double = 5, byteArray = 6

        /// How a column of `type` is stored.
        init(_ type: ColumnType) {
            switch type {
            case .text: self = .byteArray
            case .boolean: self = .boolean
            case .timestamp, .integer: self = .int64
            case .decimal: self = .double
            }
        }
    }

    let type: ColumnType
    let physical: PhysicalType
    /// Closed pages: header and body, ready to be written.
    private(set) var pages: [UInt8] = []
    /// Rows in the chunk (closed pages and the open one).
    private(set) var rows = 0
    /// Definition levels of the open page, 8 per byte, first row in the lowest bit.
    private var levels: [UInt8] = []
    private var pageRows = 0
    /// Values of the open page (booleans: 8 per byte like the levels).
    private var values: [UInt8] = []
    private var pageValues = 0

    init(type: ColumnType) {
        self.type = type
        physical = PhysicalType(type)
    }

    /// Bytes held: closed pages and the open page.
    var bufferedBytes: Int { pages.count + levels.count + values.count }

    /// Bytes of the open page's values.
    var openPageBytes: Int { levels.count + values.count }

    /// Adds a row's definition level.
    private mutating func level(_ defined: Bool) {
        if pageRows & 7 == 0 { levels.append(0) }
        if defined { levels[levels.count - 1] |= 1 << UInt8(pageRows & 7) }
        pageRows += 1
        rows += 1
    }

    /// A null cell.
    mutating func appendNull() { level(false) }

    /// A string cell: 4-byte little-endian length, then the bytes.
    mutating func append(text: UnsafeRawBufferPointer) {
        level(true)
        appendLittleEndian(UInt32(text.count))
        values.append(contentsOf: text)
        pageValues += 1
    }

    /// A boolean cell, bit-packed.
    mutating func append(bool: Bool) {
        level(true)
        if pageValues & 7 == 0 { values.append(0) }
        if bool { values[values.count - 1] |= 1 << UInt8(pageValues & 7) }
        pageValues += 1
    }

    /// An INT64 cell (timestamps in microseconds since the epoch, UTC).
    mutating func append(int64: Int64) {
        level(true)
        appendLittleEndian(UInt64(bitPattern: int64))
        pageValues += 1
    }

    /// A DOUBLE cell.
    mutating func append(double: Double) {
        level(true)
        appendLittleEndian(double.bitPattern)
        pageValues += 1
    }

    private mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { values.append(contentsOf: $0) }
    }

    /// Closes the open page (if it has rows): a DataPage header, the levels as one bit-packed
    /// run of the RLE/bit-packing hybrid behind their 4-byte length, then the values.
    mutating func closePage() {
        guard pageRows > 0 else { return }
        var run: [UInt8] = []
        var header = UInt64(levels.count) << 1 | 1  // bit-packed groups of 8
        while header >= 0x80 {
            run.append(UInt8(header & 0x7F) | 0x80)
            header >>= 7
        }
        run.append(UInt8(header))
        run += levels
        let bodySize = 4 + run.count + values.count
        var thrift = ThriftCompactWriter()
        thrift.i32(1, 0)  // DATA_PAGE
        thrift.i32(2, Int32(bodySize))
        thrift.i32(3, Int32(bodySize))  // uncompressed
        thrift.structure(5) { page in
            page.i32(1, Int32(pageRows))
            page.i32(2, 0)  // PLAIN
            page.i32(3, 3)  // RLE (the hybrid) for definition levels
            page.i32(4, 3)  // and repetition levels (none: flat columns)
        }
        pages += thrift.finish()
        withUnsafeBytes(of: UInt32(run.count).littleEndian) { pages.append(contentsOf: $0) }
        pages += run
        pages += values
        levels.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        pageRows = 0
        pageValues = 0
    }

    /// Hands over the closed pages and starts an empty chunk.
    mutating func take() -> (pages: [UInt8], rows: Int) {
        closePage()
        defer {
            pages = []
            rows = 0
        }
        return (pages, rows)
    }
}
