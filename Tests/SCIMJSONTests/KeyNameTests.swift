import Testing
import SCIMJSON

/// The one key matcher: any case, escapes decoded, lengths that cannot match rejected.
@Suite struct KeyNameTests {
    func matches(_ token: String, _ name: String, hasEscapes: Bool? = nil) -> Bool {
        let bytes = Array(token.utf8)
        return bytes.withUnsafeBytes { buffer in
            if let hasEscapes {
                return KeyName.matches(buffer.baseAddress!, start: 0, end: bytes.count, hasEscapes: hasEscapes, Array(name.utf8))
            }
            return KeyName.matches(buffer.baseAddress!, start: 0, end: bytes.count, Array(name.utf8))
        }
    }

    @Test func caseIsIgnored() {
        #expect(matches(#""PassWord""#, "password"))
        #expect(matches(#""userName""#, "username"))
        #expect(!matches(#""userNam""#, "username"))
        #expect(!matches(#""userNames""#, "username"))
    }

    @Test func escapesAreDecoded() {
        #expect(matches(#""p\u0061ssword""#, "password"))
        #expect(matches(#""P\u0041SSWORD""#, "password"))
        #expect(matches(#""p\u0061ssword""#, "password", hasEscapes: true))
        // The caller's word that there is no escape is taken: no decoding.
        #expect(!matches(#""p\u0061ssword""#, "password", hasEscapes: false))
        #expect(!matches(#""p\u0062ssword""#, "password"))
        // As long as the name with an escape in it: decodes shorter, never equal.
        #expect(!matches(#""\u0061""#, "aaaaaa"))
    }
}
