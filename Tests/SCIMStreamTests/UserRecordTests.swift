import Foundation
import Testing
import SCIMTestSupport
@testable import SCIMStream
import SCIMSampleData

@Suite struct UserRecordTests {
    @Test func untouchedRecordsAreCopiedByteForByte() throws {
        let text = SampleUsers.ndjson(count: 200)
        let lines = text.split(separator: "\n").map(String.init)
        let out = try readRecords(text.bytes, options: .init(format: .ndjson))
        #expect(out == lines)
    }

    @Test func prettyPrintedRecordsBecomeOneCompactLine() throws {
        let pretty = """
            {
              "userName" : "bjensen",
              "name": { "givenName": "Barbara" , "familyName": "Jensen" },
              "note": "keep  these   spaces\\n and\\t\\"this\\"",
              "n": [ 1.50 , -0 , 1e+2 ]
            }
            """
        let out = try readRecords(pretty.bytes)
        #expect(
            out == [
                #"{"userName":"bjensen","name":{"givenName":"Barbara","familyName":"Jensen"},"note":"keep  these   spaces\n and\t\"this\"","n":[1.50,-0,1e+2]}"#
            ])
    }

    @Test func memberNamesAreCaseInsensitiveAndEscapesDecoded() throws {
        let record = try UserRecord(json: #"{"UserName":"a","p\u0061ssWord":"x","Emails":[]}"#.bytes)
        #expect(record.hasMember(named: "username"))
        #expect(record.hasMember(named: "PASSWORD"))
        #expect(record.rawValue(ofMember: "emails") == "[]".bytes)
        #expect(record.memberNames == ["UserName", "password", "Emails"].map { $0 == "password" ? "passWord" : $0 })
    }

    @Test func passwordIsRedactedInEveryForm() throws {
        for key in ["password", "PASSWORD", #"p\u0061ssword"#, "urn:ietf:params:scim:schemas:core:2.0:User:password"] {
            let json = #"{"\#(key)":"a","id":"1","passwords":"keep"}"#
            var record = try UserRecord(json: json.bytes)
            _ = try RedactPassword().processCopy(&record)
            #expect(record.jsonText == #"{"id":"1","passwords":"keep"}"#, "\(key)")
        }
    }

    @Test func editsDoNotDisturbCopies() throws {
        let original = try UserRecord(json: #"{"id":"1","password":"x"}"#.bytes)
        var edited = original
        edited.removeMembers(named: "password")
        edited.setMember(named: "active", json: "true".bytes)
        #expect(original.jsonText == #"{"id":"1","password":"x"}"#)
        #expect(edited.jsonText == #"{"id":"1","active":true}"#)
        #expect(edited.isModified && !original.isModified)
    }

    @Test func duplicateMembersAreRefused() throws {
        // Ambiguous: a server may read the first copy where a stage reads the last (issue 11).
        #expect(throws: RecordError.self) { try UserRecord(json: #"{"id":"1","ID":"2"}"#.bytes) }
    }

    @Test func duplicateMembersAreFoundAmongManyKeys() throws {
        let urn = "urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User"  // 64 bytes: 66 with quotes
        func keys(_ names: [String]) -> [UInt8] {
            Array(("{" + names.enumerated().map { "\"\($1)\":\($0)" }.joined(separator: ",") + "}").utf8)
        }
        func duplicate(_ names: [String]) -> String? {
            do {
                _ = try UserRecord(json: keys(names))
                return nil
            } catch {
                guard case .duplicateMember(let name) = error.problem else { return "other error: \(error)" }
                return name
            }
        }
        let many = ["schemas", "id", "active", "userName", "password", "title", "roles", "emails", "groups", "meta"]
        #expect(duplicate(many + [urn, "ab"]) == nil, "keys whose lengths agree modulo 64 are not duplicates")
        #expect(duplicate(many + [urn, urn.uppercased()]) == urn)
        #expect(duplicate(many + ["PASSWORD"]) == "password")
        #expect(duplicate(["a", "b", "c", "A"]) == "a")
        #expect(duplicate(many + [#"p\u0061ssword"#]) == "password", "an escaped key is compared decoded")
        #expect(duplicate(many + [#"p\u0061sswort"#]) == nil)
    }

    @Test func singleRecordInitRejectsOthers() {
        #expect(throws: RecordError.self) { try UserRecord(json: "[]".bytes) }
        #expect(throws: RecordError.self) { try UserRecord(json: "{} {}".bytes) }
        #expect(throws: RecordError.self) { try UserRecord(json: "".bytes) }
    }
}

@Suite struct ScimV2UserAccessTests {
    @Test func typedAccessToEverySeedAttribute() throws {
        let json = #"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
             "ID":"u1","externalId":"e1","UserName":"Zoë@example.com","displayName":"Zo\u00eb","title":"Agent","password":"p",
             "active":false,"name":{"givenName":"Zoë","familyName":"O'Neil"},
             "phoneNumbers":[{"value":"+1","type":"work2","primary":true}],"Emails":[{"Value":"z@x.org","Type":"work"}],
             "photos":[{"value":"https://p/1.jpg","type":"photo"}],"groups":[{"value":"g1","$ref":"https://g/1","display":"Sales"}],
             "roles":["admin",{"value":"agent"}],
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"R&D","Manager":{"value":"m1","displayName":"Boss"}},
             "meta":{"resourceType":"User","created":"2024-01-01T00:00:00Z","version":"W/\"2\""}}
            """#
        let r = try UserRecord(json: Array(json.utf8))
        #expect(r.id == "u1" && r.externalId == "e1" && r.userName == "Zoë@example.com")
        #expect(r.displayName == "Zoë" && r.title == "Agent" && r.password == "p" && r.active == false)
        #expect(r.schemas.count == 2)
        #expect(r.name?.familyName == "O'Neil")
        #expect(r.phoneNumbers == [MultiValuedAttribute(try JSONValue(parsing: #"{"value":"+1","type":"work2","primary":true}"#))])
        #expect(r.emails.first?.value == "z@x.org" && r.emails.first?.type == "work")
        #expect(r.photos.first?.value == "https://p/1.jpg")
        #expect(r.groups == [GroupMembership(value: "g1", ref: "https://g/1", display: "Sales")])
        #expect(r.roles == ["admin", "agent"])
        #expect(r.enterprise?.department == "R&D" && r.enterprise?.managerID == "m1" && r.enterprise?.managerName == "Boss")
        #expect(r.meta?.version == #"W/"2""# && r.meta?.lastModified == nil)
        #expect(r.values(at: try AttributePath(parsing: #"emails[type eq "work"].value"#)) == [.string("z@x.org")])
        #expect(r.values(at: try AttributePath(parsing: "roles")).count == 2)
    }
}
