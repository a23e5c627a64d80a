/// Copies valid JSON while dropping insignificant whitespace; string contents are untouched.
@usableFromInline package enum JSONMinifier {
    /// Appends `bytes` (one valid JSON value) to `out` without whitespace between tokens.
    @inlinable package static func append<Target: ByteAppender>(_ bytes: UnsafeRawBufferPointer, to out: inout Target) {
        guard let base = bytes.baseAddress else { return }
        let end = bytes.count
        var i = 0
        var runStart = 0
        while i < end {
            let b = base.load(fromByteOffset: i, as: UInt8.self)
            if b == ._quote {
                // Skip to the closing quote, past escaped characters.
                i += 1
                while true {
                    i = ByteSearch.firstQuoteOrBackslash(base, from: i, end: end)
                    guard i < end else { break }
                    if base.load(fromByteOffset: i, as: UInt8.self) == ._backslash {
                        i += 2
                        continue
                    }
                    i += 1
                    break
                }
            } else if b.isJSONWhitespace {
                if i > runStart { out.append(UnsafeRawBufferPointer(start: base + runStart, count: i - runStart)) }
                i += 1
                while i < end && base.load(fromByteOffset: i, as: UInt8.self).isJSONWhitespace { i += 1 }
                runStart = i
            } else {
                i += 1
            }
        }
        if end > runStart { out.append(UnsafeRawBufferPointer(start: base + runStart, count: end - runStart)) }
    }
}
