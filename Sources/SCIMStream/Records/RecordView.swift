import SCIMJSON

/// A read-only view of a record's current members, for code that navigates values as slices.
///
/// Valid only inside ``UserRecord/withView(_:)``: slices point into the record's bytes and
/// edit arena.
struct RecordView {
    let bytes: UnsafeRawPointer
    let arena: UnsafeRawPointer
    let fields: [RecordField]
    /// Where the values of `bytes` end, when the reader tabled them (``ValueEnds``).
    let ends: UnsafePointer<UInt32>?

    /// The current value of field `index`.
    @inline(__always)
    func value(_ index: Int) -> JSONSlice {
        let f = fields[index]
        if f.flags.contains(.valueInArena) { return JSONSlice(base: arena, start: f.valueStart, end: f.valueEnd) }
        return JSONSlice(base: bytes, start: f.valueStart, end: f.valueEnd, ends: ends)
    }

    /// The key of field `index` (with quotes).
    @inline(__always)
    func key(_ index: Int) -> JSONSlice {
        let f = fields[index]
        let base = f.flags.contains(.keyInArena) ? arena : bytes
        return JSONSlice(base: base, start: f.keyStart, end: f.keyEnd)
    }

    /// True when field `index` is live and its key equals `lowercaseName` ignoring ASCII case.
    @inline(__always)
    func keyMatches(_ index: Int, _ lowercaseName: [UInt8]) -> Bool {
        let f = fields[index]
        if f.isRemoved { return false }
        if f.flags.isDisjoint(with: [.keyInArena, .keyHasEscapes]) {
            return KeyName.matches(bytes, start: f.keyStart, end: f.keyEnd, hasEscapes: false, lowercaseName)
        }
        let base = f.flags.contains(.keyInArena) ? arena : bytes
        return KeyName.matches(base, start: f.keyStart, end: f.keyEnd, hasEscapes: f.flags.contains(.keyHasEscapes), lowercaseName)
    }

    /// Index of the last live member named `lowercaseName`, or nil.
    func fieldIndex(_ lowercaseName: [UInt8]) -> Int? {
        var i = fields.count - 1
        while i >= 0 {
            if keyMatches(i, lowercaseName) { return i }
            i -= 1
        }
        return nil
    }

    /// The value of the last live member named `lowercaseName`, or nil.
    func member(_ lowercaseName: [UInt8]) -> JSONSlice? {
        fieldIndex(lowercaseName).map(value)
    }
}

extension UserRecord {
    /// Calls `body` with a read-only view of the record's current members.
    func withView<R>(_ body: (RecordView) throws -> R) rethrows -> R {
        let s = storage
        return try s.arena.withUnsafeBytes { arena in
            try body(
                RecordView(
                    bytes: UnsafeRawPointer(s.bytes),
                    arena: arena.baseAddress ?? UnsafeRawPointer(JSONTokenizer.emptyWindow),
                    fields: s.fields, ends: s.hasValueEnds ? UnsafePointer(s.valueEnds.ends) : nil))
        }
    }
}
