import Testing
@testable import SCIMJSON
import SCIMTestSupport

@Suite struct CaseMapperTests {
    /// The mapper must agree with `String.lowercased()` / `uppercased()` on every scalar of the
    /// Basic Multilingual Plane and a sample of the others.
    @Test(arguments: [true, false])
    func agreesWithTheStandardLibrary(lower: Bool) {
        var mapper = CaseMapper(lower: lower)
        var ranges: [ClosedRange<UInt32>] = stride(from: 0, to: 0x10000, by: 256).map { UInt32($0)...UInt32($0 + 255) }
        ranges += [0x10400...0x1044F, 0x1E900...0x1E95F, 0x1F600...0x1F64F]
        for range in ranges {
            let text = String(String.UnicodeScalarView(range.compactMap(Unicode.Scalar.init)))
            let expected = lower ? text.lowercased() : text.uppercased()
            let mapped = Array(text.utf8).withUnsafeBytes { mapper.map($0) }
            #expect(mapped.map { String(decoding: $0, as: UTF8.self) } ?? text == expected, "block \(range.lowerBound)")
        }
    }

    @Test func namesAndUnchangedText() {
        var lower = CaseMapper(lower: true)
        func map(_ s: String) -> String? { Array(s.utf8).withUnsafeBytes { lower.map($0) }.map { String(decoding: $0, as: UTF8.self) } }
        #expect(map("NGUYỄN ÅSA") == "nguyễn åsa")
        #expect(map("İSTANBUL") == "i̇stanbul")
        #expect(map("already lower, 李") == nil)
        #expect(map("ΟΔΟΣ") == "οδοσ")
        var upper = CaseMapper(lower: false)
        #expect(Array("straße".utf8).withUnsafeBytes { upper.map($0) }.map { String(decoding: $0, as: UTF8.self) } == "STRASSE")
    }
}
