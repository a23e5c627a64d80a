/// Lower- or upper-cases UTF-8 text scalar by scalar, with the same result as
/// `String.lowercased()` / `String.uppercased()` (Unicode's default, context-free mapping),
/// at a fraction of the cost: ASCII is folded inline and the mapping of each non-ASCII scalar
/// is looked up once and remembered.
struct CaseMapper: Sendable {
    /// Lower-case (else upper-case).
    let lower: Bool
    /// Mapped UTF-8 of non-ASCII scalars seen so far; an empty array means "unchanged".
    private var cache: [UInt32: [UInt8]] = [:]

    init(lower: Bool) {
        self.lower = lower
    }

    /// The mapped UTF-8 of `text` (valid UTF-8), or nil when mapping changes nothing.
    mutating func map(_ text: UnsafeRawBufferPointer) -> [UInt8]? {
        var out: [UInt8] = []
        var changed = false
        var i = 0
        let n = text.count
        while i < n {
            let b = text[i]
            if b < 0x80 {
                let m = lower ? b.asciiLowercased : b.asciiUppercased
                if m != b && !changed {
                    changed = true
                    out.reserveCapacity(n + 8)
                    out.append(contentsOf: text[0..<i])
                }
                if changed { out.append(m) }
                i += 1
                continue
            }
            let length = b >= 0xF0 ? 4 : (b >= 0xE0 ? 3 : 2)
            var scalar = UInt32(b) & (length == 2 ? 0x1F : (length == 3 ? 0x0F : 0x07))
            for k in 1..<length where i + k < n { scalar = scalar << 6 | UInt32(text[i + k] & 0x3F) }
            let mapped = mapping(of: scalar)
            if !mapped.isEmpty && !changed {
                changed = true
                out.reserveCapacity(n + 8)
                out.append(contentsOf: text[0..<i])
            }
            if changed {
                if mapped.isEmpty { out.append(contentsOf: text[i..<min(i + length, n)]) } else { out.append(contentsOf: mapped) }
            }
            i += length
        }
        return changed ? out : nil
    }

    /// The mapped UTF-8 of one non-ASCII scalar, empty when it maps to itself.
    private mutating func mapping(of scalar: UInt32) -> [UInt8] {
        if let known = cache[scalar] { return known }
        var result: [UInt8] = []
        if let s = Unicode.Scalar(scalar) {
            let original = String(Character(s))
            let mapped = lower ? original.lowercased() : original.uppercased()
            if mapped != original { result = Array(mapped.utf8) }
        }
        // Bounded: a long run over text in every script still fits in a few thousand entries.
        if cache.count < 65_536 { cache[scalar] = result }
        return result
    }
}
