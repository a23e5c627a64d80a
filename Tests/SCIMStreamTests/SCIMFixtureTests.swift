import Foundation
import Testing
import SCIMTestSupport
@testable import SCIMStream

/// The SCIM fixtures vendored from public test suites (see Fixtures/scim/SOURCES.md).
@Suite struct SCIMFixtureTests {
    struct Source: Decodable, CustomStringConvertible {
        let file: String
        let kind: String
        let strict_json: Bool?
        var description: String { file }
    }

    static let sources: [Source] = {
        let url = Fixtures.root.appendingPathComponent("scim/SOURCES.ndjson")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap {
            try? JSONDecoder().decode(Source.self, from: Data($0.utf8))
        }
    }()

    static let users = sources.filter { $0.kind == "User" && $0.strict_json == true }
    static let lists = sources.filter { $0.kind == "ListResponse" && $0.strict_json == true }

    /// `value` without any `password` member (any case), for comparison with the output.
    func withoutPassword(_ value: NSObject) -> NSObject {
        guard let dict = value as? [String: Any] else { return value }
        return dict.filter { $0.key.lowercased() != "password" } as NSDictionary
    }

    @Test func fixturesAreThere() {
        #expect(Self.users.count >= 30)
        #expect(Self.lists.count == 4)
    }

    @Test("a user file is one record whose NDJSON is the same JSON value, minus password", arguments: users)
    func user(source: Source) throws {
        let bytes = Fixtures.bytes(Fixtures.root.appendingPathComponent("scim/\(source.file)"))
        for format in [InputFormat.auto, .ndjson] {
            for size in [1, 7, Int.max] {
                let out = try readRecords(bytes, chunkSize: size, options: .init(format: format))
                #expect(out.count == 1)
            }
        }
        var records = try readUserRecords(bytes)
        _ = try RedactPassword().processCopy(&records[0])
        let output = records[0].jsonBytes()
        #expect(!output.contains(0x0A), "one line")
        let input = try #require(foundationJSON(bytes))
        let written = try #require(foundationJSON(output))
        #expect(written == withoutPassword(input))
    }

    @Test("a ListResponse file frames into its Resources, in order", arguments: lists)
    func listResponse(source: Source) throws {
        let bytes = Fixtures.bytes(Fixtures.root.appendingPathComponent("scim/\(source.file)"))
        let document = try #require(foundationJSON(bytes) as? [String: Any])
        let expected = (document["Resources"] as? [NSObject]) ?? []
        for format in [InputFormat.auto, .list] {
            for size in chunkSizes {
                let out = try readRecords(bytes, chunkSize: size, options: .init(format: format))
                #expect(out.count == expected.count)
                for (line, value) in zip(out, expected) {
                    #expect(foundationJSON(line.bytes) == value)
                }
            }
        }
    }

    @Test func garbageFixtureIsRejectedWithItsPosition() throws {
        let bytes = Fixtures.bytes(Fixtures.root.appendingPathComponent("scim/azure-scimref__postman-user-tests-with-garbage-post-junk.json"))
        #expect(throws: RecordError.self) { try readRecords(bytes) }
        do {
            _ = try readRecords(bytes)
        } catch let e as RecordError {
            // `"acve": tre,` on line 2: the error points at the 'e' where "tre" stops being `true`
            // (Python's json module points at the start of the value, column 13).
            #expect(e.location.line == 2)
            #expect(e.location.column == 15)
            #expect(e.message == "unexpected character 'e', expected 'true'")
        }
    }
}

extension RecordStage {
    /// Runs the stage on a copy of the stage value (stages are values).
    func processCopy(_ record: inout UserRecord) throws -> StageVerdict {
        var stage = self
        return try stage.process(&record)
    }
}

/// Stages over the shared fixtures: a migration chain, then every member the chain does not
/// name must come out byte for byte.
@Suite struct FixtureStageChainTests {
    @Test("a migration chain over each fixture user keeps untouched members byte for byte", arguments: SCIMFixtureTests.users)
    func chain(source: SCIMFixtureTests.Source) throws {
        let bytes = Fixtures.bytes(Fixtures.root.appendingPathComponent("scim/\(source.file)"))
        let original = try readUserRecords(bytes)[0]
        var record = original
        var stages: [any RecordStage] = [
            RedactPassword(), ForCreateStage(copyIDToExternalID: true),
            ReplaceDomainStage(from: "example.com", to: "example.org"),
            CaseNormalization(AttributePath(name: "userName"), .lowercase),
            FilterStage(try CompiledFilter(parsing: "userName pr or not (userName pr)"))
        ]
        for i in stages.indices { #expect(try stages[i].process(&record) == .keep) }
        let output = record.jsonBytes()
        #expect(foundationJSON(output) != nil, "output is JSON")
        // --for-create names the enterprise extension (manager.displayName) and, through
        // --rfc-shapes, the multi-valued complex attributes.
        let named: Set<String> = Set(
            [
                "password", "id", "meta", "groups", "emails", "username", "externalid",
                SCIMSchema.genesysUser.lowercased(), SCIMSchema.enterpriseUser.lowercased()
            ]
        ).union(SCIMSchema.complexWithValue)
        try original.withView { old in
            try record.withView { new in
                for i in old.fields.indices {
                    let key = JSONString.decode(old.key(i).bytes)
                    guard !named.contains(key.lowercased()) else { continue }
                    let j = try #require(new.fieldIndex(ASCIICase.lowercased(key)), "\(key) kept")
                    #expect(Array(old.value(i).bytes) == Array(new.value(j).bytes), "\(source.file): \(key)")
                }
            }
        }
        #expect(record.id == nil && record.meta == nil && record.password == nil)
        if let id = original.id, original.externalId == nil { #expect(record.externalId == id) }
    }
}
