import Foundation
import SCIMJSON
import SCIMSampleData
import Testing
import SCIMTestSupport
@testable import SCIMStream

/// Navigation over a record the fast path tabled (``ValueEnds``) must find exactly the slices
/// that scanning finds: every member, element, key and value, at every depth.
@Suite struct ValueEndsTests {
    /// Every slice reachable from `value`, as "start-end" lines, found with or without the table.
    func walk(_ value: JSONSlice, into out: inout [String]) {
        out.append("\(value.start)-\(value.end) \(value.kind) escapes \(value.kind == .string && value.stringHasEscapes)")
        switch value.kind {
        case .object:
            var members = JSONSlice.MemberIterator(value)
            while let (key, member) = members.next() {
                out.append("key \(key.start)-\(key.end) escapes \(key.stringHasEscapes) value \(key.equalsName(Array("value".utf8)))")
                walk(member, into: &out)
            }
            out.append("member \(value.member(Array("value".utf8)).map { "\($0.start)-\($0.end)" } ?? "none")")
        case .array:
            var elements = JSONSlice.ElementIterator(value)
            while let element = elements.next() { walk(element, into: &out) }
        default:
            break
        }
    }

    /// The walks of every record of `bytes` with the table and without it; also how many
    /// records had a table.
    func walks(_ bytes: [UInt8], chunkSize: Int) throws -> (tabled: [String], scanned: [String], count: Int) {
        var reader = UserRecordReader(options: .init(format: .ndjson, errorPolicy: .skip))
        var tabled: [String] = [], scanned: [String] = []
        var count = 0
        try feed(bytes, chunkSize: chunkSize, to: &reader) { record in
            if record.storage.hasValueEnds { count += 1 }
            record.withView { view in
                for index in view.fields.indices {
                    walk(view.value(index), into: &tabled)
                    let plain = JSONSlice(base: view.bytes, start: view.fields[index].valueStart, end: view.fields[index].valueEnd)
                    walk(plain, into: &scanned)
                }
            }
        }
        return (tabled, scanned, count)
    }

    @Test func generatedUsersNavigateTheSameWithTheTable() throws {
        let users = Array(SampleUsers.ndjson(count: 60, seed: 21).utf8)
        for chunkSize in [7, 4096, Int.max] {
            let (tabled, scanned, count) = try walks(users, chunkSize: chunkSize)
            #expect(tabled == scanned, "chunk \(chunkSize)")
            if chunkSize == Int.max { #expect(count == 60, "every compact record wholly buffered gets a table") }
        }
    }

    @Test func validJSONTestSuiteValuesNavigateTheSame() throws {
        var lines: [UInt8] = []
        for url in Fixtures.files(in: "JSONTestSuite/test_parsing") where url.lastPathComponent.hasPrefix("y_") {
            let content = Fixtures.bytes(url).filter { !$0.isJSONWhitespace || $0 == 0x20 }
            guard !content.contains(0x0A), !content.contains(0x0D) else { continue }
            lines += Array(#"{"v":"#.utf8) + content + Array(#","value":[{"value":"x"},{"v\u0061lue":"\"q\""}],"e":{}}"#.utf8) + [0x0A]
        }
        let (tabled, scanned, count) = try walks(lines, chunkSize: Int.max)
        #expect(count > 50)
        #expect(tabled == scanned)
    }

    @Test func aRecordReadByTheTokenizerHasNoTable() throws {
        // Whitespace inside: the fast path leaves the record to the tokenizer.
        let bytes = Array(#"{"id": "1", "emails": [{"value": "a@b.c"}]}"#.utf8) + [0x0A]
        let (tabled, scanned, count) = try walks(bytes, chunkSize: Int.max)
        #expect(count == 0)
        #expect(tabled == scanned)
    }

    @Test func aKeptCopyKeepsItsTable() throws {
        var reader = UserRecordReader(options: .init(format: .ndjson))
        var kept: [UserRecord] = []
        let users = Array(SampleUsers.ndjson(count: 5, seed: 3).utf8)
        try feed(users, chunkSize: Int.max, to: &reader) { kept.append($0) }
        let expected = SampleUsers.ndjson(count: 5, seed: 3).split(separator: "\n").map(String.init)
        for (record, line) in zip(kept, expected) {
            #expect(record.storage.hasValueEnds)
            var tabled: [String] = [], scanned: [String] = []
            record.withView { view in
                for index in view.fields.indices {
                    walk(view.value(index), into: &tabled)
                    walk(JSONSlice(base: view.bytes, start: view.fields[index].valueStart, end: view.fields[index].valueEnd), into: &scanned)
                }
            }
            #expect(tabled == scanned)
            #expect(String(decoding: record.originalBytes, as: UTF8.self) == line)
        }
    }
}
