import Foundation
import Testing
@testable import SCIMJSON
import SCIMTestSupport

@Suite struct TokenizerTests {
    /// Tokenizes `text`, where `⏵` marks where the error must be reported, and returns the error.
    func error(at marked: String, options: JSONTokenizer.Options = .init()) -> (JSONSyntaxError?, InputLocation) {
        let parts = marked.split(separator: "⏵", maxSplits: 1, omittingEmptySubsequences: false)
        let before = Array(parts[0].utf8)
        let text = before + (parts.count > 1 ? Array(parts[1].utf8) : [])
        let line = before.filter { $0 == 0x0A }.count + 1
        let lineStart = (before.lastIndex(of: 0x0A).map { $0 + 1 }) ?? 0
        let expected = InputLocation(line: line, column: before.count - lineStart + 1, offset: before.count)
        var results: [JSONSyntaxError?] = []
        for size in chunkSizes {
            switch tokenize(text, chunkSize: size, options: options) {
            case .success: results.append(nil)
            case .failure(let e): results.append(e)
            }
        }
        #expect(Set(results.map { "\(String(describing: $0))" }).count == 1, "differs between chunk sizes: \(results)")
        return (results[0], expected)
    }

    @Test(arguments: [
        "[1, 2,⏵]",
        "{\"a\": 1,\n  \"b\" ⏵2}",
        "{\"a\": tru⏵x}",
        "[\"abc⏵\n\"]",
        "[0⏵1]",
        "{\"ok\": \"\\⏵x\"}",
        "[1]\n\n   ⏵x",
        "{⏵'a': 1}",
        "[1.⏵e5]",
        "[\"\\ud800⏵\"]"
    ])
    func errorPositions(marked: String) {
        let (found, expected) = error(at: marked)
        guard let found else {
            Issue.record("accepted: \(marked)")
            return
        }
        #expect(found.location == expected, "\(marked): \(found)")
    }

    @Test func errorMessagesNameTheProblem() {
        #expect(error(at: "[1, 2,⏵]").0?.message == "unexpected character ']', expected a value")
        #expect(error(at: "{\"a\" ⏵1}").0?.message == "unexpected character '1', expected ':'")
        #expect(error(at: "[0⏵1]").0?.message == "invalid number: leading zeros are not allowed")
        #expect(
            error(at: "[\"a\u{01}\"]".replacingOccurrences(of: "\u{01}", with: "⏵\u{01}")).0?.message
                == "unescaped control character 0x01 in string")
        #expect(error(at: "[1, 2⏵").0?.message == "unexpected end of input inside array")
    }

    @Test func invalidUTF8IsPinpointed() {
        // E2 82 followed by a quote: a truncated three-byte sequence; the error is at the quote.
        let bytes: [UInt8] = Array("[\"ab".utf8) + [0xE2, 0x82] + Array("\"]".utf8)
        for size in chunkSizes {
            guard case .failure(let e) = tokenize(bytes, chunkSize: size) else {
                Issue.record("accepted")
                return
            }
            #expect(e.reason == .invalidUTF8)
            #expect(e.location.offset == 6)
        }
    }

    @Test func numbersKeepTheirOriginalText() throws {
        let text = "[1.0, -0, 1E+2, 100000000000000000000000000000001, 0.000001e-7]"
        let bytes = text.bytes
        for size in chunkSizes {
            let tokens = try tokenize(bytes, chunkSize: size).get().filter { $0.kind == .number }
            let texts = tokens.map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }
            #expect(texts == ["1.0", "-0", "1E+2", "100000000000000000000000000000001", "0.000001e-7"])
        }
    }

    @Test func topLevelNumberEndsAtEndOfInput() throws {
        let tokens = try tokenize("  42".bytes, chunkSize: 1).get()
        #expect(tokens == [JSONToken(kind: .number, start: 2, end: 4, depth: 0)])
    }

    @Test func streamModeAcceptsConcatenatedValues() throws {
        let options = JSONTokenizer.Options(allowsMultipleValues: true)
        let tokens = try tokenize("{}{}\n[] 1 \"x\"".bytes, chunkSize: 2, options: options).get()
        #expect(tokens.map(\.kind) == [.beginObject, .endObject, .beginObject, .endObject, .beginArray, .endArray, .number, .string])
        // Empty input is fine for a stream, an error for a document.
        #expect((try? tokenize("  \n".bytes, chunkSize: 1, options: options).get()) == [])
        guard case .failure(let e) = tokenize("  \n".bytes, chunkSize: 1) else {
            Issue.record("empty document accepted")
            return
        }
        #expect(e.reason == .noValue)
    }

    @Test func linesAreCounted() {
        let (e, expected) = error(at: "[\n1,\r\n2,\n\n⏵}")
        #expect(e?.location == expected)
        #expect(expected.line == 5)
    }

    @Test func depthLimit() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        guard case .failure(let e) = tokenize(deep.bytes, chunkSize: 4096) else {
            Issue.record("accepted")
            return
        }
        #expect(e.reason == .tooDeep(limit: 256))
        #expect(e.location.offset == 256)
        let ok = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        #expect((try? tokenize(ok.bytes, chunkSize: 7).get())?.count == 512)
        // Mixed objects and arrays deeper than 64 levels pop back to the right kinds.
        var mixed = ""
        for i in 0..<200 { mixed += i % 3 == 0 ? "{\"k\":" : "[" }
        mixed += "1"
        for i in (0..<200).reversed() { mixed += i % 3 == 0 ? "}" : "]" }
        #expect((try? tokenize(mixed.bytes, chunkSize: 5).get()) != nil)
    }

    @Test func reportDepthHidesNestedTokens() throws {
        let text = #"{"a":{"b":[1,2,{"c":3}]},"d":"e"}"#
        let tokens = try tokenize(text.bytes, chunkSize: 3, reportDepth: 1).get()
        #expect(tokens.map(\.kind) == [.beginObject, .key, .beginObject, .endObject, .key, .string, .endObject])
        #expect(tokens[2].start == 5 && tokens[3].end == 24)
    }

    @Test func recoversFromStringErrorsWhenAsked() throws {
        let options = JSONTokenizer.Options(recoversFromStringErrors: true)
        var tokenizer = JSONTokenizer(options: options)
        let bytes: [UInt8] = Array(#"["a\x", "b"#.utf8) + [0xFF] + Array(#"", "\ud800"]"#.utf8)
        var kinds: [JSONTokenKind] = []
        try bytes.withUnsafeBytes { window in
            while case .token(let t) = try tokenizer.next(window, base: 0, isFinal: true) { kinds.append(t.kind) }
        }
        #expect(kinds == [.beginArray, .string, .string, .string, .endArray])
        #expect(tokenizer.pendingStringError?.reason == .invalidEscape)
    }

    @Test func byteOrderMarks() {
        #expect((try? tokenize([0xEF, 0xBB, 0xBF] + "{}".bytes, chunkSize: 1).get())?.count == 2)
        guard case .failure(let e) = tokenize([0xFF, 0xFE] + "{}".bytes, chunkSize: 1) else {
            Issue.record("UTF-16 accepted")
            return
        }
        #expect(e.reason == .byteOrderMark)
        guard case .failure = tokenize("[1]".bytes + [0xEF, 0xBB, 0xBF], chunkSize: 1, options: .init(allowsMultipleValues: true)) else {
            Issue.record("BOM accepted mid-stream")
            return
        }
    }
}
