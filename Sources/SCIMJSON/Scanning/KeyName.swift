/// The one test of a JSON member key against a SCIM attribute name: SCIM names ignore case
/// (RFC 7643 §2.1), and a key may be written with escapes (`"p\\u0061ssword"`).
///
/// Every lookup of a member by name (records, views, slices, the reader's fast path, the
/// framer) goes through ``matches(_:start:end:hasEscapes:_:)``.
@usableFromInline package enum KeyName {
    /// True when the key token `[start, end)` of `base` (quotes included) equals `lowercaseName`
    /// ignoring ASCII case, escapes decoded; `hasEscapes` says whether the token holds a
    /// backslash (the member table records it).
    ///
    /// - Parameter lowercaseName: lower-case ASCII.
    @inlinable
    package static func matches(
        _ base: UnsafeRawPointer, start: Int, end: Int, hasEscapes: Bool, _ lowercaseName: [UInt8]
    ) -> Bool {
        let length = end &- start &- 2
        // Escaped text decodes to fewer bytes than it takes: a key as long as the name matches
        // only byte for byte, a shorter one never, a longer one only through its escapes.
        if length == lowercaseName.count {
            return lowercaseName.withUnsafeBufferPointer {
                ASCIICase.equalsLowercased(base + start + 1, $0.baseAddress!, count: length)
            }
        }
        guard hasEscapes, length > lowercaseName.count else { return false }
        return matchesEscaped(base, start: start, end: end, lowercaseName)
    }

    /// ``matches(_:start:end:hasEscapes:_:)`` for a token not known to be free of escapes: it
    /// is searched for a backslash only when it is longer than the name.
    @inlinable
    package static func matches(_ base: UnsafeRawPointer, start: Int, end: Int, _ lowercaseName: [UInt8]) -> Bool {
        let mayMatchThroughEscapes =
            end &- start &- 2 > lowercaseName.count
            && ByteSearch.first(._backslash, base, from: start, end: end) < end
        return matches(base, start: start, end: end, hasEscapes: mayMatchThroughEscapes, lowercaseName)
    }

    /// The rare case of ``matches(_:start:end:hasEscapes:_:)``, out of line: a key longer than
    /// the name and holding a backslash is decoded, then compared.
    @usableFromInline @inline(never)
    static func matchesEscaped(_ base: UnsafeRawPointer, start: Int, end: Int, _ lowercaseName: [UInt8]) -> Bool {
        var decoded: [UInt8] = []
        JSONString.decode(base, start: start, end: end, into: &decoded)
        guard decoded.count == lowercaseName.count else { return false }
        for k in 0..<decoded.count where decoded[k].asciiLowercased != lowercaseName[k] { return false }
        return true
    }
}
