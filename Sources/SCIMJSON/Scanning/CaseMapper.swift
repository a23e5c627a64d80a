/// Lower- or upper-cases UTF-8 text scalar by scalar, with the same result as
/// `String.lowercased()` / `String.uppercased()` (Unicode's default, context-free mapping),
/// at a fraction of the cost: ASCII is folded inline and the mapping of each non-ASCII scalar
/// is looked up once and remembered.
@usableFromInline package struct CaseMapper: Sendable {
    /// Lower-case (else upper-case).
    @usableFromInline package let lower: Bool
    /// For scalars below U+0800 (two-byte UTF-8: Latin, Greek, Cyrillic, …): offset << 8 | length
    /// of the mapped UTF-8 in ``smallBytes`` (length 0: unchanged), or `unknown`.
    @usableFromInline var small: [UInt32] = []
    @usableFromInline var smallBytes: [UInt8] = []
    @inlinable static var unknown: UInt32 { UInt32.max }
    /// Mapped UTF-8 of other non-ASCII scalars seen so far; an empty array means "unchanged".
    @usableFromInline var cache: [UInt32: [UInt8]] = [:]

    @inlinable package init(lower: Bool) {
        self.lower = lower
    }

    /// The mapped UTF-8 of `text` (valid UTF-8), or nil when mapping changes nothing.
    @inlinable package mutating func map(_ text: UnsafeRawBufferPointer) -> [UInt8]? {
        var out: [UInt8] = []
        return map(text, appendingTo: &out) ? out : nil
    }

    /// Appends the mapped UTF-8 of `text` (valid UTF-8) to `out` and returns true; when mapping
    /// changes nothing, leaves `out` as it was and returns false.
    @inlinable package mutating func map(_ text: UnsafeRawBufferPointer, appendingTo out: inout [UInt8]) -> Bool {
        guard let p = text.baseAddress else { return false }
        let n = text.count
        let start = out.count
        let lower = self.lower
        var changed = false
        var i = 0
        while i < n {
            // A run of ASCII: copied, then mapped in place.
            var j = i
            while j &+ 8 <= n && ByteSearch.load(p + j) & 0x8080_8080_8080_8080 == 0 { j &+= 8 }
            while j < n && p.load(fromByteOffset: j, as: UInt8.self) < 0x80 { j &+= 1 }
            if j > i {
                let from = out.count
                out.append(contentsOf: UnsafeRawBufferPointer(start: p + i, count: j - i))
                out.withUnsafeMutableBufferPointer { buffer in
                    let q = UnsafeMutableRawPointer(buffer.baseAddress!)
                    var k = from
                    if lower {
                        // Eight letters per step (ASCIICase.lowercasedWord is exact on any byte).
                        while k &+ 8 <= buffer.count {
                            let w = ByteSearch.load(q + k)
                            let m = ASCIICase.lowercasedWord(w)
                            if m != w {
                                q.storeBytes(of: UInt64(littleEndian: m), toByteOffset: k, as: UInt64.self)
                                changed = true
                            }
                            k &+= 8
                        }
                    }
                    while k < buffer.count {
                        let b = buffer[k]
                        let m = lower ? b.asciiLowercased : b.asciiUppercased
                        if m != b {
                            buffer[k] = m
                            changed = true
                        }
                        k &+= 1
                    }
                }
                i = j
                continue
            }
            // One non-ASCII scalar.
            let b = p.load(fromByteOffset: i, as: UInt8.self)
            let length = min(b >= 0xF0 ? 4 : (b >= 0xE0 ? 3 : 2), n - i)
            var scalar = UInt32(b) & (length == 2 ? 0x1F : (length == 3 ? 0x0F : 0x07))
            for k in 1..<max(length, 1) { scalar = scalar << 6 | UInt32(p.load(fromByteOffset: i + k, as: UInt8.self) & 0x3F) }
            if appendMapping(of: scalar, to: &out) {
                changed = true
            } else {
                out.append(contentsOf: UnsafeRawBufferPointer(start: p + i, count: length))
            }
            i += max(length, 1)
        }
        if !changed { out.removeSubrange(start...) }
        return changed
    }

    /// Appends the mapped UTF-8 of one non-ASCII scalar and returns true, or returns false
    /// when it maps to itself.
    @usableFromInline mutating func appendMapping(of scalar: UInt32, to out: inout [UInt8]) -> Bool {
        if scalar < 0x800 {
            if small.isEmpty { small = Array(repeating: Self.unknown, count: 0x800) }
            var entry = small[Int(scalar)]
            if entry == Self.unknown {
                let mapped = Self.mapping(of: scalar, lower: lower)
                entry = UInt32(smallBytes.count) << 8 | UInt32(mapped.count)
                smallBytes += mapped
                small[Int(scalar)] = entry
            }
            let count = Int(entry & 0xFF)
            guard count > 0 else { return false }
            let offset = Int(entry >> 8)
            smallBytes.withUnsafeBytes { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[offset..<offset + count])) }
            return true
        }
        // Scripts without case (CJK ideographs, kana, Hangul syllables): nothing to look up.
        if (0x3040...0x30FF).contains(scalar) || (0x3400...0x9FFF).contains(scalar) || (0xAC00...0xD7A3).contains(scalar) {
            return false
        }
        let mapped: [UInt8]
        if let known = cache[scalar] {
            mapped = known
        } else {
            mapped = Self.mapping(of: scalar, lower: lower)
            // Bounded: a long run over text in every script still fits in a few thousand entries.
            if cache.count < 65_536 { cache[scalar] = mapped }
        }
        guard !mapped.isEmpty else { return false }
        out.append(contentsOf: mapped)
        return true
    }

    /// The mapped UTF-8 of one non-ASCII scalar, empty when it maps to itself.
    @usableFromInline static func mapping(of scalar: UInt32, lower: Bool) -> [UInt8] {
        guard let s = Unicode.Scalar(scalar) else { return [] }
        let original = String(Character(s))
        let mapped = lower ? original.lowercased() : original.uppercased()
        return mapped == original ? [] : Array(mapped.utf8)
    }
}
