import Foundation
import Testing
@testable import SCIMStream

/// Values nested far deeper than SCIM ever needs, read by a library user who raised the
/// reader's limit: stages and writers walk them in loops (they overflowed the stack).
@Suite struct DeepValueTests {
    static let depth = 100_000

    static func deep(_ leaf: String, depth: Int = depth) -> String {
        String(repeating: "[", count: depth) + leaf + String(repeating: "]", count: depth)
    }

    /// Reads one record with a reader allowing `depth + 2` levels.
    static func record(_ json: String, depth: Int = depth) throws -> UserRecord {
        let records = try readUserRecords(Array((json + "\n").utf8), options: .init(maxDepth: depth + 2))
        return try #require(records.first)
    }

    @Test func pseudonymizeWalksDeepArrays() throws {
        var record = try Self.record(#"{"userName":"u","emails":\#(Self.deep(#""a""#))}"#)
        var stage = PseudonymizeStage([path("emails")], key: Array("k".utf8))
        _ = try stage.process(&record)
        let tag = HMACSHA256(key: Array("k".utf8)).hexTag(Array("a".utf8))
        #expect(record.jsonText == #"{"userName":"u","emails":\#(Self.deep("\"\(tag)\""))}"#)
    }

    @Test func caseNormalizationWalksDeepArrays() throws {
        var record = try Self.record(#"{"userName":\#(Self.deep(#""ÅSA""#)),"roles":\#(Self.deep(#""X", {"a":"B"}"#))}"#)
        var lower = CaseNormalization(path("userName"), .lowercase)
        var roles = CaseNormalization(path("roles"), .lowercase)
        _ = try lower.process(&record)
        _ = try roles.process(&record)
        #expect(record.jsonText == #"{"userName":\#(Self.deep(#""åsa""#)),"roles":\#(Self.deep(#""x",{"a":"B"}"#))}"#)
    }

    @Test func nestedArraysOfStringsStillChangeElementByElement() throws {
        let out = try apply([CaseNormalization(path("roles"), .uppercase)], to: #"{"roles":["a", ["b", [ "c" ], {"x":"y"}], 1, null]}"#)
        #expect(out == #"{"roles":["A",["B",["C"],{"x":"y"}],1,null]}"#)
        let kept = try apply([CaseNormalization(path("roles"), .uppercase)], to: #"{"roles":["A", ["B"]]}"#)
        #expect(kept == #"{"roles":["A",["B"]]}"#)
    }

    @Test func csvShowsDeepValuesAsCompactJSON() throws {
        let columns = try CSVColumn.parseList("u=userName,n=name")
        let objects = String(repeating: #"{"a":"#, count: Self.depth) + "1" + String(repeating: "}", count: Self.depth)
        let inner = Self.deep(#""x""#, depth: Self.depth - 2)
        let record = try Self.record(#"{"userName":[ \#(inner) ],"name":\#(objects)}"#)
        let sink = MemorySink()
        let out = OutputBuffer(sink: sink)
        var writer: any RecordWriter = CSVWriter(options: .init(columns: columns, header: false))
        try writer.write(record, to: out)
        try out.flush()
        func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        // userName is flattened one level: the cell is its one element, as compact JSON.
        #expect(sink.text == quoted(inner) + "," + quoted(objects) + "\n")
    }

    @Test func compactTextIsTheTreesText() throws {
        let values = [
            #"{ "a" : [1, 2.50E+3, true, null], "b\u00e9" : "x\"y\\z\u0041\n", "c": {"d": [ ] } }"#,
            #"[ "é", "\ud83d\ude00", "\u0000", -0.0 ]"#, #""plain""#, "[[[[]]]]"
        ]
        for text in values {
            let bytes = Array(text.utf8)
            var compact: [UInt8] = []
            bytes.withUnsafeBytes { JSONCompactText.append(JSONSlice($0), to: &compact) }
            #expect(compact == (try JSONValue(json: bytes)).jsonBytes, "\(text)")
        }
    }

    /// Typed access builds a JSONValue tree (recursive by nature): safe at the ceiling of
    /// `--max-depth`, NestingLimits.maxDepth.
    @Test func typedAccessAtTheCeiling() throws {
        let n = NestingLimits.maxDepth - 2
        let record = try Self.record(#"{"userName":"u","emails":\#(Self.deep(#""a""#, depth: n))}"#, depth: n)
        let values = record.values(at: path("emails"))
        #expect(values.count == 1)
        let again = record.value(ofMember: "emails")
        #expect(again == .array(values))
        #expect(again?.description == Self.deep(#""a""#, depth: n))
    }
}
