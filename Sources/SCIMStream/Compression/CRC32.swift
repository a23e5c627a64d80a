/// CRC-32 (ISO 3309, the polynomial of gzip and PNG), slicing by eight bytes.
struct CRC32 {
    /// The running value (before the final inversion).
    private var state: UInt32 = 0xFFFF_FFFF

    /// Eight tables of 256: table k gives the CRC of a byte followed by k zero bytes.
    private static let tables: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 8 * 256)
        for n in 0..<256 {
            var c = UInt32(n)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            t[n] = c
        }
        for n in 0..<256 {
            for k in 1..<8 { t[k * 256 + n] = (t[(k - 1) * 256 + n] >> 8) ^ t[Int(t[(k - 1) * 256 + n] & 0xFF)] }
        }
        return t
    }()

    /// The CRC of everything added so far.
    var value: UInt32 { state ^ 0xFFFF_FFFF }

    /// Adds `count` bytes at `p`.
    mutating func update(_ p: UnsafePointer<UInt8>, count: Int) {
        var c = state
        var i = 0
        Self.tables.withUnsafeBufferPointer { t in
            while i + 8 <= count {
                let lo = c ^ (UInt32(p[i]) | UInt32(p[i + 1]) << 8 | UInt32(p[i + 2]) << 16 | UInt32(p[i + 3]) << 24)
                c =
                    t[7 * 256 + Int(lo & 0xFF)] ^ t[6 * 256 + Int((lo >> 8) & 0xFF)] ^ t[5 * 256 + Int((lo >> 16) & 0xFF)]
                    ^ t[4 * 256 + Int(lo >> 24)] ^ t[3 * 256 + Int(p[i + 4])] ^ t[2 * 256 + Int(p[i + 5])]
                    ^ t[256 + Int(p[i + 6])] ^ t[Int(p[i + 7])]
                i += 8
            }
            while i < count {
                c = t[Int((c ^ UInt32(p[i])) & 0xFF)] ^ (c >> 8)
                i += 1
            }
        }
        state = c
    }
}
