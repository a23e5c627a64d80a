import Foundation
import Testing
import SCIMTestSupport
@testable import SCIMStream
import SCIMSampleData

@Suite struct RecordReaderTests {
    func records(_ text: String, _ format: InputFormat = .auto) throws -> [String] {
        let results = try chunkSizes.map { try readRecords(text.bytes, chunkSize: $0, options: .init(format: format)) }
        for r in results { #expect(r == results[0], "chunked results differ") }
        return results[0]
    }

    func failure(_ text: String, _ format: InputFormat = .auto) -> RecordError? {
        var errors: [RecordError?] = []
        for size in chunkSizes {
            do {
                _ = try readRecords(text.bytes, chunkSize: size, options: .init(format: format))
                errors.append(nil)
            } catch let e as RecordError {
                errors.append(e)
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
        #expect(Set(errors.map { "\(String(describing: $0))" }).count == 1, "errors differ: \(errors)")
        return errors.first ?? nil
    }

    @Test func ndjsonVariants() throws {
        let text = "{\"id\":\"1\"}\n\n{\"id\":\"2\"}\r\n  {\"id\":\"3\"} {\"id\":\"4\"}{\"id\":\"5\"}\n{\n  \"id\": \"6\",\n  \"a\": [1, 2]\n}\n"
        let expected = (1...5).map { "{\"id\":\"\($0)\"}" } + ["{\"id\":\"6\",\"a\":[1,2]}"]
        #expect(try records(text, .ndjson) == expected)
        #expect(try records(text, .auto) == expected)
    }

    @Test func listResponseInAnyKeyOrder() throws {
        let users = "[{\"id\":\"a\"},\n {\"id\":\"b\", \"x\": {\"Resources\": []}}]"
        let variants = [
            "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],\"totalResults\":2,\"Resources\":\(users)}",
            "{\"Resources\":\(users),\"totalResults\":2}",
            "{\"totalResults\":2,\"itemsPerPage\":2,\"startIndex\":1,\"resources\":\(users)}",
            "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],\"Resources\":\(users),\"totalResults\":2}"
        ]
        for text in variants {
            #expect(try records(text, .auto) == ["{\"id\":\"a\"}", "{\"id\":\"b\",\"x\":{\"Resources\":[]}}"], "\(text)")
            #expect(try records(text, .list) == ["{\"id\":\"a\"}", "{\"id\":\"b\",\"x\":{\"Resources\":[]}}"], "\(text)")
        }
    }

    @Test func emptyListResponses() throws {
        for text in [
            "{\"totalResults\":0,\"Resources\":null}",
            "{\"totalResults\":0,\"Resources\":[]}",
            "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],\"totalResults\":0}"
        ] {
            #expect(try records(text, .auto) == [], "\(text)")
            #expect(try records(text, .list) == [], "\(text)")
        }
    }

    @Test func concatenatedPagesAndArrays() throws {
        let pages = SampleUsers.listResponsePages(count: 25, pageSize: 10)
        let ndjson = SampleUsers.ndjson(count: 25)
        let expected = try records(ndjson, .ndjson)
        #expect(expected.count == 25)
        #expect(try records(pages, .auto) == expected)
        #expect(try records(pages, .list) == expected)
        let array = "[" + ndjson.split(separator: "\n").joined(separator: ",\n") + "]\n[]\n"
        #expect(try records(array, .auto) == expected)
        #expect(try records(array, .array) == expected)
    }

    @Test func userWithSchemasIsNotAListResponse() throws {
        let user = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"u\",\"totalResults\":1}"
        #expect(try records(user, .auto) == [user])
        // The URN in another member than `schemas` (here after a scalar `schemas`) names nothing.
        let scalar = #"{"schemas":null,"a":["urn:ietf:params:scim:api:messages:2.0:ListResponse"]}"#
        let pretty = #"{"schemas": "x", "a": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"]}"#
        #expect(
            try records(scalar + "\n" + pretty, .auto) == [scalar, #"{"schemas":"x","a":["urn:ietf:params:scim:api:messages:2.0:ListResponse"]}"#])
    }

    @Test func shapeErrors() {
        #expect(failure("{\"id\":1}\n[1]", .ndjson)?.message == "expected a user object, found an array")
        #expect(failure("{\"id\":1}\n42\n", .auto)?.message == "expected a user object, found a number")
        #expect(failure("{\"id\":1}\n42\n", .auto)?.recordNumber == 2)
        #expect(
            failure("{\"totalResults\":1,\"Resources\":{\"id\":1}}", .auto)?.message == "\"Resources\" must be an array of users, found an object")
        #expect(failure("{\"Resources\":[{\"id\":1}, 7]}", .list)?.message == "expected a user object in the Resources array, found a number")
        #expect(failure("{\"id\":1}", .list)?.message.hasPrefix("object is not a SCIM ListResponse") == true)
        #expect(failure("[{\"id\":1}, [2]]", .array)?.message == "expected a user object in the array, found an array")
    }

    @Test func errorsCarryRecordNumbersAndPositions() throws {
        let text = "{\"id\":1}\n{\"id\":2}\n{\"id\": 3, \"x\": [1,, 2]}\n"
        let e = try #require(failure(text, .ndjson))
        #expect(e.recordNumber == 3)
        #expect(e.location == InputLocation(line: 3, column: 19, offset: 36))
    }

    @Test func recordLocations() throws {
        let text = "{\"id\":1}\n\n  {\"id\":2}"
        let all = try readUserRecords(text.bytes)
        #expect(all.map(\.location.number) == [1, 2])
        #expect(all[1].location.start == InputLocation(line: 3, column: 3, offset: 12))
    }

    @Test func recordSizeLimit() {
        let big = "{\"id\":\"" + String(repeating: "x", count: 5000) + "\"}"
        let options = UserRecordReader.Options(format: .ndjson, maxRecordBytes: 4096, readSize: 1024)
        #expect(throws: RecordError.self) { try readRecords(big.bytes, chunkSize: 100, options: options) }
        #expect(throws: RecordError.self) { try readRecords(big.bytes, options: options) }
        #expect((try? readRecords(big.bytes, options: .init(format: .ndjson, maxRecordBytes: 6000)))?.count == 1)
    }

    @Test func memoryDoesNotGrowWithTheInput() throws {
        // 8,000 users through a reader fed 64 KiB at a time: the buffer stays near one read.
        let text = SampleUsers.listResponsePages(count: 8_000, pageSize: 4_000).bytes
        var reader = UserRecordReader(options: .init(readSize: 64 << 10))
        var count = 0
        var offset = 0
        while offset < text.count {
            let n = min(64 << 10, text.count - offset)
            try reader.consume(Array(text[offset..<offset + n])) { _ in count += 1 }
            offset += n
        }
        try reader.finish { _ in count += 1 }
        #expect(count == 8_000)
        #expect(text.count > 10_000_000)
        #expect(reader.window.capacity <= 256 << 10)
    }

    @Test func keptRecordsStayValid() throws {
        // The reader reuses storage only when nobody holds the previous record.
        let all = try readUserRecords(SampleUsers.ndjson(count: 50).bytes)
        #expect(all.count == 50)
        #expect(Set(all.map { $0.rawValue(ofMember: "id") ?? [] }).count == 50)
    }
}

/// Inputs the reader fuzzer found (Fixtures/fuzz/reader-*): the first byte chose the format,
/// policy and chunk size; every chunk size must give the same records, rejects and failure.
@Suite struct ReaderFuzzRegressionTests {
    static let inputs = Fixtures.files(in: "fuzz").filter { $0.lastPathComponent.hasPrefix("reader-") }

    func outcome(_ body: [UInt8], _ options: UserRecordReader.Options, chunk: Int) -> [String] {
        var reader = UserRecordReader(options: options)
        var events: [String] = []
        reader.onReject = { events.append("reject \($0.error)") }
        do {
            var offset = 0
            while offset < body.count {
                let n = min(chunk, body.count - offset)
                try reader.consume(Array(body[offset..<offset + n])) { events.append($0.jsonText) }
                offset += n
            }
            try reader.finish { events.append($0.jsonText) }
        } catch {
            events.append("failure \(error)")
        }
        events.append("started \(reader.recordsStarted)")
        return events
    }

    @Test(arguments: inputs)
    func sameResultAtEveryChunkSize(file: URL) {
        let data = Fixtures.bytes(file)
        let body = Array(data.dropFirst())
        for format in InputFormat.allCases {
            for policy in ErrorPolicy.allCases {
                let options = UserRecordReader.Options(format: format, maxDepth: 64, maxRecordBytes: 4096, readSize: 4096, errorPolicy: policy)
                let whole = outcome(body, options, chunk: Int.max)
                for chunk in [1, 3, 7, 64, 1000] {
                    #expect(outcome(body, options, chunk: chunk) == whole, "\(file.lastPathComponent) \(format) \(policy) chunk \(chunk)")
                }
            }
        }
    }
}
