// A measurement, not library code: what the first stage of a simdjson-style structural index
// (Langdale & Lemire 2019) costs in Swift 6.3 on this machine class, to weigh it against the
// compact scanner it would replace (issue 15).
//
//   scimstream-bench --structural-probe FILE [--scalar]
//
// For each 64-byte block: quote, backslash and structural-character bit masks from four
// SIMD16 loads, escaped quotes removed (odd-length backslash runs), the in-string region by
// prefix XOR, and the structural positions counted. UTF-8 and control-byte validation, and
// stage 2 (walking the positions), are not included: the figure is a lower bound for stage 1.
// `--scalar` counts the same positions a byte at a time, as the reference the count must match
// (CI compares the two on the samples).
//
// Measured on 5,000 generated users (7.38 MB; callgrind, a run on an empty file subtracted):
// 5.8 instructions per byte in all, 4.5 of them in `count` (about 50 per sixteen bytes for the
// three masks, and 60 per block for escapes, prefix XOR and a population count that the
// baseline x86-64 target computes without `popcnt`). The compact scanner does all of its
// validation and tabling in 6.5.

#if canImport(Glibc)
    import Glibc
#endif

/// Stage 1 of a structural index, measured (see the file's comment).
enum StructuralProbe {
    /// The sixteen lanes of `mask` as bits 0…15, without a `movemask`: each lane's high bit
    /// kept, and the eight of each half gathered into one byte by a multiplication. (Weights
    /// summed with `wrappedSum()` looked like `psadbw` but compiled to a lane-by-lane gather,
    /// because LLVM proves the weights disjoint and turns the sum into ORs.)
    @inline(__always)
    static func bits(_ mask: SIMDMask<SIMD16<Int8>>) -> UInt64 {
        let highs = SIMD16<UInt8>(repeating: 0).replacing(with: 0x80, where: mask)
        let words = unsafeBitCast(highs, to: SIMD2<UInt64>.self)
        let gather: UInt64 = 0x0002_0408_1020_4081
        return (words[0] &* gather) >> 56 | ((words[1] &* gather) >> 56) << 8
    }

    /// `x` with each bit replaced by the XOR of it and every bit below it.
    @inline(__always)
    static func prefixXOR(_ x: UInt64) -> UInt64 {
        var x = x
        x ^= x << 1
        x ^= x << 2
        x ^= x << 4
        x ^= x << 8
        x ^= x << 16
        x ^= x << 32
        return x
    }

    /// The number of structural positions (unescaped quotes, and `{}[]:,` outside strings)
    /// in `bytes`, from 64-byte blocks (a last partial block is padded with spaces).
    static func count(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let quote = SIMD16<UInt8>(repeating: 0x22), backslash = SIMD16<UInt8>(repeating: 0x5C)
        let openers = SIMD16<UInt8>(repeating: 0x7B), closers = SIMD16<UInt8>(repeating: 0x7D)
        let colon = SIMD16<UInt8>(repeating: 0x3A), comma = SIMD16<UInt8>(repeating: 0x2C)
        let lower = SIMD16<UInt8>(repeating: 0x20)
        var total = 0
        var previousEscaped: UInt64 = 0
        var previousInString: UInt64 = 0
        let padded = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 16)
        defer { padded.deallocate() }
        var offset = 0
        while offset < bytes.count {
            var q: UInt64 = 0, b: UInt64 = 0, s: UInt64 = 0
            let block: UnsafeRawPointer
            if offset + 64 <= bytes.count {
                block = base + offset
            } else {
                for k in 0..<64 { padded.storeBytes(of: offset + k < bytes.count ? bytes[offset + k] : 0x20, toByteOffset: k, as: UInt8.self) }
                block = UnsafeRawPointer(padded)
            }
            for lane in 0..<4 {
                let v = block.loadUnaligned(fromByteOffset: lane * 16, as: SIMD16<UInt8>.self)
                let folded = v | lower  // `[` → `{`, `]` → `}`
                q |= bits(v .== quote) << (lane * 16)
                b |= bits(v .== backslash) << (lane * 16)
                s |= bits((folded .== openers) .| (folded .== closers) .| (v .== colon) .| (v .== comma)) << (lane * 16)
            }
            // The byte after an odd-length run of backslashes is escaped (the paper's
            // subtraction trick: a run starting on an even bit carries into the bit after it).
            var escaped: UInt64 = previousEscaped
            if b != 0 {
                let odd: UInt64 = 0xAAAA_AAAA_AAAA_AAAA
                let potential = b & ~previousEscaped
                let codes = ((potential << 1 | odd) &- potential) ^ odd
                escaped = codes ^ (b | previousEscaped)
                previousEscaped = (codes & b) >> 63
            } else {
                previousEscaped = 0
            }
            let quotes = q & ~escaped
            let inString = prefixXOR(quotes) ^ previousInString
            previousInString = UInt64(bitPattern: Int64(bitPattern: inString) >> 63)
            total &+= ((s & ~inString) | quotes).nonzeroBitCount
            offset += 64
        }
        return total
    }

    /// ``count(_:)`` a byte at a time: the reference.
    static func countScalar(_ bytes: UnsafeRawBufferPointer) -> Int {
        var total = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == 0x5C {
                    escaped = true
                } else if byte == 0x22 {
                    inString = false
                    total += 1
                }
            } else if byte == 0x22 {
                inString = true
                total += 1
            } else if byte == 0x7B || byte == 0x7D || byte == 0x5B || byte == 0x5D || byte == 0x3A || byte == 0x2C {
                total += 1
            }
        }
        return total
    }
}

/// Reads a whole file with read(2) (the probe needs no Foundation).
enum FileManagerFree {
    /// The bytes of the file at `path`, or nil.
    static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 { return nil }
            if n == 0 { return out }
            out.append(contentsOf: chunk[..<n])
        }
    }
}
