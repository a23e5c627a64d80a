import Testing
@testable import SCIMStream

/// The one definition of a password key, tested directly, and its fast forms against it.
@Suite struct PasswordKeyTests {
    static let passwords = [
        "password", "PASSWORD", "PassWord", "urn:ietf:params:scim:schemas:core:2.0:User:password",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:Password", "x:password", ":password"
    ]
    static let others = [
        "", "p", "passwor", "passwords", "mypassword", "password2", "pass word", "x:passwordy",
        "x-password", "passw0rd", "urn:ietf:params:scim:schemas:core:2.0:User", "PASSWORD:x",
        "pas\u{17F}word", "password\u{0}"
    ]

    /// `name` as a JSON string token, with every letter escaped as `\uXXXX` when `escaped`.
    static func token(_ name: String, escaped: Bool) -> [UInt8] {
        guard escaped else { return Array("\"\(name)\"".utf8) }
        var out: [UInt8] = [._quote]
        for b in name.utf8 {
            if b < 0x80 && (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A {
                let hex = Array("0123456789abcdef".utf8)
                out += Array("\\u00".utf8) + [hex[Int(b >> 4)], hex[Int(b & 15)]]
            } else if b < 0x20 {
                out += Array("\\u0000".utf8)
            } else {
                out.append(b)
            }
        }
        return out + [._quote]
    }

    @Test func thePredicateOnDecodedNames() {
        for name in Self.passwords { #expect(PasswordKey.matches(decodedName: Array(name.utf8)), "\(name)") }
        for name in Self.others { #expect(!PasswordKey.matches(decodedName: Array(name.utf8)), "\(name)") }
    }

    @Test func tokensPlainAndEscapedAgreeWithThePredicate() {
        for name in Self.passwords + Self.others {
            let expected = PasswordKey.matches(decodedName: Array(name.utf8))
            for escaped in [false, true] {
                let t = Self.token(name, escaped: escaped)
                t.withUnsafeBytes { b in
                    #expect(PasswordKey.matches(token: b.baseAddress!, start: 0, end: b.count) == expected, "\(name) escaped \(escaped)")
                }
            }
        }
    }

    @Test func theSweepNeverMissesAPasswordKey() {
        for name in Self.passwords {
            for escaped in [false, true] {
                for prefix in ["", "{\"a\":1,", "[{\"w\":\"work\\\"\"},{"] {
                    let json = Array(prefix.utf8) + Self.token(name, escaped: escaped) + Array(":1".utf8)
                    json.withUnsafeBytes { b in
                        #expect(PasswordKey.mayOccur(in: b.baseAddress!, from: 0, end: b.count), "\(prefix)\(name)")
                    }
                }
            }
        }
        let plain = Array(#"{"type":"work","w":"W/\"7\"","passwords":"x","www":"password "}"#.utf8)
        plain.withUnsafeBytes { #expect(!PasswordKey.mayOccur(in: $0.baseAddress!, from: 0, end: $0.count)) }
    }

    @Test func theSweepMatchesItsReference() {
        let pieces = ["password\"", "PassWord\"", "passwor", "\\u", "\\\\", "\\\"", "work", "W/", "x", "\"", "ssword\"", "pa"]
        var state: UInt64 = 7
        for _ in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<8 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                bytes += Array(pieces[Int(state >> 33) % pieces.count].utf8)
            }
            let expected = PasswordKey.mayOccurReference(bytes)
            bytes.withUnsafeBytes { b in
                #expect(PasswordKey.mayOccur(in: b.baseAddress!, from: 0, end: b.count) == expected, "\(String(decoding: bytes, as: UTF8.self))")
            }
        }
    }
}

extension PasswordKeyTests {
    @Test func theWordIsTheName() {
        #expect(PasswordKey.name.withUnsafeBytes { ByteSearch.load($0.baseAddress!) } == PasswordKey.word)
    }
}
