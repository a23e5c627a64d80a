// Word-at-a-time (SWAR) searches over raw bytes. Each has a plain byte loop beside it
// (`…Reference`) that the tests compare against on random inputs.

/// Byte searches used by the tokenizer and the writers, eight bytes per step.
@usableFromInline package enum ByteSearch {
    @inlinable package static var ones: UInt64 { 0x0101_0101_0101_0101 }
    @inlinable static var highs: UInt64 { 0x8080_8080_8080_8080 }

    /// Loads eight bytes at `p` (no alignment needed) as a little-endian word.
    @inline(__always)
    @inlinable package static func load(_ p: UnsafeRawPointer) -> UInt64 {
        UInt64(littleEndian: p.loadUnaligned(as: UInt64.self))
    }

    /// A word whose high bit is set in the lowest byte lane equal to `byte` (later lanes may be false positives).
    @inline(__always)
    @inlinable package static func lanesEqual(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let x = word ^ (ones &* UInt64(byte))
        return (x &- ones) & ~x & highs
    }

    /// Index of the first byte in `[from, end)` that ends plain string content: `"`, `\`,
    /// a control byte (< 0x20) or a non-ASCII byte (>= 0x80). Returns `end` if there is none.
    ///
    /// Sixteen bytes per step with `SIMD16`, written in the form that compiles to `pcmpeqb`/`por`
    /// (masks turned into bytes with `replacing(with:where:)`, tested as two words), then eight
    /// with SWAR, then byte by byte.
    @_transparent
    @usableFromInline package static func firstStringSpecial(_ base: UnsafeRawPointer, from: Int, end: Int) -> Int {
        var i = from
        let quote = SIMD16<UInt8>(repeating: ._quote), backslash = SIMD16<UInt8>(repeating: ._backslash)
        let space = SIMD16<UInt8>(repeating: 0x20), printable = SIMD16<UInt8>(repeating: 0x60)
        let zero = SIMD16<UInt8>(repeating: 0)
        while i &+ 16 <= end {
            let v = base.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
            // (v - 0x20) >= 0x60 unsigned: below 0x20 (wraps) or at least 0x80.
            let m =
                zero.replacing(with: 0xFF, where: v .== quote)
                | zero.replacing(with: 0xFF, where: v .== backslash)
                | zero.replacing(with: 0xFF, where: (v &- space) .>= printable)
            let words = unsafeBitCast(m, to: SIMD2<UInt64>.self)
            if words[0] != 0 { return i &+ (words[0].trailingZeroBitCount >> 3) }
            if words[1] != 0 { return i &+ 8 &+ (words[1].trailingZeroBitCount >> 3) }
            i &+= 16
        }
        while i &+ 8 <= end {
            let w = load(base + i)
            // Lanes < 0x20 or >= 0x80: (w - 0x20 per lane) borrows into the high bit, or the high bit is set.
            let special = lanesEqual(w, ._quote) | lanesEqual(w, ._backslash) | ((w &- ones &* 0x20) | w) & highs
            if special != 0 {
                return i &+ (special.trailingZeroBitCount >> 3)
            }
            i &+= 8
        }
        while i < end {
            let b = base.load(fromByteOffset: i, as: UInt8.self)
            if b == ._quote || b == ._backslash || b < 0x20 || b >= 0x80 { return i }
            i &+= 1
        }
        return end
    }

    /// Plain version of ``firstStringSpecial(_:from:end:)`` for tests.
    @inlinable package static func firstStringSpecialReference(_ bytes: [UInt8], from: Int) -> Int {
        var i = from
        while i < bytes.count {
            let b = bytes[i]
            if b == ._quote || b == ._backslash || b < 0x20 || b >= 0x80 { return i }
            i += 1
        }
        return bytes.count
    }

    /// Index of the first byte in `[from, end)` equal to one of `a`, `b`, `c`, `d`, or `end`:
    /// sixteen bytes per step with `SIMD16` (the form of ``firstStringSpecial(_:from:end:)``),
    /// then eight with SWAR (the last word overlapping), byte by byte only below eight bytes. The CSV and TSV writers find the bytes a cell must escape with it.
    @inline(__always)
    @inlinable package static func firstOf(
        _ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, _ base: UnsafeRawPointer, from: Int, end: Int
    ) -> Int {
        var i = from
        let va = SIMD16<UInt8>(repeating: a), vb = SIMD16<UInt8>(repeating: b)
        let vc = SIMD16<UInt8>(repeating: c), vd = SIMD16<UInt8>(repeating: d)
        let zero = SIMD16<UInt8>(repeating: 0)
        while i &+ 16 <= end {
            let v = base.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
            let m =
                zero.replacing(with: 0xFF, where: v .== va) | zero.replacing(with: 0xFF, where: v .== vb)
                | zero.replacing(with: 0xFF, where: v .== vc) | zero.replacing(with: 0xFF, where: v .== vd)
            let words = unsafeBitCast(m, to: SIMD2<UInt64>.self)
            if words[0] != 0 { return i &+ (words[0].trailingZeroBitCount >> 3) }
            if words[1] != 0 { return i &+ 8 &+ (words[1].trailingZeroBitCount >> 3) }
            i &+= 16
        }
        if end &- from >= 8 {
            // Words of eight; the last one may overlap bytes already found clean, which cannot
            // change which byte is first.
            while i < end {
                if i &+ 8 > end { i = end &- 8 }
                let w = load(base + i)
                // The lowest flagged lane of each test is exact (later ones may be false positives).
                let hit = lanesEqual(w, a) | lanesEqual(w, b) | lanesEqual(w, c) | lanesEqual(w, d)
                if hit != 0 { return i &+ (hit.trailingZeroBitCount >> 3) }
                i &+= 8
            }
            return end
        }
        while i < end {
            let x = base.load(fromByteOffset: i, as: UInt8.self)
            if x == a || x == b || x == c || x == d { return i }
            i &+= 1
        }
        return end
    }

    /// Plain version of ``firstOf(_:_:_:_:_:from:end:)`` for tests.
    @inlinable package static func firstOfReference(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, _ bytes: [UInt8], from: Int) -> Int {
        bytes[from...].firstIndex { $0 == a || $0 == b || $0 == c || $0 == d } ?? bytes.count
    }

    /// Index of the first `"` or `\` in `[from, end)`, or `end`. For bytes already validated.
    @inline(__always)
    @inlinable package static func firstQuoteOrBackslash(_ base: UnsafeRawPointer, from: Int, end: Int) -> Int {
        var i = from
        while i &+ 8 <= end {
            let w = load(base + i)
            let special = lanesEqual(w, ._quote) | lanesEqual(w, ._backslash)
            if special != 0 {
                return i &+ (special.trailingZeroBitCount >> 3)
            }
            i &+= 8
        }
        while i < end {
            let b = base.load(fromByteOffset: i, as: UInt8.self)
            if b == ._quote || b == ._backslash { return i }
            i &+= 1
        }
        return end
    }

    /// Plain version of ``firstQuoteOrBackslash(_:from:end:)`` for tests.
    @inlinable package static func firstQuoteOrBackslashReference(_ bytes: [UInt8], from: Int) -> Int {
        var i = from
        while i < bytes.count {
            if bytes[i] == ._quote || bytes[i] == ._backslash { return i }
            i += 1
        }
        return bytes.count
    }

    /// Index of the first occurrence of `byte` in `[from, end)`, or `end`.
    @inline(__always)
    @inlinable package static func first(_ byte: UInt8, _ base: UnsafeRawPointer, from: Int, end: Int) -> Int {
        var i = from
        while i &+ 8 <= end {
            let hit = lanesEqual(load(base + i), byte)
            if hit != 0 { return i &+ (hit.trailingZeroBitCount >> 3) }
            i &+= 8
        }
        while i < end {
            if base.load(fromByteOffset: i, as: UInt8.self) == byte { return i }
            i &+= 1
        }
        return end
    }

    /// How many times `byte` occurs in `bytes`.
    @inlinable package static func count(_ byte: UInt8, _ bytes: UnsafeRawBufferPointer) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var n = 0
        var i = 0
        while i &+ 8 <= bytes.count {
            let x = load(base + i) ^ (ones &* UInt64(byte))
            // Exact per-lane zero test (no borrow between lanes): high bit set where the lane is 0.
            let zero = ~(((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | x) & highs
            n &+= zero.nonzeroBitCount
            i &+= 8
        }
        while i < bytes.count {
            if base.load(fromByteOffset: i, as: UInt8.self) == byte { n &+= 1 }
            i &+= 1
        }
        return n
    }

    /// True when any byte in `[from, end)` is >= 0x80.
    @inlinable package static func containsNonASCII(_ base: UnsafeRawPointer, from: Int, end: Int) -> Bool {
        var i = from
        while i &+ 8 <= end {
            if load(base + i) & highs != 0 { return true }
            i &+= 8
        }
        while i < end {
            if base.load(fromByteOffset: i, as: UInt8.self) >= 0x80 { return true }
            i &+= 1
        }
        return false
    }
}
