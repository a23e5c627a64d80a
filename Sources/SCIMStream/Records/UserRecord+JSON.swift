// Writing a record back as compact JSON.

extension UserRecord {
    /// Appends the record as one line of compact JSON (no trailing newline) to `out`.
    ///
    /// Untouched members are copied byte for byte; only insignificant whitespace between
    /// tokens is dropped. A record nothing changed and without whitespace is one copy.
    public func writeJSON(to out: OutputBuffer) {
        let s = storage
        if !s.isModified && !s.hasWhitespace {
            out.append(s.bytes, count: s.count)
            return
        }
        out.append(._openBrace)
        var first = true
        for i in s.fields.indices {
            let f = s.fields[i]
            if f.isRemoved { continue }
            if !first { out.append(._comma) }
            first = false
            withKeyBytes(i) { out.append($0) }
            out.append(._colon)
            withValueBytes(i) { value in
                if f.flags.contains(.valueHasWhitespace) {
                    JSONMinifier.append(value, to: out)
                } else {
                    out.append(value)
                }
            }
        }
        out.append(._closeBrace)
    }

    /// The record as compact JSON bytes.
    public func jsonBytes() -> [UInt8] {
        let sink = MemorySink()
        let out = OutputBuffer(sink: sink, flushThreshold: 4096)
        writeJSON(to: out)
        try? out.flush()  // a memory sink cannot fail
        return sink.bytes
    }

    /// The record as compact JSON text.
    public var jsonText: String { String(decoding: jsonBytes(), as: UTF8.self) }
}
