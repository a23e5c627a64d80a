import Foundation
import Testing
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
        #expect(out == [#"{"userName":"bjensen","name":{"givenName":"Barbara","familyName":"Jensen"},"note":"keep  these   spaces\n and\t\"this\"","n":[1.50,-0,1e+2]}"#])
    }

    @Test func memberNamesAreCaseInsensitiveAndEscapesDecoded() throws {
        let record = try UserRecord(json: #"{"UserName":"a","p\u0061ssWord":"x","Emails":[]}"#.bytes)
        #expect(record.hasMember(named: "username"))
        #expect(record.hasMember(named: "PASSWORD"))
        #expect(record.rawValue(ofMember: "emails") == "[]".bytes)
        #expect(record.memberNames == ["UserName", "password", "Emails"].map { $0 == "password" ? "passWord" : $0 })
    }

    @Test func passwordIsRedactedInEveryForm() throws {
        let json = #"{"password":"a","id":"1","PASSWORD":"b","p\u0061ssword":"c","urn:ietf:params:scim:schemas:core:2.0:User:password":"d","passwords":"keep"}"#
        var record = try UserRecord(json: json.bytes)
        _ = try RedactPassword().processCopy(&record)
        #expect(record.jsonText == #"{"id":"1","passwords":"keep"}"#)
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

    @Test func duplicateKeysLastOneWins() throws {
        let record = try UserRecord(json: #"{"id":"1","ID":"2"}"#.bytes)
        #expect(record.rawValue(ofMember: "id") == #""2""#.bytes)
    }

    @Test func singleRecordInitRejectsOthers() {
        #expect(throws: RecordError.self) { try UserRecord(json: "[]".bytes) }
        #expect(throws: RecordError.self) { try UserRecord(json: "{} {}".bytes) }
        #expect(throws: RecordError.self) { try UserRecord(json: "".bytes) }
    }
}
