import Foundation
import Testing
import SCIMTestSupport
@testable import SCIMStream
import SCIMSampleData

/// Runs `stages` over one record and returns its compact JSON, or nil when dropped.
func apply(_ stages: [any RecordStage], to json: String) throws -> String? {
    var record = try UserRecord(json: Array(json.utf8))
    var stages = stages
    for i in stages.indices where try stages[i].process(&record) == .drop { return nil }
    return record.jsonText
}

func path(_ text: String) -> AttributePath { try! AttributePath(parsing: text) }

@Suite struct StageTests {
    /// A record with oddly-cased names, escapes, non-ASCII, extensions and whitespace.
    static let odd = #"""
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
         "id":"u-1", "UserName": "José.GARCÍA@Example.COM", "Name": {"GivenName": "José", "familyName": "Garc\u00eda"},
         "Emails": [ {"Value": "JOSE@EXAMPLE.COM", "Type": "work", "primary": true},
                     {"value": "jose@home.example", "type": "other"} ],
         "phoneNumbers":[{"value":"+1 555 0100","type":"mobile"}],
         "meta": {"version": "W/\"1\"", "created": "2024-01-01T00:00:00Z"},
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"Department": "R&D", "manager": {"value": "m-9"}},
         "score": 1.50E+2}
        """#

    @Test func stripRemovesAttributesSubAttributesAndElements() throws {
        let out = try apply(
            [
                StripStage([
                    path("meta"), path(#"emails[type eq "other"]"#), path("name.givenName"),
                    path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager")
                ])
            ], to: Self.odd)
        let v = try JSONValue(parsing: try #require(out))
        #expect(v[member: "meta"] == nil)
        #expect(v[member: "emails"]?.arrayValue.count == 1)
        #expect(v[member: "name"] == .object([.init("familyName", .string("García"))]))
        #expect(v[member: SCIMSchema.enterpriseUser] == .object([.init("Department", .string("R&D"))]))
        // Untouched members keep their bytes: the escaped familyName and the number text.
        #expect(out!.contains(#""familyName":"Garc\u00eda""#))
        #expect(out!.contains(#""score":1.50E+2"#))
    }

    @Test func stripWholeExtensionByURN() throws {
        let out = try apply([StripStage([path(SCIMSchema.enterpriseUser)])], to: Self.odd)!
        #expect(!out.contains("Department"))
    }

    @Test func keepProjects() throws {
        let out = try apply(
            [KeepStage([path("id"), path("emails.value"), path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department")])],
            to: Self.odd)!
        #expect(
            out
                == #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"id":"u-1","Emails":[{"Value":"JOSE@EXAMPLE.COM"},{"value":"jose@home.example"}],"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"Department":"R&D"}}"#
        )
        let work = try apply([KeepStage([path(#"emails[type eq "work"]"#)])], to: Self.odd)!
        #expect(work.contains("JOSE@EXAMPLE.COM") && !work.contains("home.example") && !work.contains("\"id\""))
    }

    @Test func caseNormalizationIsUnicodeCorrect() throws {
        let out = try apply(
            [
                CaseNormalization(path("userName"), .lowercase), CaseNormalization(path("emails.value"), .lowercase),
                CaseNormalization(path("name.givenName"), .uppercase)
            ], to: Self.odd)!
        #expect(out.contains(#""UserName":"josé.garcía@example.com""#))
        #expect(out.contains(#""Value":"jose@example.com""#))
        #expect(out.contains(#""GivenName":"JOSÉ""#))
        let names = try apply(
            [
                CaseNormalization(path("a"), .lowercase), CaseNormalization(path("b"), .uppercase),
                CaseNormalization(path("c"), .lowercase)
            ],
            to: #"{"a":"NGUYỄN ÅSA","b":"straße","c":"İSTANBUL"}"#)!
        #expect(names == #"{"a":"nguyễn åsa","b":"STRASSE","c":"i̇stanbul"}"#)
    }

    @Test func unchangedCaseKeepsTheRecordUntouched() throws {
        var record = try UserRecord(json: Array(#"{"userName": "already@lower.case"}"#.utf8))
        var stage = CaseNormalization(path("userName"), .lowercase)
        _ = try stage.process(&record)
        #expect(!record.isModified)
    }

    @Test func setDefaultAndRename() throws {
        let out = try apply(
            [
                SetStage(path("title"), to: .string("Agent")),
                SetStage(path("name.middleName"), to: .string("M")),
                SetStage(path("active"), to: .bool(true)),
                SetStage(path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter"), to: .string("42")),
                SetStage(path(#"emails[type eq "work"].display"#), to: .string("Work")),
                SetStage(path("nickName"), to: .string("x"), onlyWhereAbsent: true),
                SetStage(path("id"), to: .string("never"), onlyWhereAbsent: true),
                RenameStage(path("phoneNumbers"), to: "phones"),
                RenameStage(path("emails.type"), to: "kind")
            ], to: Self.odd)!
        let v = try JSONValue(parsing: out)
        #expect(v[member: "title"] == .string("Agent"))
        #expect(v[member: "name"]?[member: "middleName"] == .string("M"))
        #expect(v[member: "active"] == .bool(true))
        #expect(v[member: SCIMSchema.enterpriseUser]?[member: "costCenter"] == .string("42"))
        #expect(v[member: "emails"]?.arrayValue[0][member: "display"] == .string("Work"))
        #expect(v[member: "emails"]?.arrayValue[1][member: "display"] == nil)
        #expect(v[member: "emails"]?.arrayValue[1][member: "kind"] == .string("other"))
        #expect(v[member: "nickName"] == .string("x"))
        #expect(v[member: "id"] == .string("u-1"))
        #expect(v[member: "phones"] != nil && v[member: "phoneNumbers"] == nil)
    }

    @Test func setCreatesExtensionAndRegistersItsSchema() throws {
        let out = try apply(
            [SetStage(path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"), to: .string("Ops"))],
            to: #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a"}"#)!
        #expect(
            out
                == #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"userName":"a","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Ops"}}"#
        )
    }

    @Test func replaceDomain() throws {
        let out = try apply(
            [ReplaceDomainStage(from: "example.com", to: "example.org")],
            to:
                #"{"userName":"Ann@EXAMPLE.com","emails":[{"value":"ann@example.com"},{"value":"ann@sub.example.com"},{"value":"ann@example.community"}]}"#
        )!
        #expect(
            out
                == #"{"userName":"Ann@example.org","emails":[{"value":"ann@example.org"},{"value":"ann@sub.example.com"},{"value":"ann@example.community"}]}"#
        )
    }

    @Test func forCreateWithIDToExternalID() throws {
        let input = #"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"src-1","userName":"a","password":"p",
             "groups":[{"value":"g"}],"meta":{"created":"x"},
             "emails":[{"value":"a@x.com","type":"work"},{"value":"a@x.com","type":"other"}],
             "urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User":{"externalIds":[
                {"authority":"x-pc:scimv2:v1:entra","value":"1"},{"authority":"hris","value":"2"}]}}
            """#
        let out = try apply([ForCreateStage(copyIDToExternalID: true)], to: input)!
        #expect(
            out
                == #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a","emails":[{"value":"a@x.com","type":"work"}],"urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User":{"externalIds":[{"authority":"hris","value":"2"}]},"externalId":"src-1"}"#
        )
        // An existing externalId is kept.
        let kept = try apply([ForCreateStage(copyIDToExternalID: true)], to: #"{"id":"1","externalId":"e"}"#)!
        #expect(kept == #"{"externalId":"e"}"#)
    }

    @Test func filterStageDropsNonMatching() throws {
        let stage = FilterStage(try CompiledFilter(parsing: #"emails[type eq "work"].value ew "@example.com""#))
        #expect(try apply([stage], to: Self.odd) != nil)
        #expect(try apply([stage], to: #"{"emails":[{"value":"a@example.com","type":"home"}]}"#) == nil)
    }

    @Test func pseudonymizeIsStableAndKeyed() throws {
        let key = Array("k".utf8)
        let a = try apply([PseudonymizeStage([path("userName"), path("emails.value")], key: key)], to: Self.odd)!
        let b = try apply([PseudonymizeStage([path("userName"), path("emails.value")], key: key)], to: Self.odd)!
        let c = try apply([PseudonymizeStage([path("userName")], key: Array("other".utf8))], to: Self.odd)!
        #expect(a == b)
        #expect(a != c)
        let v = try JSONValue(parsing: a)
        let expected = HMACSHA256(key: key).hexTag(Array("José.GARCÍA@Example.COM".utf8))
        #expect(v[member: "userName"] == .string(expected))
        #expect(expected.count == 64)
        #expect(!a.contains("JOSE@EXAMPLE.COM"))
    }

    @Test func dedupeFollowsCaseExact() throws {
        var dedupeName = DedupeStage(path("userName"))
        var dedupeID = DedupeStage(path("id"))
        var kept: [String] = []
        for json in [
            #"{"id":"A","userName":"Ann"}"#, #"{"id":"a","userName":"ANN"}"#, #"{"id":"A","userName":"bob"}"#, #"{"id":"b"}"#, #"{"id":"c"}"#
        ] {
            var r1 = try UserRecord(json: Array(json.utf8))
            var r2 = r1
            if try dedupeName.process(&r1) == .keep { kept.append("name:" + json) }
            if try dedupeID.process(&r2) == .keep { kept.append("id:" + json) }
        }
        // userName is case-insensitive: "ANN" repeats "Ann"; records without userName are kept.
        #expect(kept.filter { $0.hasPrefix("name:") }.count == 4)
        // id is caseExact: "a" differs from "A"; the third record repeats "A".
        #expect(kept.filter { $0.hasPrefix("id:") }.count == 4)
        #expect(dedupeName.distinctValues == 2)
    }

    @Test func dedupeMemoryIsDigestSized() throws {
        var stage = DedupeStage(path("userName"))
        for i in 0..<100_000 {
            var r = try UserRecord(json: Array(#"{"userName":"user\#(i)@example.com"}"#.utf8))
            _ = try stage.process(&r)
        }
        #expect(stage.distinctValues == 100_000)
        // 16-byte digests in a table kept at most 7/8 full: between 18 and 37 bytes per value.
        #expect(stage.memoryBytes <= 100_000 * 37)
    }

    @Test func untouchedAttributesComeOutByteForByte() throws {
        // A chain that edits a few attributes of generated users; every other member must be byte-identical.
        let text = SampleUsers.ndjson(count: 300)
        let filter = try CompiledFilter(parsing: "active eq true or active eq false")
        for line in text.split(separator: "\n") {
            var record = try UserRecord(json: Array(line.utf8))
            let original = record
            var stages: [any RecordStage] = [
                RedactPassword(), CaseNormalization(path("userName"), .lowercase),
                ReplaceDomainStage(from: "example.com", to: "example.net"), FilterStage(filter),
                StripStage([path(#"emails[type eq "other"]"#)])
            ]
            for i in stages.indices { _ = try stages[i].process(&record) }
            let before = try #require(foundationJSON(original.originalBytes) as? [String: Any])
            let afterBytes = record.jsonBytes()
            // Compare raw member bytes of everything the chain does not name.
            let touched: Set<String> = ["password", "username", "emails"]
            try original.withView { old in
                try record.withView { new in
                    for i in old.fields.indices {
                        let key = JSONString.decode(old.key(i).bytes)
                        guard !touched.contains(key.lowercased()) else { continue }
                        let j = try #require(new.fieldIndex(ASCIICase.lowercased(key)))
                        #expect(Array(old.value(i).bytes) == Array(new.value(j).bytes), "\(key)")
                    }
                }
            }
            #expect(before.count >= 10)
            #expect(foundationJSON(afterBytes) != nil)
        }
    }

    /// Found in review: a case change must not copy the whitespace inside an element.
    @Test func caseNormalizationKeepsWhitespaceOutOfTheLine() throws {
        var record = try UserRecord(json: Array("{\"roles\":[{\"value\":\n\"x\"},\"ADMIN\"]}".utf8))
        var stage = CaseNormalization(try AttributePath(parsing: "roles"), .lowercase)
        _ = try stage.process(&record)
        #expect(record.jsonText == #"{"roles":[{"value":"x"},"admin"]}"#)
    }
}

@Suite struct CryptoTests {
    func hex(_ bytes: [UInt8]) -> String { Hex.encode(bytes) }

    @Test func sha256NISTVectors() {
        // FIPS 180-4 examples (NIST CSRC "SHA256.pdf", "SHA2_Additional.pdf").
        #expect(hex(SHA256.hash(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hex(SHA256.hash([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            hex(SHA256.hash(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            hex(
                SHA256.hash(
                    Array("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu".utf8)))
                == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
        #expect(
            hex(SHA256.hash([UInt8](repeating: 0x61, count: 1_000_000)))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        #expect(hex(SHA256.hash([0xbd])) == "68325720aabd7c82f30f554b313d0570c95accbb7dc4b5aae11204c08ffe732b")
        #expect(hex(SHA256.hash([0xc9, 0x8c, 0x8e, 0x55])) == "7abc22c0ae5af26ce93dbb94433a0e0b2e119d014f8e7f65bd56c61ccccd9504")
        // 55, 56, 63, 64 and 65 bytes cross the padding boundaries.
        var h = SHA256()
        for chunk in stride(from: 0, to: 1_000_000, by: 333) { h.update([UInt8](repeating: 0x61, count: min(333, 1_000_000 - chunk))) }
        #expect(hex(h.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func hmacRFC4231Vectors() {
        func bytes(_ hex: String) -> [UInt8] {
            var out: [UInt8] = []
            var it = hex.makeIterator()
            while let a = it.next(), let b = it.next() { out.append(UInt8(String([a, b]), radix: 16)!) }
            return out
        }
        let cases: [(key: [UInt8], data: [UInt8], mac: String)] = [
            (
                [UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8),
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
            ),
            (
                Array("Jefe".utf8), Array("what do ya want for nothing?".utf8),
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
            ),
            (
                [UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50),
                "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"
            ),
            (
                bytes("0102030405060708090a0b0c0d0e0f10111213141516171819"), [UInt8](repeating: 0xcd, count: 50),
                "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"
            ),
            (
                [UInt8](repeating: 0xaa, count: 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
            ),
            (
                [UInt8](repeating: 0xaa, count: 131),
                Array(
                    "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."
                        .utf8),
                "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
            )
        ]
        for c in cases {
            #expect(HMACSHA256(key: c.key).hexTag(c.data) == c.mac)
        }
        // Test case 5: truncated to 128 bits.
        let t5 = HMACSHA256(key: [UInt8](repeating: 0x0c, count: 20)).authenticate(Array("Test With Truncation".utf8))
        #expect(hex(Array(t5.prefix(16))) == "a3b6167473100ee06e0c796c2955552b")
    }
}

/// Issue 14: `--for-create` output of Genesys-shaped users must be a valid RFC 7643 create request.
@Suite struct RFCShapesTests {
    func run(_ json: String, _ stage: some RecordStage) throws -> String {
        var stage = stage
        var record = try UserRecord(json: Array(json.utf8))
        #expect(try stage.process(&record) == .keep)
        return record.jsonText
    }

    @Test func stringElementsOfComplexMultiValuedAttributesBecomeValueObjects() throws {
        #expect(
            try run(#"{"roles":["agent",{"value":"x","primary":true}],"entitlements":"e","title":"t"}"#, RFCShapesStage())
                == #"{"roles":[{"value":"agent"},{"value":"x","primary":true}],"entitlements":[{"value":"e"}],"title":"t"}"#)
        // Already in the RFC's shape: not touched, byte for byte.
        let rfc = #"{"roles": [ {"value":"a"} ], "emails":[{"value":"a@x","type":"work"}]}"#
        var record = try UserRecord(json: Array(rfc.utf8))
        var stage = RFCShapesStage()
        _ = try stage.process(&record)
        #expect(!record.isModified)
        // A lone object of a multi-valued attribute becomes an array of one.
        #expect(try run(#"{"phoneNumbers":{"value":"1"}}"#, RFCShapesStage()) == #"{"phoneNumbers":[{"value":"1"}]}"#)
    }

    @Test func forCreateDropsReadOnlySubAttributesAndGivesRFCShapes() throws {
        let genesys = #"""
            {"id":"1","userName":"a","roles":["agent"],"groups":[{"value":"g"}],"meta":{"version":"v"},
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"d","manager":{"value":"m","displayName":"M"}}}
            """#
        #expect(
            try run(genesys, ForCreateStage())
                == #"{"userName":"a","roles":[{"value":"agent"}],"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"d","manager":{"value":"m"}}}"#
        )
    }
}

/// Issue 14: `--strip` of an extension object left its URN in `schemas`, and RFC-only servers
/// refused the user.
@Suite struct ExtensionSchemasTests {
    static let genesys = SCIMSchema.genesysUser
    static let input =
        #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","\#(genesys)","urn:x:listed:but:absent"],"userName":"u","title":"t","\#(genesys)":{"a":1}}"#

    func run(_ stage: some RecordStage) throws -> UserRecord {
        var stage = stage
        var record = try UserRecord(json: Array(Self.input.utf8))
        _ = try stage.process(&record)
        return record
    }

    @Test func strippingAnExtensionObjectRemovesItsURN() throws {
        let record = try run(StripStage([AttributePath(name: Self.genesys)]))
        // Only the URN of the object removed goes: an inconsistency already there is not ours to touch.
        #expect(record.schemas == ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:x:listed:but:absent"])
    }

    @Test func keepingWithoutAnExtensionRemovesItsURN() throws {
        let record = try run(KeepStage([AttributePath(name: "userName")]))
        #expect(record.schemas == ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:x:listed:but:absent"])
    }

    @Test func strippingSomethingElseLeavesSchemasByteForByte() throws {
        let record = try run(StripStage([AttributePath(name: "title")]))
        #expect(
            record.rawValue(ofMember: "schemas")
                == Array(#"["urn:ietf:params:scim:schemas:core:2.0:User","\#(Self.genesys)","urn:x:listed:but:absent"]"#.utf8))
    }
}
