import SCIMJSON
import SCIMTestSupport
import Testing
@testable import SCIMStream

/// `--replace-domain` decides most addresses on bytes; it must decide exactly as the `String`
/// path (grapheme-aware `lastIndex(of: "@")`, Unicode `lowercased()`, canonical `==`) does.
@Suite struct ReplaceDomainBytesTests {
    static func text(_ outcome: JSONRebuild.Outcome) -> String {
        switch outcome {
        case .keep: return "keep"
        case .remove: return "remove"
        case .replace(let bytes): return "replace " + String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Every JSON string `value` checked both ways, and against the record-level pre-check.
    func check(_ stage: ReplaceDomainStage, _ json: String) {
        let bytes = Array(json.utf8)
        bytes.withUnsafeBytes { buffer in
            let value = JSONSlice(buffer)
            let reference = Self.text(stage.rewrittenAsText(value))
            let fast = Self.text(stage.rewrittenASCII(value) ?? stage.rewrittenAsText(value))
            #expect(fast == reference, "\(json) \(stage.oldDomain)=\(stage.newDomain)")
            if stage.oldIsASCII && !ReplaceDomainStage.mayChange(value, stage.oldLowercased) {
                #expect(reference == "keep", "the pre-check skipped \(json)")
            }
        }
    }

    @Test func bytesDecideAsStringsDo() {
        let locals = ["a", "李.O'Neil0", "", "x@y", "ا\u{0600}", "e\u{301}", "a b", "\u{1F600}", "k\\u0041", "\\\"q\\\""]
        let ats = ["@", "@\u{301}", "\u{0600}@", "@@"]
        let domains = [
            "contoso.com", "Contoso.COM", "CONTOSO.COM", "contoso.co", "sub.contoso.com", "contoso;com", "contoso\u{37E}com",
            "\u{212A}ontoso.com", "kontoso.com", "Kontoso.com", "contoso.com\u{301}", "", "example.org", "éxample.org"
        ]
        let stages = [
            ReplaceDomainStage(from: "contoso.com", to: "example.org"), ReplaceDomainStage(from: "CONTOSO.com", to: "contoso.com"),
            ReplaceDomainStage(from: "contoso;com", to: "x.org"), ReplaceDomainStage(from: "contoso\u{37E}com", to: "x.org"),
            ReplaceDomainStage(from: "kontoso.com", to: "Kontoso.com"), ReplaceDomainStage(from: "contoso.com", to: "exämple.org"),
            ReplaceDomainStage(from: "contoso.com", to: "contoso.com")
        ]
        for stage in stages {
            for local in locals {
                for at in ats {
                    for domain in domains { check(stage, "\"" + local + at + domain + "\"") }
                }
                check(stage, "\"" + local + "\"")
            }
            for other in ["1", "null", "true", "[\"a@contoso.com\"]", "{\"value\":\"a@contoso.com\"}"] { check(stage, other) }
        }
    }
}
