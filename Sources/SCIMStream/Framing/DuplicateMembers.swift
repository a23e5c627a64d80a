import SCIMJSON

/// Finds a record member whose name appears twice: SCIM names ignore case (RFC 7643 §2.1), so
/// `userName` and `USERNAME`, or `userName` and `user\u004eame`, name one attribute, and a
/// server may read the first copy where a stage reads the last. Such a record is refused.
enum DuplicateMembers {
    /// The name (decoded, as first written) of the first member that repeats an earlier one,
    /// or nil. `record` points at the record's first byte; `fields` is its member table.
    ///
    /// Cost: one pass hashing each key into a 64-bit set; only members whose hashes collide
    /// are compared byte by byte.
    static func find(_ record: UnsafeRawPointer, _ fields: [RecordField]) -> String? {
        guard fields.count > 1 else { return nil }
        var seen: UInt64 = 0
        var collides = false
        for field in fields {
            // An escaped key may equal any other: compare everything (rare).
            if field.flags.contains(.keyHasEscapes) { collides = true; break }
            let bit: UInt64 = 1 << slot(record, field)
            if seen & bit != 0 { collides = true }
            seen |= bit
        }
        guard collides else { return nil }
        for j in 1..<fields.count {
            let s = slot(record, fields[j])
            for i in 0..<j
            where (s == 63 || slot(record, fields[i]) == s || slot(record, fields[i]) == 63)
                && sameName(record, fields[i], fields[j])
            {
                var name: [UInt8] = []
                JSONString.decode(record, start: fields[i].keyStart, end: fields[i].keyEnd, into: &name)
                return String(decoding: name, as: UTF8.self)
            }
        }
        return nil
    }

    /// A hash of the key in 0..<64 that equal names share. Keys with escapes all share slot 63.
    static func slot(_ record: UnsafeRawPointer, _ field: RecordField) -> Int {
        if field.flags.contains(.keyHasEscapes) { return 63 }
        let length = field.keyEnd - field.keyStart - 2
        guard length > 0 else { return 0 }
        let first = Int(record.load(fromByteOffset: field.keyStart + 1, as: UInt8.self).asciiLowercased)
        let last = Int(record.load(fromByteOffset: field.keyEnd - 2, as: UInt8.self).asciiLowercased)
        return (length &* 7 &+ first &+ last &* 3) % 63
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
