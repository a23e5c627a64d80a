/// A canonical Huffman code of DEFLATE (RFC 1951 §3.2.2) for decoding: a table indexed by the
/// next ``fastBits`` input bits (least significant first) for the short codes, and the code
/// lengths' counts and symbols for the long ones.
struct HuffmanTable {
    /// Bits the table looks at once.
    static let fastBits = 10
    /// `symbol << 4 | length` by the next ``fastBits`` bits; 0 when the code is longer.
    var fast: [UInt16]
    /// Number of codes of each length 0...15.
    var counts: [Int]
    /// Symbols ordered by code (canonical order).
    var symbols: [UInt16]

    /// Why a list of code lengths is no Huffman code.
    enum Problem: Error {
        case oversubscribed
    }

    /// Builds the code for `lengths` (0: the symbol is not used). An incomplete code is
    /// accepted (DEFLATE allows one for a single distance code); a missing code fails on use.
    init(lengths: [UInt8]) throws(Problem) {
        var counts = [Int](repeating: 0, count: 16)
        for l in lengths { counts[Int(l)] += 1 }
        counts[0] = 0
        var left = 1
        for len in 1...15 {
            left = (left << 1) - counts[len]
            if left < 0 { throw .oversubscribed }
        }
        var offsets = [Int](repeating: 0, count: 16)
        for len in 1..<15 { offsets[len + 1] = offsets[len] + counts[len] }
        var symbols = [UInt16](repeating: 0, count: lengths.count)
        for (symbol, l) in lengths.enumerated() where l != 0 {
            symbols[offsets[Int(l)]] = UInt16(symbol)
            offsets[Int(l)] += 1
        }
        var fast = [UInt16](repeating: 0, count: 1 << Self.fastBits)
        // Canonical codes in order: assign each short code its reversed bits.
        var code = 0
        var index = 0
        for len in 1...Self.fastBits {
            for _ in 0..<counts[len] {
                var reversed = 0
                for b in 0..<len where code & (1 << b) != 0 { reversed |= 1 << (len - 1 - b) }
                let entry = symbols[index] << 4 | UInt16(len)
                var i = reversed
                while i < fast.count {
                    fast[i] = entry
                    i += 1 << len
                }
                code += 1
                index += 1
            }
            code <<= 1
        }
        self.fast = fast
        self.counts = counts
        self.symbols = symbols
    }
}
