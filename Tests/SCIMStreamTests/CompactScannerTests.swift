import Foundation
import SCIMSampleData
import Testing
import SCIMTestSupport
@testable import SCIMStream

/// The reader's fast path (``CompactRecordScanner``) must change nothing but speed: every
/// input gives the same records, member tables, locations, rejections and errors with it as
/// with the tokenizer alone.
@Suite struct CompactScannerTests {
    /// Everything a reader reports about `bytes`, as text, with the fast path on or off.
    func trace(_ bytes: [UInt8], format: InputFormat, policy: ErrorPolicy, chunkSize: Int, compact: Bool) -> String {
        var reader = UserRecordReader(options: .init(format: format, maxDepth: 8, maxRecordBytes: 600, errorPolicy: policy))
        reader.usesCompactScanner = compact
        var out = ""
        reader.onReject = { rejected in
            out += "reject \(rejected.error.message) @\(rejected.error.location) #\(rejected.error.recordNumber) raw=\(rejected.raw)\n"
        }
        let deliver: (inout UserRecord) -> Void = { record in
            out += "record #\(record.location.number) @\(record.location.start) ws=\(record.storage.hasWhitespace) \(record.originalBytes)\n"
            for f in record.storage.fields {
                out += "  \(f.keyStart) \(f.keyEnd) \(f.valueStart) \(f.valueEnd) \(f.flags.rawValue) \(f.kind)\n"
            }
        }
        do {
            try feed(bytes, chunkSize: chunkSize, to: &reader, deliver)
        } catch {
            out += "error \(error)\n"
        }
        return out
    }

    func expectSameTrace(_ bytes: [UInt8], _ name: String, formats: [InputFormat] = [.ndjson, .auto]) {
        for format in formats {
            for policy in ErrorPolicy.allCases {
                for chunkSize in [5, 64, Int.max] {
                    let fast = trace(bytes, format: format, policy: policy, chunkSize: chunkSize, compact: true)
                    let slow = trace(bytes, format: format, policy: policy, chunkSize: chunkSize, compact: false)
                    #expect(fast == slow, "\(name) \(format) \(policy) chunk \(chunkSize)")
                    if fast != slow { return }
                }
            }
        }
    }

    @Test func jsonTestSuiteValuesAsMemberValuesAndAsLines() throws {
        for url in Fixtures.files(in: "JSONTestSuite/test_parsing") {
            let content = Fixtures.bytes(url)
            // As a member value of a compact record, between two good records, and alone on a line.
            let good = Array(#"{"id":"1","n":[1,{"a":null}]}"#.utf8)
            let wrapped = good + [0x0A] + Array(#"{"v":"#.utf8) + content + Array("}".utf8) + [0x0A] + good + [0x0A] + content + [0x0A] + good
            expectSameTrace(wrapped, url.lastPathComponent)
        }
    }

    @Test func generatedUsersAndListResponseLookalikes() {
        let users = Array(SampleUsers.ndjson(count: 40, seed: 9).utf8)
        expectSameTrace(users, "users")
        let lookalikes = #"""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"Resources":[]}
            {"id":"x","ReSoUrCeS":[{"id":"in-resources"}]}
            {"schemas":null,"a":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"id":"scalar schemas"}
            {"schemas":"urn:ietf:params:scim:api:messages:2.0:ListResponse","id":"string schemas"}
            {"id":"u","schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":1}
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:api:messages:2.0:LISTRESPONSE"]}
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:listresponse"],"id":"lower"}
            {"id":"y","schemas":["urn:ietf:params:scim:api:messages:2.0:\u004CistResponse"]}
            {"id":"z","schemas":"listresponse"}{"r\u0065sources":null}
            {"id":"w","schemas":["urn:ietf:params:scim:schemas:core:2.0:User"]} {"id":"v"}
            [{"id":"array"}]
            {"a":"\uD83D\uDE00","b":"\uDE00","c":"é\u00e9","d":-0.5e+3,"e":[[[[[[[[1]]]]]]]]}
            {"deep":[[[[[[[1]]]]]]],"ok":true}
            {"big":"\#(String(repeating: "x", count: 700))"}
            {"id":"after-big"}
            """#
        expectSameTrace(Array(lookalikes.utf8), "lookalikes")
    }

    @Test func listResponsesAndArrays() {
        let pages = Array(SampleUsers.listResponsePages(count: 30, pageSize: 7, seed: 5).utf8)
        expectSameTrace(pages, "pages", formats: [.list, .auto])
        let compact = #"""
            {"totalResults":3,"Resources":[{"id":"1"},{"id":"2","a":[1,{"b":null}]} ,
             {"id":"3"},7,{"id":"4","x":"\uD800"},{"id":"5","deep":[[[[[[1]]]]]]},{"id":"6"}],"itemsPerPage":3}
            {"Resources":[{"id":"7"}],"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"]}[{"id":"8"},{"id":"9"}]
            [{"id":"10"},[],{"id":"11"}]
            """#
        expectSameTrace(Array(compact.utf8), "compact pages", formats: [.list, .array, .auto])
    }

    @Test func mutatedRecords() {
        let good = Array(Array(SampleUsers.ndjson(count: 1, seed: 4).utf8).prefix { $0 != 0x0A })
        var generator = SplitMix64(seed: 42)
        let alphabet = Array(#"{}[]":,\u0 1-.eE+tfnrl"#.utf8) + [0x0A, 0x09, 0xC3, 0xA9, 0xED, 0xA0, 0xF4, 0x90, 0x80, 0x00, 0x1F]
        for round in 0..<400 {
            var bytes = good
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let k = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[k] = alphabet.randomElement(using: &generator)!
                case 1: bytes.remove(at: k)
                default: bytes.insert(alphabet.randomElement(using: &generator)!, at: k)
                }
            }
            expectSameTrace(Array(#"{"id":"before"}"#.utf8) + [0x0A] + bytes + [0x0A] + Array(#"{"id":"after"}"#.utf8), "mutation \(round)")
            if round % 4 == 0 {
                // The same damage inside a ListResponse, between good elements.
                let page = Array(#"{"Resources":[{"id":"before"},"#.utf8) + bytes + Array(#",{"id":"after"}],"totalResults":3}"#.utf8)
                expectSameTrace(page, "mutation \(round) in Resources", formats: [.list, .auto])
            }
        }
    }
}
