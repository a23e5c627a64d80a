#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A streaming gzip (RFC 1952) decoder with its own DEFLATE (RFC 1951) inflater.
///
/// It pulls compressed chunks from `source` and pushes decompressed chunks of up to about
/// 1 MiB to the closure given to ``run(_:)``, holding only the 32 KiB window DEFLATE refers back to: memory does not
/// grow with the input. Concatenated members (as `cat a.gz b.gz` and `pigz` make) are read
/// one after the other; each member's CRC-32 and length are checked. Anything else — a bad
/// header, a bad block, a code or distance out of range, a truncated stream, bytes after the
/// last member that are not another member — is a ``CompressedDataError`` naming the
/// compressed byte offset.
final class GzipDecoder {
    /// Next compressed chunk; nil at the end of the input.
    private let source: () throws -> [UInt8]?
    /// Receives decompressed bytes, in order (set while ``run(_:)`` runs).
    private var deliver: (([UInt8]) throws -> Void)?

    // Input: the current chunk and a 64-bit buffer of bits not yet used (least significant first).
    private var input: [UInt8]
    private var inputPosition = 0
    /// Compressed bytes of the chunks before `input`.
    private var consumedBefore = 0
    private var inputEnded = false
    private var bitBuffer: UInt64 = 0
    private var bitCount = 0

    // Output: a buffer holding the window and the bytes not yet delivered.
    private static let windowSize = 32 << 10
    private static let capacity = 1 << 20
    /// Room past the end: a match copies in 8-byte steps and may write 7 bytes beyond.
    private static let slack = 8 + 258
    private let output: UnsafeMutablePointer<UInt8>
    private var outputCount = 0
    private var delivered = 0
    private var checked = 0
    /// Bytes of the current member so far (a distance may not reach before its start).
    private var memberBytes = 0
    private var crc = CRC32()

    /// The fixed codes of block type 1.
    private static let fixedLiterals = try! HuffmanTable(
        lengths: [UInt8](repeating: 8, count: 144) + [UInt8](repeating: 9, count: 112) + [UInt8](repeating: 7, count: 24)
            + [UInt8](repeating: 8, count: 8))
    private static let fixedDistances = try! HuffmanTable(lengths: [UInt8](repeating: 5, count: 30))
    private static let lengthBase: [UInt16] = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258
    ]
    private static let lengthExtra: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    private static let distanceBase: [UInt16] = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
        8193, 12289, 16385, 24577
    ]
    private static let distanceExtra: [UInt8] = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13
    ]
    private static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    /// A decoder that starts with `first` (bytes already read) and then reads `source`.
    init(first: [UInt8], source: @escaping () throws -> [UInt8]?) {
        input = first
        self.source = source
        output = .allocate(capacity: Self.capacity + Self.slack)
    }

    deinit { output.deallocate() }

    /// True when `bytes` start with the gzip magic number.
    static func isGzip(_ bytes: some Collection<UInt8>) -> Bool {
        var i = bytes.makeIterator()
        return i.next() == 0x1F && i.next() == 0x8B
    }

    /// Decodes every member to the end of the input, handing the bytes to `deliver`.
    ///
    /// - Throws: ``CompressedDataError``, or what `source` and `deliver` throw.
    func run(_ deliver: ([UInt8]) throws -> Void) throws {
        try withoutActuallyEscaping(deliver) { deliver in
            self.deliver = deliver
            defer { self.deliver = nil }
            do {
                repeat {
                    try member()
                } while try moreMembers()
            } catch let error as CompressedDataError {
                // What was decoded before the damage is handed over first: its records are good.
                try flush()
                throw error
            }
            try flush()
        }
    }

    // MARK: - Errors and input

    /// The compressed offset of the next unused byte.
    private var offset: Int { consumedBefore + inputPosition - bitCount / 8 }

    private func failure(_ reason: String) -> CompressedDataError {
        CompressedDataError(offset: offset, reason: reason)
    }

    /// Fetches the next non-empty chunk; false at the end of the input.
    private func pull() throws -> Bool {
        guard !inputEnded else { return false }
        while let chunk = try source() {
            consumedBefore += input.count
            input = chunk
            inputPosition = 0
            if !chunk.isEmpty { return true }
        }
        inputEnded = true
        return false
    }

    /// Fills the bit buffer to at least 57 bits, or with what is left of the input.
    @inline(__always)
    private func refill() throws {
        while bitCount <= 56 {
            if inputPosition < input.count {
                bitBuffer |= UInt64(input[inputPosition]) << UInt64(bitCount)
                inputPosition += 1
                bitCount += 8
            } else if try !pull() {
                return
            }
        }
    }

    /// The next `n` bits (n ≤ 32).
    @inline(__always)
    private func bits(_ n: Int) throws -> Int {
        if bitCount < n {
            try refill()
            if bitCount < n { throw CompressedDataError(offset: consumedBefore + input.count, reason: "the compressed data ends too early") }
        }
        let v = Int(truncatingIfNeeded: bitBuffer & ((1 << UInt64(n)) - 1))
        bitBuffer >>= UInt64(n)
        bitCount -= n
        return v
    }

    /// The next byte at a byte boundary (header and trailer fields).
    private func byte() throws -> UInt8 { UInt8(try bits(8)) }

    /// Drops the bits up to the next byte boundary.
    private func alignToByte() {
        let drop = bitCount & 7
        bitBuffer >>= UInt64(drop)
        bitCount -= drop
    }

    // MARK: - gzip

    private func member() throws {
        var header = CRC32()
        func headerByte() throws -> UInt8 {
            var b = try byte()
            header.update(&b, count: 1)
            return b
        }
        guard try headerByte() == 0x1F, try headerByte() == 0x8B else { throw failure("not gzip data (no 1F 8B magic number)") }
        guard try headerByte() == 8 else { throw failure("compression method is not DEFLATE") }
        let flags = try headerByte()
        guard flags & 0xE0 == 0 else { throw failure("reserved header flags are set") }
        for _ in 0..<6 { _ = try headerByte() }  // MTIME, XFL, OS
        if flags & 0x04 != 0 {  // FEXTRA
            let length = Int(try headerByte()) | Int(try headerByte()) << 8
            for _ in 0..<length { _ = try headerByte() }
        }
        if flags & 0x08 != 0 { while try headerByte() != 0 {} }  // FNAME
        if flags & 0x10 != 0 { while try headerByte() != 0 {} }  // FCOMMENT
        if flags & 0x02 != 0, try bits(16) != Int(header.value & 0xFFFF) {  // FHCRC
            throw failure("header CRC-16 mismatch: the header is damaged")
        }
        memberBytes = 0
        crc = CRC32()
        var last = false
        while !last {
            last = try bits(1) == 1
            switch try bits(2) {
            case 0: try storedBlock()
            case 1: try codedBlock(Self.fixedLiterals, Self.fixedDistances)
            case 2:
                let (literals, distances) = try dynamicCodes()
                try codedBlock(literals, distances)
            default: throw failure("invalid block type 3")
            }
        }
        alignToByte()
        checkCRC()
        let storedCRC = UInt32(try bits(16)) | UInt32(try bits(16)) << 16
        let storedSize = UInt32(try bits(16)) | UInt32(try bits(16)) << 16
        guard storedCRC == crc.value else { throw failure("CRC-32 mismatch: the data is damaged") }
        guard storedSize == UInt32(truncatingIfNeeded: memberBytes) else {
            throw failure("length mismatch: the data is damaged")
        }
    }

    /// True when another member follows; false at the end of the input (zero bytes after the
    /// last member, as tape and block padding leave, are ignored like gzip ignores them).
    private func moreMembers() throws -> Bool {
        try refill()
        if bitCount == 0 { return false }
        if bitBuffer & 0xFF == 0 {
            let start = offset
            while bitCount > 0 {
                guard try bits(8) == 0 else {
                    throw CompressedDataError(offset: start, reason: "bytes after the end of the gzip data that are not another gzip member")
                }
                try refill()
            }
            return false
        }
        guard bitCount >= 16, bitBuffer & 0xFFFF == 0x8B1F else {
            throw failure("\(bitCount / 8 < 2 ? "a byte" : "bytes") after the end of the gzip data that are not another gzip member")
        }
        return true
    }

    // MARK: - DEFLATE blocks

    private func storedBlock() throws {
        alignToByte()
        let length = try bits(16)
        let complement = try bits(16)
        guard length == ~complement & 0xFFFF else { throw failure("stored block length does not match its complement") }
        for _ in 0..<length {
            if outputCount >= Self.capacity { try flush() }
            output[outputCount] = UInt8(try bits(8))
            outputCount += 1
            memberBytes += 1
        }
    }

    /// Reads the code lengths of a dynamic block and builds its two codes.
    private func dynamicCodes() throws -> (HuffmanTable, HuffmanTable) {
        let literalCount = try bits(5) + 257
        let distanceCount = try bits(5) + 1
        let codeLengthCount = try bits(4) + 4
        guard literalCount <= 286, distanceCount <= 30 else { throw failure("too many length or distance codes") }
        var codeLengths = [UInt8](repeating: 0, count: 19)
        for k in 0..<codeLengthCount { codeLengths[Self.codeLengthOrder[k]] = UInt8(try bits(3)) }
        let lengthCode = try table(codeLengths, "code length")
        var lengths = [UInt8]()
        lengths.reserveCapacity(literalCount + distanceCount)
        while lengths.count < literalCount + distanceCount {
            let symbol = try decode(lengthCode)
            switch symbol {
            case 0...15: lengths.append(UInt8(symbol))
            case 16:
                guard let previous = lengths.last else { throw failure("a repeat with no previous length") }
                lengths += [UInt8](repeating: previous, count: 3 + (try bits(2)))
            case 17: lengths += [UInt8](repeating: 0, count: 3 + (try bits(3)))
            default: lengths += [UInt8](repeating: 0, count: 11 + (try bits(7)))
            }
        }
        guard lengths.count == literalCount + distanceCount else { throw failure("code lengths run past their count") }
        guard lengths[256] != 0 else { throw failure("no end-of-block code") }
        return (
            try table(Array(lengths[..<literalCount]), "literal/length"), try table(Array(lengths[literalCount...]), "distance")
        )
    }

    private func table(_ lengths: [UInt8], _ name: String) throws -> HuffmanTable {
        do {
            return try HuffmanTable(lengths: lengths)
        } catch {
            throw failure("the \(name) code is oversubscribed")
        }
    }

    /// The next symbol of `code`.
    @inline(__always)
    private func decode(_ code: HuffmanTable) throws -> Int {
        if bitCount < 15 { try refill() }
        let entry = code.fast[Int(truncatingIfNeeded: bitBuffer) & ((1 << HuffmanTable.fastBits) - 1)]
        let length = Int(entry & 0xF)
        if entry != 0 && length <= bitCount {
            bitBuffer >>= UInt64(length)
            bitCount -= length
            return Int(entry >> 4)
        }
        return try decodeSlowly(code)
    }

    /// Canonical decoding bit by bit, for codes longer than the fast table.
    private func decodeSlowly(_ code: HuffmanTable) throws -> Int {
        var value = 0
        var first = 0
        var index = 0
        for length in 1...15 {
            value |= try bits(1)
            let count = code.counts[length]
            if value - first < count { return Int(code.symbols[index + value - first]) }
            index += count
            first = (first + count) << 1
            value <<= 1
        }
        throw failure("an invalid Huffman code")
    }

    private func codedBlock(_ literals: HuffmanTable, _ distances: HuffmanTable) throws {
        while true {
            if outputCount >= Self.capacity { try flush() }
            let symbol = try decode(literals)
            if symbol < 256 {
                output[outputCount] = UInt8(truncatingIfNeeded: symbol)
                outputCount += 1
                memberBytes += 1
                continue
            }
            if symbol == 256 { return }
            let l = symbol - 257
            guard l < 29 else { throw failure("an invalid length code \(symbol)") }
            let length = Int(Self.lengthBase[l]) + (try bits(Int(Self.lengthExtra[l])))
            let d = try decode(distances)
            guard d < 30 else { throw failure("an invalid distance code \(d)") }
            let distance = Int(Self.distanceBase[d]) + (try bits(Int(Self.distanceExtra[d])))
            guard distance <= memberBytes else { throw failure("a distance of \(distance) reaches before the start of the data") }
            copy(length: length, distance: distance)
        }
    }

    /// Appends `length` bytes starting `distance` back (overlapping when distance < length).
    @inline(__always)
    private func copy(length: Int, distance: Int) {
        var to = output + outputCount
        var from = to - distance
        let end = to + length
        if distance >= 8 {
            while to < end {
                UnsafeMutableRawPointer(to).storeBytes(of: UnsafeRawPointer(from).loadUnaligned(as: UInt64.self), as: UInt64.self)
                to += 8
                from += 8
            }
        } else {
            while to < end {
                to.pointee = from.pointee
                to += 1
                from += 1
            }
        }
        outputCount += length
        memberBytes += length
    }

    // MARK: - Output

    /// Adds the bytes not yet checked to the CRC.
    private func checkCRC() {
        if outputCount > checked { crc.update(output + checked, count: outputCount - checked) }
        checked = outputCount
    }

    /// Delivers what was decoded since the last delivery, then keeps only the window.
    private func flush() throws {
        checkCRC()
        if outputCount > delivered {
            try deliver?(Array(UnsafeBufferPointer(start: output + delivered, count: outputCount - delivered)))
        }
        let keep = min(outputCount, Self.windowSize)
        if outputCount > keep { memmove(output, output + outputCount - keep, keep) }
        outputCount = keep
        delivered = keep
        checked = keep
    }
}
