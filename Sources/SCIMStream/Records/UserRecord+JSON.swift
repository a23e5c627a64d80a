// Writing a record back as compact JSON.

public import SCIMJSON

extension UserRecord {
    /// Appends the record as one line of compact JSON (no trailing newline) to `out`.
    ///
    /// Untouched members are copied byte for byte; only insignificant whitespace between
    /// tokens is dropped. A record nothing changed and without whitespace is one copy.
    public func writeJSON(to out: OutputBuffer) {
        var target = out
        writeJSON(into: &target)
    }

    /// Appends the record's compact JSON to a byte array (no allocation beyond the array's growth).
    public func appendJSON(to bytes: inout [UInt8]) {
        writeJSON(into: &bytes)
    }

    func writeJSON<Target: ByteAppender>(into out: inout Target) {
        let s = storage
        if !s.isModified && !s.hasWhitespace {
            out.append(UnsafeRawBufferPointer(start: s.bytes, count: s.count))
            return
        }
        out.append(._openBrace)
        var first = true
        let fields = s.fields
        let edited: RecordField.Flags = [.removed, .keyInArena, .valueInArena, .valueHasWhitespace]
        let compact = !s.hasWhitespace
        var i = 0
        while i < fields.count {
            let f = fields[i]
            i += 1
            if f.isRemoved { continue }
            if !first { out.append(._comma) }
            first = false
            if compact && f.flags.isDisjoint(with: edited) {
                // Untouched members of a record without whitespace, following each other in
                // the original bytes (a bare comma between them), are copied in one piece.
                var end = f.valueEnd
                while i < fields.count && fields[i].flags.isDisjoint(with: edited) && fields[i].keyStart == end + 1
                    && s.bytes.load(fromByteOffset: end, as: UInt8.self) == ._comma
                {
                    end = fields[i].valueEnd
                    i += 1
                }
                out.append(UnsafeRawBufferPointer(start: s.bytes + f.keyStart, count: end - f.keyStart))
                continue
            }
            withKeyBytes(i - 1) { out.append($0) }
            out.append(._colon)
            withValueBytes(i - 1) { value in
                if f.flags.contains(.valueHasWhitespace) {
                    JSONMinifier.append(value, to: &out)
                } else {
                    out.append(value)
                }
            }
        }
        out.append(._closeBrace)
    }

    /// The record as compact JSON bytes.
    public func jsonBytes() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(storage.count)
        appendJSON(to: &bytes)
        return bytes
    }

    /// The record as compact JSON text.
    public var jsonText: String { String(decoding: jsonBytes(), as: UTF8.self) }
}
