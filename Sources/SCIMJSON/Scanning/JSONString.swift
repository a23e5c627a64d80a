/// Decoding and comparing JSON string tokens that the tokenizer already validated.
@usableFromInline package enum JSONString {
    /// Appends the UTF-8 of the string token `[start, end)` (quotes included) to `out`,
    /// with every escape decoded.
    ///
    /// The token must be valid JSON (as every token from ``JSONTokenizer`` is); a lone
    /// surrogate, which the tokenizer rejects, would decode as U+FFFD.
    @inlinable package static func decode(_ base: UnsafeRawPointer, start: Int, end: Int, into out: inout [UInt8]) {
        var i = start + 1
        let stop = end - 1
        while i < stop {
            let next = ByteSearch.first(._backslash, base, from: i, end: stop)
            if next > i {
                out.append(contentsOf: UnsafeRawBufferPointer(start: base + i, count: next - i))
            }
            i = next
            guard i < stop else { break }
            let e = base.load(fromByteOffset: i + 1, as: UInt8.self)
            i += 2
            switch e {
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case ._lowerU:
                var scalar = hex4(base, i)
                i += 4
                if scalar & 0xFC00 == 0xD800, i + 6 <= stop,
                    base.load(fromByteOffset: i, as: UInt8.self) == ._backslash
                {
                    let low = hex4(base, i + 2)
                    if low & 0xFC00 == 0xDC00 {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    }
                }
                appendUTF8(Unicode.Scalar(scalar) ?? "\u{FFFD}", to: &out)
            default: out.append(e)  // " \ /
            }
        }
    }

    /// The decoded text of the string token in `bytes` (quotes included).
    @inlinable package static func decode(_ bytes: UnsafeRawBufferPointer) -> String {
        guard let base = bytes.baseAddress, bytes.count >= 2 else { return "" }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        decode(base, start: 0, end: bytes.count, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @inlinable package static func hex4(_ base: UnsafeRawPointer, _ i: Int) -> UInt32 {
        var v: UInt32 = 0
        for k in 0..<4 {
            v = v << 4 | UInt32(base.load(fromByteOffset: i + k, as: UInt8.self).hexDigitValue ?? 0)
        }
        return v
    }

    /// Appends the UTF-8 encoding of `scalar`.
    @inlinable package static func appendUTF8(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        let v = scalar.value
        switch v {
        case 0..<0x80:
            out.append(UInt8(v))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | v >> 6))
            out.append(UInt8(0x80 | v & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | v >> 12))
            out.append(UInt8(0x80 | v >> 6 & 0x3F))
            out.append(UInt8(0x80 | v & 0x3F))
        default:
            out.append(UInt8(0xF0 | v >> 18))
            out.append(UInt8(0x80 | v >> 12 & 0x3F))
            out.append(UInt8(0x80 | v >> 6 & 0x3F))
            out.append(UInt8(0x80 | v & 0x3F))
        }
    }
}

/// ASCII case folding over raw bytes.
@usableFromInline package enum ASCIICase {
    /// The eight bytes of `x` with ASCII upper-case letters lowered (every other byte kept),
    /// exactly: a lane is a capital when its low seven bits are 0x41…0x5A and its high bit is
    /// clear; no sum carries from one lane into the next.
    @inline(__always)
    @inlinable package static func lowercasedWord(_ x: UInt64) -> UInt64 {
        let low = x & 0x7F7F_7F7F_7F7F_7F7F
        let atLeastA = low &+ 0x3F3F_3F3F_3F3F_3F3F  // high bit set where low >= 0x41
        let pastZ = low &+ 0x2525_2525_2525_2525  // high bit set where low >= 0x5B
        let capitals = atLeastA & ~pastZ & ~x & 0x8080_8080_8080_8080
        return x | (capitals >> 2)
    }

    /// Plain version of ``lowercasedWord(_:)`` for tests.
    @inlinable package static func lowercasedWordReference(_ x: UInt64) -> UInt64 {
        var out: UInt64 = 0
        for lane in 0..<8 { out |= UInt64(UInt8(truncatingIfNeeded: x >> (8 * lane)).asciiLowercased) << (8 * lane) }
        return out
    }

    /// True when `count` bytes at `a` equal the lower-case ASCII bytes at `lower`, ignoring ASCII case in `a`.
    ///
    /// Eight bytes per step when `count` is at least 8 (the last step overlaps the one before).
    @inlinable package static func equalsLowercased(_ a: UnsafeRawPointer, _ lower: UnsafePointer<UInt8>, count: Int) -> Bool {
        if count >= 8 {
            var k = 0
            while true {
                if k &+ 8 > count { k = count &- 8 }
                let x = ByteSearch.load(a + k)
                if lowercasedWord(x) != ByteSearch.load(UnsafeRawPointer(lower + k)) { return false }
                k &+= 8
                if k >= count { return true }
            }
        }
        var k = 0
        while k < count {
            if a.load(fromByteOffset: k, as: UInt8.self).asciiLowercased != lower[k] { return false }
            k += 1
        }
        return true
    }

    /// The lower-case ASCII bytes of `name`.
    @inlinable package static func lowercased(_ name: String) -> [UInt8] {
        name.utf8.map { $0.asciiLowercased }
    }
}
