import Foundation
import Testing

/// A record damaged around its password, and the secret bytes that must never be shown.
struct DamagedPassword: CustomStringConvertible, Sendable {
    let name: String
    /// The damaged record's line (no newline); `alice` and `id 1` come before the password key.
    let line: String
    /// Bytes after the password key; no four of them in a row may reach the rejects file or stderr.
    let secret: String
    var description: String { name }
}

let damagedPasswords: [DamagedPassword] = [
    DamagedPassword(name: "space instead of colon", line: #"{"id":"1","userName":"alice","password" "Zq7Xw9Kp!"}"#, secret: "Zq7Xw9Kp!"),
    DamagedPassword(name: "semicolon instead of colon", line: #"{"id":"1","userName":"alice","password";"Zq7Xw9Kp!"}"#, secret: "Zq7Xw9Kp!"),
    DamagedPassword(name: "equals sign instead of colon", line: #"{"id":"1","userName":"alice","password"="Zq7Xw9Kp!"}"#, secret: "Zq7Xw9Kp!"),
    DamagedPassword(name: "comma instead of colon", line: #"{"id":"1","userName":"alice","password","Zq7Xw9Kp!"}"#, secret: "Zq7Xw9Kp!"),
    DamagedPassword(name: "unquoted value after a space", line: #"{"id":"1","userName":"alice","password" Zq7Xw9Kp}"#, secret: "Zq7Xw9Kp"),
    DamagedPassword(
        name: "unescaped quote inside the value", line: #"{"id":"1","userName":"alice","password":"Pa"Xs:w0rd!Zq7"}"#, secret: #"Pa"Xs:w0rd!Zq7"#),
    DamagedPassword(name: "letters after a number", line: #"{"id":"1","userName":"alice","password":1SECRETzq}"#, secret: "1SECRETzq"),
    DamagedPassword(name: "letters after a literal", line: #"{"id":"1","userName":"alice","password":nullSECRETzq}"#, secret: "nullSECRETzq"),
    DamagedPassword(
        name: "escaped key, quote inside the value", line: #"{"id":"1","userName":"alice","P\u0061ssword":"Zq"Xw9Kp"}"#, secret: #"Zq"Xw9Kp"#),
    DamagedPassword(
        name: "URN-qualified key without colon",
        line: #"{"id":"1","userName":"alice","urn:ietf:params:scim:schemas:core:2.0:User:password" "Zq7Xw9Kp"}"#, secret: "Zq7Xw9Kp"),
    DamagedPassword(
        name: "nested password, quote inside the value", line: #"{"id":"1","userName":"alice","name":{"password":"Zq"Xw9Kp"}}"#, secret: #"Zq"Xw9Kp"#)
]

/// Issue 11, Leaks: a record malformed around its password must not show any of the bytes
/// after the password key, in the rejects file or on stderr, under either error policy.
@Suite struct PasswordLeakTests {
    /// Every run of four bytes of `secret` (the unit a reader would recognise).
    func windows(_ secret: String) -> [String] {
        let b = Array(secret.utf8)
        return (0...(b.count - 4)).map { String(decoding: b[$0..<$0 + 4], as: UTF8.self) }
    }

    func check(_ text: String, where place: String, hides secret: String) {
        for w in windows(secret) {
            #expect(!text.contains(w), "\(place) shows \(w)")
        }
        // A message never quotes the offending byte of a damaged password record.
        #expect(!text.contains("character '"), "\(place) quotes a byte: \(text)")
    }

    @Test("skip: the rejects file and stderr show nothing after the password key", arguments: damagedPasswords)
    func skipPolicy(_ bad: DamagedPassword) throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rejects = dir.appendingPathComponent("rejects.ndjson")
        let input = bad.line + "\n" + #"{"id":"2"}"# + "\n"
        let r = try CLI.run(["--on-error", "skip", "--rejects", rejects.path], stdin: Array(input.utf8))
        #expect(r.status == 0)
        #expect(r.lines == [#"{"id":"2"}"#])
        let text = try String(contentsOf: rejects, encoding: .utf8)
        check(text, where: "rejects file", hides: bad.secret)
        check(r.stderr, where: "stderr", hides: bad.secret)
        #expect(r.stderr.contains("<stdin>:1:"), "the diagnostic is still there: \(r.stderr)")
        // What came before the password key is still shown.
        let reject = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let raw = try #require(reject["raw"] as? String)
        #expect(raw.hasPrefix(#"{"id":"1","userName":"alice","#), "raw: \(raw)")
        #expect((reject["error"] as? String)?.isEmpty == false)
    }

    @Test("fail: the rejects file and the error on stderr show nothing after the password key", arguments: damagedPasswords)
    func failPolicy(_ bad: DamagedPassword) throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rejects = dir.appendingPathComponent("rejects.ndjson")
        let r = try CLI.run(["--rejects", rejects.path], stdin: Array((bad.line + "\n").utf8))
        #expect(r.status == 65)
        let text = try String(contentsOf: rejects, encoding: .utf8)
        check(text, where: "rejects file", hides: bad.secret)
        check(r.stderr, where: "stderr", hides: bad.secret)
        #expect(r.stderr.contains("<stdin>:1:") && r.stderr.contains("error:"), "stderr: \(r.stderr)")
        #expect(text.contains(#"\"userName\":\"alice\""#), "rejects: \(text)")
    }

    @Test func insideAListResponseUnderBothPolicies() throws {
        let input = #"{"totalResults":2,"Resources":[{"id":"1","userName":"alice","password":"Zq"Xw9Kp:Vt4Rm"},{"id":"2"}]}"#
        for policy in ["fail", "skip"] {
            let dir = CLI.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let rejects = dir.appendingPathComponent("rejects.ndjson")
            let r = try CLI.run(["--on-error", policy, "--rejects", rejects.path], stdin: Array(input.utf8))
            #expect(r.status == 65)
            let text = try String(contentsOf: rejects, encoding: .utf8)
            check(text, where: "\(policy): rejects file", hides: #"Zq"Xw9Kp:Vt4Rm"#)
            check(r.stderr, where: "\(policy): stderr", hides: #"Zq"Xw9Kp:Vt4Rm"#)
            #expect(text.contains(#"\"userName\":\"alice\""#))
        }
    }

    @Test func aWellFormedPasswordHidesTheRestOfItsRecord() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rejects = dir.appendingPathComponent("rejects.ndjson")
        let input = #"{"id":"1","userName":"alice","password":"Zq7Xw9Kp","title":"Agent Smith",,}"# + "\n"
        let r = try CLI.run(["--on-error", "skip", "--rejects", rejects.path], stdin: Array(input.utf8))
        #expect(r.status == 0)
        let text = try String(contentsOf: rejects, encoding: .utf8)
        for secret in ["Zq7Xw9Kp", "title", "Agent Smith"] {
            check(text, where: "rejects file", hides: secret)
            check(r.stderr, where: "stderr", hides: secret)
        }
        let reject = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(reject["raw"] as? String == #"{"id":"1","userName":"alice","password":"***""#)
        #expect(reject["raw_hidden_after_password"] as? Bool == true)
        #expect(reject["error"] as? String == "unexpected character <masked>, expected a string key")
    }

    @Test func withThreadsUnderBothPolicies() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("users.ndjson")
        let good = String(repeating: #"{"id":"g","userName":"someone","password":"x"}"# + "\n", count: 12_000)
        try Data((good + #"{"id":"1","userName":"alice","password":"Zq"Xw9Kp"}"# + "\n" + good).utf8).write(to: input)
        for policy in ["fail", "skip"] {
            let rejects = dir.appendingPathComponent("rejects-\(policy).ndjson")
            let r = try CLI.run([input.path, "--threads", "2", "--on-error", policy, "--rejects", rejects.path])
            #expect(r.status == (policy == "fail" ? 65 : 0))
            let text = try String(contentsOf: rejects, encoding: .utf8)
            check(text, where: "\(policy): rejects file", hides: #"Zq"Xw9Kp"#)
            check(r.stderr, where: "\(policy): stderr", hides: #"Zq"Xw9Kp"#)
            #expect(r.stderr.contains(":12001:"), "\(policy): \(r.stderr)")
        }
    }
}
