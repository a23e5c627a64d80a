/// The compact JSON text of a value with its strings re-escaped canonically: the same bytes
/// as `JSONValue(slice:).jsonBytes`, made in one linear pass without building a tree.
///
/// CSV cells show complex values this way; the tree it replaces recursed once per level (a
/// value 100,000 levels deep overflowed the stack) and re-scanned each level (quadratic).
@usableFromInline package enum JSONCompactText {
    /// Appends the compact text of `value` (valid JSON) to `out`.
    @inlinable package static func append(_ value: JSONSlice, to out: inout [UInt8]) {
        let p = value.base
        let end = value.end
        var i = value.start
        while i < end {
            let b = p.load(fromByteOffset: i, as: UInt8.self)
            if b == ._quote {
                let stringEnd = JSONScan.skipString(p, i, end)
                let string = JSONSlice(base: p, start: i, end: stringEnd)
                if string.stringHasEscapes {
                    JSONEscaping.appendQuoted(string.string ?? "", to: &out)
                } else {
                    // No escapes: the content is valid UTF-8 without quotes or controls; it
                    // goes through String only to repair invalid UTF-8 as the tree does.
                    if ByteSearch.containsNonASCII(p, from: i + 1, end: stringEnd - 1) {
                        let content = UnsafeRawBufferPointer(start: p + i + 1, count: stringEnd - i - 2)
                        JSONEscaping.appendQuoted(String(decoding: content, as: UTF8.self), to: &out)
                    } else {
                        out.append(contentsOf: UnsafeRawBufferPointer(start: p + i, count: stringEnd - i))
                    }
                }
                i = stringEnd
            } else {
                if !b.isJSONWhitespace { out.append(b) }
                i += 1
            }
        }
    }
}
