import SCIMJSON

/// String comparisons of the filter language, exact or case-insensitive.
///
/// Case-insensitive comparisons lower-case both sides with Unicode's default case mapping
/// (`String.lowercased()`): `Nguyễn` matches `NGUYỄN`, `ÅSA` matches `åsa`. The mapping is
/// locale-independent, so Turkish dotted `İ` lower-cases to `i̇` (i + U+0307), not `i`.
/// Pure-ASCII text takes a fast path with the same result.
enum TextComparison {
    /// The UTF-8 of `text` lower-cased, for case-insensitive comparisons.
    static func folded(_ utf8: [UInt8]) -> [UInt8] {
        if !utf8.contains(where: { $0 >= 0x80 }) { return utf8.map(\.asciiLowercased) }
        return Array(String(decoding: utf8, as: UTF8.self).lowercased().utf8)
    }

    /// Applies `op` to a string value and a literal (`literal` already folded when `!caseExact`).
    static func compare(_ value: JSONSlice, _ op: ComparisonOperator, literal: [UInt8], caseExact: Bool) -> Bool {
        // Fast path: no escapes, and the bytes the operator looks at are ASCII, so ASCII folding is exact.
        if !value.stringHasEscapes {
            let v = UnsafeRawBufferPointer(start: value.base + value.start + 1, count: value.end - value.start - 2)
            if caseExact { return apply(op, v, literal, fold: false) }
            let literalIsASCII = !literal.contains(where: { $0 >= 0x80 })
            if literalIsASCII {
                switch op {
                case .sw where v.count >= literal.count && !v.prefix(literal.count).contains(where: { $0 >= 0x80 }):
                    return apply(op, v, literal, fold: true)
                case .ew where v.count >= literal.count && !v.suffix(literal.count).contains(where: { $0 >= 0x80 }):
                    return apply(op, v, literal, fold: true)
                default:
                    if !ByteSearch.containsNonASCII(v.baseAddress ?? value.base, from: 0, end: v.count) {
                        return apply(op, v, literal, fold: true)
                    }
                }
            }
        }
        let decoded = value.stringBytes() ?? []
        let v = caseExact ? decoded : folded(decoded)
        return v.withUnsafeBytes { apply(op, $0, literal, fold: false) }
    }

    /// The operator on raw UTF-8; `fold` lower-cases ASCII letters of `v` on the fly.
    static func apply(_ op: ComparisonOperator, _ v: UnsafeRawBufferPointer, _ literal: [UInt8], fold: Bool) -> Bool {
        @inline(__always) func at(_ k: Int) -> UInt8 { fold ? v[k].asciiLowercased : v[k] }
        func equal(from offset: Int) -> Bool {
            for k in 0..<literal.count where at(offset + k) != literal[k] { return false }
            return true
        }
        switch op {
        case .eq: return v.count == literal.count && equal(from: 0)
        case .ne: return !(v.count == literal.count && equal(from: 0))
        case .sw: return v.count >= literal.count && equal(from: 0)
        case .ew: return v.count >= literal.count && equal(from: v.count - literal.count)
        case .co:
            if literal.isEmpty { return true }
            if v.count < literal.count { return false }
            for offset in 0...(v.count - literal.count) where equal(from: offset) { return true }
            return false
        case .gt, .ge, .lt, .le:
            // Lexicographic order of UTF-8 bytes is code point order.
            var k = 0
            var order = 0
            while k < v.count && k < literal.count {
                let a = at(k), b = literal[k]
                if a != b { order = a < b ? -1 : 1; break }
                k += 1
            }
            if order == 0 { order = v.count == literal.count ? 0 : (v.count < literal.count ? -1 : 1) }
            return ordered(op, order)
        }
    }

    /// Whether a three-way comparison result satisfies an ordering operator.
    static func ordered(_ op: ComparisonOperator, _ order: Int) -> Bool {
        switch op {
        case .gt: return order > 0
        case .ge: return order >= 0
        case .lt: return order < 0
        case .le: return order <= 0
        case .eq: return order == 0
        default: return order != 0
        }
    }
}
