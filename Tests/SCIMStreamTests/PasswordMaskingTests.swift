import Testing
@testable import SCIMStream

/// Issue 11, Leaks: nothing after a password key reaches a report, however the record is damaged.
@Suite struct PasswordMaskingTests {
    func masked(_ raw: String) -> String {
        String(decoding: PasswordMasking.mask(Array(raw.utf8)), as: UTF8.self)
    }

    @Test(arguments: [
        (#"{"id":"1","password" "Zq7Xw9Kp"}"#, #"{"id":"1","password""***""#),
        (#"{"id":"1","password";"Zq7Xw9Kp"}"#, #"{"id":"1","password""***""#),
        (#"{"id":"1","password"="Zq7Xw9Kp"}"#, #"{"id":"1","password""***""#),
        (#"{"id":"1","password","Zq7Xw9Kp"}"#, #"{"id":"1","password""***""#),
        (#"{"id":"1","password":"Pa"ss:w0rd!"}"#, #"{"id":"1","password":"***""#),
        (#"{"id":"1","password":1SECRET}"#, #"{"id":"1","password":"***""#),
        (#"{"id":"1","password" : "Zq7Xw9Kp","title":"Agent"}"#, #"{"id":"1","password":"***""#),
        (#"{"id":"1","p\u0061ssWord":"Zq7Xw9Kp"}"#, #"{"id":"1","p\u0061ssWord":"***""#),
        // A missing quote before the key pairs the quotes the other way.
        (#"{"id":"1,"password":"Zq7Xw9Kp"}"#, #"{"id":"1,"password":"***""#),
        (#"{"id":"1,"p\u0061ssword":"Zq7Xw9Kp"}"#, #"{"id":"1,"p\u0061ssword":"***""#),
        // An escaped quote outside any string keeps both readings from the line's start off the key.
        (#"{"a":x" \" "password":"Zq7Xw9Kp"}"#, #"{"a":x" \" "password":"***""#),
        // Pretty-printed: the key on a later line.
        ("{\n  \"id\": \"1\",\n  \"password\":\n    \"Zq7Xw9Kp\"\n}", "{\n  \"id\": \"1\",\n  \"password\":\"***\""),
        (#"{"id":"1","userName":"alice"}"#, #"{"id":"1","userName":"alice"}"#)
    ])
    func everythingAfterTheKeyIsHidden(_ raw: String, _ expected: String) {
        #expect(masked(raw) == expected)
    }

    @Test func theUnescapedKeyIsFoundWhenAnEscapeIsBroken() {
        #expect(masked(#"{"a":"\x","password":"Zq7Xw9Kp"}"#) == #"{"a":"\x","password":"***""#)
        #expect(masked(#"{"a":"\u12","password":"Zq7Xw9Kp"}"#) == #"{"a":"\u12","password":"***""#)
    }

    func rejected(_ raw: String, _ reason: JSONSyntaxError.Reason, suffix: String = "", truncated: Bool = false) -> RejectedRecord {
        let syntax = JSONSyntaxError(reason, at: InputLocation(line: 1, column: 5, offset: 4))
        var error = RecordError(syntax, recordNumber: 1)
        error.message += suffix
        return RejectedRecord(error: error, raw: Array(raw.utf8), rawIsTruncated: truncated)
    }

    @Test func theMessageQuotesNoByteOnceAPasswordKeyShows() {
        let r = RedactedReject(
            rejected(#"{"password":1S"#, .unexpectedByte(0x53, expected: "',' or '}'"), suffix: "; the rest of this input cannot be read"))
        #expect(r.error.message == "unexpected character <masked>, expected ',' or '}'; the rest of this input cannot be read")
        #expect(r.error.syntax?.reason == .unexpectedByte(0, expected: "',' or '}'"))
        #expect(r.rawIsHiddenAfterPassword)
        let control = RedactedReject(rejected(#"{"password":"a"#, .controlCharacterInString(0x01)))
        #expect(control.error.message == "unescaped control character <masked> in string")
    }

    @Test func theMessageKeepsItsByteWithoutAPasswordKey() {
        let r = RedactedReject(rejected(#"{"id":x}"#, .unexpectedByte(0x78, expected: "a value")))
        #expect(r.error.message == "unexpected character 'x', expected a value")
        #expect(!r.rawIsHiddenAfterPassword && r.raw == Array(#"{"id":x}"#.utf8))
        // Incomplete bytes may hide a key: no byte then either.
        let cut = RedactedReject(rejected(#"{"id":x}"#, .unexpectedByte(0x78, expected: "a value"), truncated: true))
        #expect(cut.error.message == "unexpected character <masked>, expected a value")
    }
}
