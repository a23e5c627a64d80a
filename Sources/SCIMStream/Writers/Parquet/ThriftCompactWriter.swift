/// Writes Thrift structures in the compact protocol, the encoding of Parquet's metadata
/// (page headers and the file footer).
///
/// Only what Parquet's metadata uses: structs, i32, i64, bool, binary and lists of structs,
/// i32 or binary. Fields are written in increasing id order, as the protocol's deltas assume.
struct ThriftCompactWriter {
    /// The encoded bytes.
    private(set) var bytes: [UInt8] = []
    /// The last field id of each open struct (the innermost last).
    private var lastField: [Int16] = [0]

    /// Compact protocol type codes.
    enum FieldType: UInt8 {
        case boolTrue = 1, boolFalse = 2, i32 = 5, i64 = 6, binary = 8, list = 9, structure = 12
    }

    /// Writes a field header for field `id` of `type`.
    private mutating func fieldHeader(_ id: Int16, _ type: FieldType) {
        let delta = id - lastField[lastField.count - 1]
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            varint(zigzag(Int64(id)))
        }
        lastField[lastField.count - 1] = id
    }

    private func zigzag(_ v: Int64) -> UInt64 { UInt64(bitPattern: (v << 1) ^ (v >> 63)) }

    private mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// An i32 field.
    mutating func i32(_ id: Int16, _ value: Int32) {
        fieldHeader(id, .i32)
        varint(zigzag(Int64(value)))
    }

    /// An i64 field.
    mutating func i64(_ id: Int16, _ value: Int64) {
        fieldHeader(id, .i64)
        varint(zigzag(value))
    }

    /// A bool field (the value is in the field header).
    mutating func bool(_ id: Int16, _ value: Bool) {
        fieldHeader(id, value ? .boolTrue : .boolFalse)
    }

    /// A binary (string) field.
    mutating func binary(_ id: Int16, _ value: [UInt8]) {
        fieldHeader(id, .binary)
        varint(UInt64(value.count))
        bytes += value
    }

    /// A struct field whose members `body` writes.
    mutating func structure(_ id: Int16, _ body: (inout ThriftCompactWriter) -> Void) {
        fieldHeader(id, .structure)
        structBody(body)
    }

    /// The members of a struct and its stop byte (for a struct field or a list element).
    private mutating func structBody(_ body: (inout ThriftCompactWriter) -> Void) {
        lastField.append(0)
        body(&self)
        bytes.append(0)
        lastField.removeLast()
    }

    private mutating func listHeader(_ id: Int16, count: Int, _ element: FieldType) {
        fieldHeader(id, .list)
        if count < 15 {
            bytes.append(UInt8(count) << 4 | element.rawValue)
        } else {
            bytes.append(0xF0 | element.rawValue)
            varint(UInt64(count))
        }
    }

    /// A list of structs, each written by `body`.
    mutating func structList<T>(_ id: Int16, _ elements: [T], _ body: (inout ThriftCompactWriter, T) -> Void) {
        listHeader(id, count: elements.count, .structure)
        for element in elements { structBody { body(&$0, element) } }
    }

    /// A list of i32.
    mutating func i32List(_ id: Int16, _ values: [Int32]) {
        listHeader(id, count: values.count, .i32)
        for v in values { varint(zigzag(Int64(v))) }
    }

    /// A list of binary strings.
    mutating func binaryList(_ id: Int16, _ values: [[UInt8]]) {
        listHeader(id, count: values.count, .binary)
        for v in values {
            varint(UInt64(v.count))
            bytes += v
        }
    }

    /// Ends the outermost struct (a page header or the footer).
    mutating func finish() -> [UInt8] {
        bytes.append(0)
        return bytes
    }
}
