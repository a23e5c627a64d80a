import SCIMJSON

/// Finds a record member whose name appears twice: SCIM names ignore case (RFC 7643 §2.1), so
/// `userName` and `USERNAME`, or `userName` and `user\u004eame`, name one attribute, and a
/// server may read the first copy where a stage reads the last. Such a record is refused.
enum DuplicateMembers {
    /// The name (decoded, as first written) of the first member that repeats an earlier one,
    /// or nil. `record` points at the record's first byte; `fields` is its member table.
    ///
    /// Cost: keys without escapes can only repeat one of the same length, so each key is
    /// compared (ASCII case folded) with the earlier keys of its length only, found through a
    /// chain per length. A key with escapes (rare) sends the record to
    /// the full comparison of every pair.
    static func find(_ record: UnsafeRawPointer, _ fields: [RecordField]) -> String? {
        guard fields.count > 1 else { return nil }
        let lengths = 64
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: lengths + fields.count) { table -> String? in
            let lastOfLength = table.baseAddress!, previous = lastOfLength + lengths
            lastOfLength.initialize(repeating: -1, count: lengths)
            for j in fields.indices {
                let field = fields[j]
                if field.flags.contains(.keyHasEscapes) { return findComparingAll(record, fields) }
                // Keys whose lengths agree modulo 64 share a chain (a longer one only costs a compare).
                let length = (field.keyEnd &- field.keyStart) & (lengths - 1)
                var i = Int(lastOfLength[length])
                while i >= 0 {
                    if sameName(record, fields[i], field) { return name(record, fields[i]) }
                    i = Int(previous[i])
                }
                previous[j] = lastOfLength[length]
                lastOfLength[length] = Int32(j)
            }
            return nil
        }
    }

    /// ``find(_:_:)`` for a table with an escaped key: the first pair of equal names.
    static func findComparingAll(_ record: UnsafeRawPointer, _ fields: [RecordField]) -> String? {
        for j in 1..<fields.count {
            for i in 0..<j where sameName(record, fields[i], fields[j]) { return name(record, fields[i]) }
        }
        return nil
    }

    /// The decoded name of a member, as written.
    static func name(_ record: UnsafeRawPointer, _ field: RecordField) -> String {
        var name: [UInt8] = []
        JSONString.decode(record, start: field.keyStart, end: field.keyEnd, into: &name)
        return String(decoding: name, as: UTF8.self)
    }

    /// True when two keys name the same attribute (escapes decoded, ASCII case ignored).
    static func sameName(_ record: UnsafeRawPointer, _ a: RecordField, _ b: RecordField) -> Bool {
        if !a.flags.contains(.keyHasEscapes) && !b.flags.contains(.keyHasEscapes) {
            let length = a.keyEnd - a.keyStart
            guard length == b.keyEnd - b.keyStart else { return false }
            for k in 1..<(length - 1) {
                let x = record.load(fromByteOffset: a.keyStart + k, as: UInt8.self).asciiLowercased
                let y = record.load(fromByteOffset: b.keyStart + k, as: UInt8.self).asciiLowercased
                if x != y { return false }
            }
            return true
        }
        var x: [UInt8] = [], y: [UInt8] = []
        JSONString.decode(record, start: a.keyStart, end: a.keyEnd, into: &x)
        JSONString.decode(record, start: b.keyStart, end: b.keyEnd, into: &y)
        return x.count == y.count && zip(x, y).allSatisfy { $0.asciiLowercased == $1.asciiLowercased }
    }
}
