import Foundation
import Testing
@testable import SCIMStream

/// The streaming gzip decoder (issue 17) against the system's `gzip`, at any chunk size, and
/// on damaged streams.
@Suite struct GzipDecoderTests {
    /// `data` compressed by `gzip ARGS`.
    static func gzip(_ data: [UInt8], _ arguments: [String] = ["-c"]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exec gzip " + arguments.joined(separator: " ")]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let writer = Thread {
            input.fileHandleForWriting.write(Data(data)); try? input.fileHandleForWriting.close()
        }
        writer.start()
        let compressed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Array(compressed)
    }

    /// Decodes `compressed` handed over in chunks of `chunk` bytes.
    static func decode(_ compressed: [UInt8], chunk: Int = 1 << 16) throws -> [UInt8] {
        var rest = compressed[...]
        let first = Array(rest.prefix(min(chunk, 2)))
        rest = rest.dropFirst(first.count)
        let decoder = GzipDecoder(first: first) {
            guard !rest.isEmpty else { return nil }
            let next = Array(rest.prefix(chunk))
            rest = rest.dropFirst(next.count)
            return next
        }
        var out: [UInt8] = []
        try decoder.run { out += $0 }
        return out
    }

    /// Text like an export, random bytes (stored blocks), long runs (overlapping matches).
    static let samples: [[UInt8]] = {
        var generator = SystemRandomNumberGenerator()
        let text = (0..<30_000).map { #"{"id":"\#($0)","userName":"user\#($0 * 7919 % 1000)@example.com","active":true}"# + "\n" }.joined()
        return [
            [], Array("a".utf8), Array(text.utf8), (0..<200_000).map { _ in UInt8.random(in: 0...255, using: &generator) },
            [UInt8](repeating: 0x41, count: 100_000) + Array("xyz".utf8) + [UInt8](repeating: 0x42, count: 70_000)
        ]
    }()

    @Test(arguments: ["-1", "-6", "-9"])
    func decodesWhatGzipWrites(level: String) throws {
        for sample in Self.samples {
            let compressed = try Self.gzip(sample, ["-c", level])
            #expect(try Self.decode(compressed) == sample)
        }
    }

    @Test(arguments: [1, 2, 7, 4096])
    func anyChunkSizeGivesTheSameBytes(chunk: Int) throws {
        let sample = Array(Self.samples[2].prefix(chunk == 1 ? 40_000 : 3_000_000))
        let compressed = try Self.gzip(sample, ["-c", "-9"])
        #expect(try Self.decode(compressed, chunk: chunk) == sample)
    }

    @Test func concatenatedMembersAndOptionalHeaderFields() throws {
        let a = Array("first\n".utf8), b = Array("second\n".utf8)
        var withFields = try Self.gzip(b)
        // FEXTRA (4 bytes), FNAME, FCOMMENT and FHCRC inserted after the fixed header.
        withFields[3] |= 0x04 | 0x08 | 0x10 | 0x02
        withFields.insert(contentsOf: [4, 0, 1, 2, 3, 4] + Array("name\0comment\0".utf8), at: 10)
        var crc = CRC32()
        withFields.withUnsafeBufferPointer { crc.update($0.baseAddress!, count: 10 + 6 + 13) }
        withFields.insert(contentsOf: [UInt8(crc.value & 0xFF), UInt8(crc.value >> 8 & 0xFF)], at: 10 + 6 + 13)
        #expect(try Self.decode(try Self.gzip(a) + withFields + Self.gzip([])) == a + b)
    }

    @Test func damagedStreamsAreErrorsWithTheirOffset() throws {
        let sample = Array(Self.samples[2].prefix(50_000))
        let compressed = try Self.gzip(sample, ["-c", "-6"])
        // Every cut of the stream fails (nothing is taken for the whole).
        for cut in stride(from: 2, to: compressed.count, by: 97) {
            #expect(throws: CompressedDataError.self) { try Self.decode(Array(compressed.prefix(cut))) }
        }
        // A flipped bit anywhere after the header: a bad code, or the CRC or length disagree.
        for position in stride(from: 10, to: compressed.count, by: 53) {
            var damaged = compressed
            damaged[position] ^= 0x10
            #expect(throws: CompressedDataError.self) { try Self.decode(damaged) }
        }
        let trailing = try #require(throws: CompressedDataError.self) { try Self.decode(compressed + Array("junk".utf8)) }
        #expect(trailing.offset == compressed.count)
        let notGzip = try #require(throws: CompressedDataError.self) { try Self.decode([0x1F, 0x8B, 9, 0] + compressed.dropFirst(4)) }
        #expect(notGzip.reason == "compression method is not DEFLATE")
    }

    /// Defects a hostile review found (issue 17).
    @Test func paddingHeaderChecksumAndWhatCameBeforeTheDamage() throws {
        let sample = Array(Self.samples[2].prefix(3_000_000))
        let compressed = try Self.gzip(sample, ["-c", "-6"])
        // Zero bytes after the last member are padding, as gzip treats them.
        #expect(try Self.decode(compressed + [UInt8](repeating: 0, count: 512)) == sample)
        #expect(throws: CompressedDataError.self) { try Self.decode(compressed + [0, 0, 7]) }
        // A cut stream hands over what it decoded before throwing.
        var rest = compressed[..<(compressed.count / 2)]
        let decoder = GzipDecoder(first: []) {
            guard !rest.isEmpty else { return nil }
            defer { rest = [] }
            return Array(rest)
        }
        var out: [UInt8] = []
        #expect(throws: CompressedDataError.self) { try decoder.run { out += $0 } }
        #expect(out.count > 800_000 && out == Array(sample.prefix(out.count)))
        // FHCRC: the header's CRC-16 is checked.
        var header = try Self.gzip(Array("x\n".utf8))
        header[3] |= 0x02
        var crc = CRC32()
        header.withUnsafeBufferPointer { crc.update($0.baseAddress!, count: 10) }
        let good = header[..<10] + [UInt8(crc.value & 0xFF), UInt8(crc.value >> 8 & 0xFF)] + header[10...]
        #expect(try Self.decode(Array(good)) == Array("x\n".utf8))
        var bad = Array(good)
        bad[10] ^= 1
        #expect(throws: CompressedDataError.self) { try Self.decode(bad) }
    }

    @Test func crcOfKnownText() {
        var crc = CRC32()
        let text = Array("The quick brown fox jumps over the lazy dog".utf8)
        text.withUnsafeBufferPointer { crc.update($0.baseAddress!, count: $0.count) }
        #expect(crc.value == 0x414F_A339)
    }
}
