import Foundation
import Testing
@testable import SCIMJSON
import SCIMTestSupport

/// RFC 8259 conformance against JSONTestSuite (vendored with its LICENSE under Fixtures/).
@Suite struct JSONTestSuiteTests {
    static let files = Fixtures.files(in: "JSONTestSuite/test_parsing").filter { $0.pathExtension == "json" }

    /// The project's decision for each implementation-defined (`i_`) case; see README, "JSON conformance".
    static func expectation(_ name: String) -> Bool {
        if name.hasPrefix("y_") { return true }
        if name.hasPrefix("n_") { return false }
        // Numbers are kept as their original text, so no range limit applies.
        if name.hasPrefix("i_number_") { return true }
        // A UTF-8 byte order mark at the start is skipped.
        if name == "i_structure_UTF-8_BOM_empty_object.json" { return true }
        // Deeper than the default --max-depth of 256 (accepted with a higher limit, tested below).
        if name == "i_structure_500_nested_arrays.json" { return false }
        // Everything else is invalid UTF-8, UTF-16 input or an unpaired surrogate escape: rejected.
        return false
    }

    @Test("every y_ accepted, every n_ rejected, each i_ as documented", arguments: files)
    func conformance(file: URL) {
        let bytes = Fixtures.bytes(file)
        let expected = Self.expectation(file.lastPathComponent)
        var outcomes: [String] = []
        for size in chunkSizes {
            switch tokenize(bytes, chunkSize: size) {
            case .success(let tokens):
                #expect(expected, "\(file.lastPathComponent) accepted at chunk size \(size)")
                outcomes.append("ok \(tokens)")
            case .failure(let error):
                #expect(!expected, "\(file.lastPathComponent) rejected at chunk size \(size): \(error)")
                outcomes.append("error \(error)")
            }
        }
        // Identical tokens (with offsets) or the identical error at every chunk size.
        #expect(Set(outcomes).count == 1, "\(file.lastPathComponent): results differ between chunk sizes")
        // Skipping nested tokens (reportDepth 0) validates exactly as much.
        let silent = tokenize(bytes, chunkSize: Int.max, reportDepth: 0)
        switch silent {
        case .success: #expect(expected)
        case .failure: #expect(!expected)
        }
    }

    @Test func fiveHundredNestedArraysAcceptedWithAHigherLimit() throws {
        let url = Fixtures.root.appendingPathComponent("JSONTestSuite/test_parsing/i_structure_500_nested_arrays.json")
        let result = tokenize(Fixtures.bytes(url), chunkSize: 4096, options: .init(maxDepth: 1000))
        let tokens = try result.get()
        #expect(tokens.count == 1000)
        guard case .failure(let error) = tokenize(Fixtures.bytes(url), chunkSize: 4096) else {
            Issue.record("accepted at the default depth")
            return
        }
        #expect(error.reason == .tooDeep(limit: 256))
    }

    @Test func everyYFileAgreesWithFoundationOnStrings() {
        // Decoded string tokens must equal what an independent parser decodes.
        var compared = 0
        for file in Self.files where file.lastPathComponent.hasPrefix("y_string") {
            let bytes = Fixtures.bytes(file)
            guard let tokens = try? tokenize(bytes, chunkSize: 3).get(),
                let array = foundationJSON(bytes) as? [Any], let expected = array.first as? String
            else { continue }
            let strings = tokens.filter { $0.kind == .string }
            #expect(strings.count == 1)
            let decoded = bytes.withUnsafeBytes { JSONString.decode(UnsafeRawBufferPointer(rebasing: $0[strings[0].start..<strings[0].end])) }
            #expect(decoded == expected, "\(file.lastPathComponent)")
            compared += 1
        }
        #expect(compared >= 30)
    }
}
