import Foundation
import Testing
import SCIMTestSupport
@testable import SCIMStream

/// A record holding a password somewhere, and the same record without it.
struct PasswordShape: CustomStringConvertible, Sendable {
    let name: String
    let json: String
    let stripped: String
    var description: String { name }
}

let passwordShapes: [PasswordShape] = [
    PasswordShape(name: "top level", json: #"{"id":"1","password":"Zq7Xw9Kp"}"#, stripped: #"{"id":"1"}"#),
    PasswordShape(name: "any case, escaped", json: #"{"id":"1","PassW\u006Frd":"Zq7Xw9Kp"}"#, stripped: #"{"id":"1"}"#),
    PasswordShape(
        name: "core URN-qualified", json: #"{"id":"1","urn:ietf:params:scim:schemas:core:2.0:User:password":"Zq7Xw9Kp"}"#, stripped: #"{"id":"1"}"#),
    PasswordShape(
        name: "enterprise URN-qualified", json: #"{"id":"1","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:password":"Zq7Xw9Kp"}"#,
        stripped: #"{"id":"1"}"#),
    PasswordShape(
        name: "under name", json: #"{"id":"1","name":{"givenName":"Al","password":"Zq7Xw9Kp","familyName":"Bo"}}"#,
        stripped: #"{"id":"1","name":{"givenName":"Al","familyName":"Bo"}}"#),
    PasswordShape(
        name: "under the enterprise extension",
        json: #"{"id":"1","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"password":"Zq7Xw9Kp","division":"Home"}}"#,
        stripped: #"{"id":"1","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"division":"Home"}}"#),
    PasswordShape(
        name: "inside a core-schema container",
        json: #"{"id":"1","urn:ietf:params:scim:schemas:core:2.0:User":{"userName":"al","PASSWORD":"Zq7Xw9Kp"}}"#,
        stripped: #"{"id":"1","urn:ietf:params:scim:schemas:core:2.0:User":{"userName":"al"}}"#),
    PasswordShape(
        name: "in an array element, pretty-printed",
        json: "{\"id\":\"1\",\"emails\":[ {\"value\":\"a@b\"}, { \"value\" : \"c@d\" , \"p\\u0061ssword\" : \"Zq7Xw9Kp\" } ]}",
        stripped: #"{"id":"1","emails":[{"value":"a@b"},{"value":"c@d"}]}"#)
]

/// Issue 11, Leaks: stripping and masking agree on what a password is.
@Suite struct PasswordStrippingTests {
    @Test("the default stage strips the password wherever it is", arguments: passwordShapes)
    func stripped(_ shape: PasswordShape) throws {
        var record = try UserRecord(json: shape.json.bytes)
        _ = try RedactPassword().processCopy(&record)
        #expect(record.jsonText == shape.stripped)
        #expect(try JSONValue(json: record.jsonBytes()) == JSONValue(json: shape.stripped.bytes))
    }

    @Test("the masker hides the password of the same shapes in a damaged record", arguments: passwordShapes)
    func masked(_ shape: PasswordShape) {
        let damaged = Array(shape.json.dropLast().utf8) + Array(#","x":tru}"#.utf8)
        let masked = String(decoding: PasswordMasking.mask(damaged), as: UTF8.self)
        #expect(!masked.contains("Zq7X"), "\(masked)")
        #expect(masked.hasPrefix(#"{"id":"1","#), "\(masked)")
    }

    @Test func lookalikesAreKept() throws {
        let json = #"{"id":"1","passwords":"a","mypassword":"b","note":"password","name":{"password2":"c","x:passwordy":"d"},"roles":["password"]}"#
        var record = try UserRecord(json: json.bytes)
        _ = try RedactPassword().processCopy(&record)
        #expect(record.jsonText == json)
        #expect(!record.isModified)
    }

    @Test func stringsThatMerelyEndInPasswordStay() throws {
        let json = #"{"id":"1","name":{"note":"my password","password":"x","w":"work"},"emails":[{"type":"work","value":"PASSWORD"}]}"#
        var record = try UserRecord(json: json.bytes)
        _ = try RedactPassword().processCopy(&record)
        #expect(record.jsonText == #"{"id":"1","name":{"note":"my password","w":"work"},"emails":[{"type":"work","value":"PASSWORD"}]}"#)
    }
}

/// `--for-create` strips passwords by the same definition, even with `--keep-password`.
@Suite struct ForCreatePasswordTests {
    @Test(arguments: passwordShapes)
    func forCreateStripsEveryShape(_ shape: PasswordShape) throws {
        var record = try UserRecord(json: shape.json.bytes)
        _ = try ForCreateStage().processCopy(&record)
        #expect(!record.jsonText.contains("Zq7X"), "\(record.jsonText)")
    }
}
