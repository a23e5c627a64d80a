import Testing
@testable import SCIMJSON
import SCIMTestSupport

/// The word-at-a-time searches against their byte-loop references, on random bytes.
@Suite struct ByteSearchTests {
    static func randomBytes(_ count: Int, seed: UInt64, specialEvery: Int) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let r = Int(state >> 33)
            if r % specialEvery == 0 { return [0x22, 0x5C, 0x00, 0x1F, 0x80, 0xFF, 0xC3][r % 7] }
            return UInt8(0x20 + (r >> 8) % 0x5F)  // printable ASCII, including " and \ sometimes
        }
    }

    @Test(arguments: [3, 17, 64, 1000])
    func stringSpecialsMatchTheReference(specialEvery: Int) {
        for seed in 1...20 as ClosedRange<UInt64> {
            let bytes = Self.randomBytes(300, seed: seed, specialEvery: specialEvery)
            bytes.withUnsafeBytes { b in
                for from in 0..<bytes.count {
                    for end in [bytes.count, min(bytes.count, from + 1), min(bytes.count, from + 9), min(bytes.count, from + 23)] where end >= from {
                        let expected = min(ByteSearch.firstStringSpecialReference(Array(bytes[..<end]), from: from), end)
                        #expect(ByteSearch.firstStringSpecial(b.baseAddress!, from: from, end: end) == expected)
                        let four = min(ByteSearch.firstOfReference(0x2C, 0x22, 0x0A, 0x5C, Array(bytes[..<end]), from: from), end)
                        #expect(ByteSearch.firstOf(0x2C, 0x22, 0x0A, 0x5C, b.baseAddress!, from: from, end: end) == four)
                        let q = min(ByteSearch.firstQuoteOrBackslashReference(Array(bytes[..<end]), from: from), end)
                        #expect(ByteSearch.firstQuoteOrBackslash(b.baseAddress!, from: from, end: end) == q)
                    }
                }
            }
        }
    }

    @Test func wordLoweringMatchesTheReference() {
        var state: UInt64 = 99
        for _ in 0..<200_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            #expect(ASCIICase.lowercasedWord(state) == ASCIICase.lowercasedWordReference(state))
        }
        // Every byte value in every lane.
        for b in 0...255 as ClosedRange<UInt64> {
            for lane in 0..<8 {
                let x = b << (8 * lane) | 0x4040_4040_4040_4040 & ~(0xFF << (8 * lane))
                #expect(ASCIICase.lowercasedWord(x) == ASCIICase.lowercasedWordReference(x))
            }
        }
    }

    @Test func caseInsensitiveComparisonMatchesByteByByte() {
        let words = ["a", "userName", "USERNAME", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "Ab@[`{", "x\u{7F}_Z"]
        for w in words {
            let lower = Array(w.utf8).map(\.asciiLowercased)
            for variant in [w, w.uppercased(), w.lowercased(), String(w.dropLast()) + "!"] {
                let bytes = Array(variant.utf8)
                guard bytes.count == lower.count else { continue }
                let expected = zip(bytes, lower).allSatisfy { $0.asciiLowercased == $1 }
                let got = bytes.withUnsafeBytes { a in
                    lower.withUnsafeBufferPointer { ASCIICase.equalsLowercased(a.baseAddress!, $0.baseAddress!, count: bytes.count) }
                }
                #expect(got == expected, "\(variant) vs \(w)")
            }
        }
    }

    @Test func singleByteSearchAndNonASCII() {
        let bytes = Self.randomBytes(500, seed: 9, specialEvery: 50)
        bytes.withUnsafeBytes { b in
            for from in 0..<bytes.count {
                let newline = bytes[from...].firstIndex(of: 0x22) ?? bytes.count
                #expect(ByteSearch.first(0x22, b.baseAddress!, from: from, end: bytes.count) == newline)
                #expect(ByteSearch.containsNonASCII(b.baseAddress!, from: from, end: bytes.count) == bytes[from...].contains { $0 >= 0x80 })
            }
        }
    }
}
