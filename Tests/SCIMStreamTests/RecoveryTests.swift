import Foundation
import Testing
import SCIMTestSupport
@testable import SCIMStream

/// Issue 11: a damaged record never takes a good line with it; `auto` never turns users into
/// envelopes; duplicate members are refused. Each test failed before its fix, and each runs
/// at every chunk size with and without the compact fast path.
@Suite struct RecoveryTests {
    struct Outcome: Equatable, CustomStringConvertible {
        var records: [String] = []
        var rejects: [String] = []
        var messages: [String] = []
        var failure: String?
        var description: String { "records \(records), rejects \(rejects), messages \(messages), failure \(failure ?? "-")" }
    }

    func read(_ text: String, _ format: InputFormat = .auto, policy: ErrorPolicy = .skip, maxDepth: Int = 256) -> Outcome {
        var outcomes: [Outcome] = []
        for size in chunkSizes {
            for compact in [true, false] {
                var reader = UserRecordReader(options: .init(format: format, maxDepth: maxDepth, errorPolicy: policy))
                reader.usesCompactScanner = compact
                var o = Outcome()
                reader.onReject = {
                    // As the rejects file and the diagnostics show it.
                    let shown = RedactedReject($0)
                    o.rejects.append(String(decoding: shown.raw, as: UTF8.self))
                    o.messages.append(shown.error.message)
                }
                let bytes = Array(text.utf8)
                do {
                    try feed(bytes, chunkSize: size, to: &reader) { o.records.append($0.jsonText) }
                } catch {
                    o.failure = "\(error)"
                }
                outcomes.append(o)
            }
        }
        for o in outcomes.dropFirst() { #expect(o == outcomes[0], "chunking or the fast path changed the outcome") }
        return outcomes[0]
    }

    // MARK: - NDJSON recovery

    @Test func aLineCutAfterACompleteTokenKeepsTheNextLines() {
        // `cat p1 p2` where p1 ends without a line end: the second line is damaged (b1 is part
        // of it), the third is good.
        let o = read("{\"id\":\"a1\"}\n{\"id\":\"a2\",\"name\":" + "{\"id\":\"b1\"}\n{\"id\":\"b2\"}\n")
        #expect(o.records == [#"{"id":"a1"}"#, #"{"id":"b2"}"#], "\(o)")
        #expect(o.rejects == [#"{"id":"a2","name":{"id":"b1"}"#], "\(o)")
    }

    @Test func aRecordCutAtItsLineEndKeepsTheNextLines() {
        let text = "{\"id\":\"1\",\"userName\":\"a\"}\n{\"id\":\"2\",\"userName\":\n{\"id\":\"3\"}\n{\"id\":\"4\"}\n"
        for format in [InputFormat.auto, .ndjson] {
            let o = read(text, format)
            #expect(o.records == [#"{"id":"1","userName":"a"}"#, #"{"id":"3"}"#, #"{"id":"4"}"#], "\(o)")
            #expect(o.rejects == ["{\"id\":\"2\",\"userName\":"], "\(o)")
            #expect(o.messages.count == 1)
        }
    }

    @Test func aDamagedRecordSpanningLinesResumesAtTheFirstRecordLineAfterItsStart() {
        // The damage shows only on the third line; the second line is a record of its own.
        let text = "{\"id\":\"1\",\"a\":[\n{\"id\":\"2\"}\n{\"id\":\"3\"}\n"
        let o = read(text, .ndjson)
        #expect(o.records == [#"{"id":"2"}"#, #"{"id":"3"}"#], "\(o)")
        #expect(o.rejects == ["{\"id\":\"1\",\"a\":["], "\(o)")
    }

    @Test func aLineNestedTooDeepIsSkippedLikeAnyOtherDamage() {
        let deepArray = String(repeating: "[", count: 257) + String(repeating: "]", count: 257)
        let deepObject = String(repeating: "{\"a\":", count: 257) + "1" + String(repeating: "}", count: 257)
        for deep in [deepArray, deepObject] {
            for format in [InputFormat.auto, .ndjson] {
                let o = read("{\"id\":\"0\"}\n" + deep + "\n{\"id\":\"ok\"}\n", format)
                #expect(o.records == [#"{"id":"0"}"#, #"{"id":"ok"}"#], "\(format) \(o)")
                #expect(o.rejects.count == 1 && o.failure == nil, "\(format) \(o)")
            }
        }
    }

    @Test func bareCarriageReturnsEndLines() {
        let o = read("{\"id\":\"1\"}\r{\"id\":\"2\",}\r{\"id\":\"3\"}\r{\"id\":\"4\"}\r")
        #expect(o.records == [#"{"id":"1"}"#, #"{"id":"3"}"#, #"{"id":"4"}"#], "\(o)")
        #expect(o.rejects == [#"{"id":"2",}"#], "\(o)")
        let crlf = read("{\"id\":\"1\"}\r\n{\"id\":\"2\",}\r\n{\"id\":\"3\"}\r\n")
        #expect(crlf.records == [#"{"id":"1"}"#, #"{"id":"3"}"#], "\(crlf)")
        #expect(crlf.rejects == [#"{"id":"2",}"#], "\(crlf)")
    }

    @Test func aStrayCharacterAfterARecordIsRejectedWithoutTheRecord() {
        let o = read("{\"id\":\"11\",\"userName\":\"x\"}}\n{\"id\":\"12\"}\n")
        #expect(o.records == [#"{"id":"11","userName":"x"}"#, #"{"id":"12"}"#], "\(o)")
        #expect(o.rejects == ["}"], "\(o)")
    }

    @Test func prettyPrintedInputKeepsItsRecovery() {
        // No line of the damaged record starts a record: reading resumes after the damaged line.
        let text = "{\n  \"id\": \"1\",\n  \"a\": tru\n}\n{\n  \"id\": \"2\"\n}\n"
        let o = read(text, .ndjson)
        #expect(o.records == [#"{"id":"2"}"#], "\(o)")
        #expect(o.rejects.first == "{\n  \"id\": \"1\",\n  \"a\": tru", "\(o)")
    }

    // MARK: - Passwords cut by a line end

    @Test func aPasswordCutByALineEndNeverShowsItsTail() {
        for tail in ["ss:w0rd!\"}", "{ss\"w0rd\"}", "ss\"w0rd\",\"x\":1}"] {
            let o = read("{\"id\":\"1\",\"password\":\"Pa\n" + tail + "\n{\"id\":\"2\"}\n")
            #expect(o.records == [#"{"id":"2"}"#], "\(o)")
            for text in o.rejects + o.messages {
                #expect(!text.contains("w0rd") && !text.contains("ss:w") && !text.contains("{ss"), "leak in \(text)")
            }
        }
    }

    @Test func aPasswordCutByALineEndInsideANestedObjectNeverShowsItsTail() {
        for end in ["\n", "\r", "\r\n"] {
            for shape in [
                #"{"id":"x","name":{"password":"a\#(end)Zq7Xw9Kp"}}"#,
                #"{"id":"x","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"PassWord":"a\#(end)Zq7Xw9Kp"}}"#,
                #"{"id":"x","emails":[{"password":"a\#(end)Zq7Xw9Kp"}]}"#
            ] {
                for policy in ErrorPolicy.allCases {
                    let o = read(shape + "\n{\"id\":\"g2\"}\n", policy: policy)
                    for text in o.rejects + o.messages + [o.failure ?? ""] {
                        #expect(!text.contains("Xw9K") && !text.contains("'Z'"), "leak in \(text)")
                    }
                    if policy == .skip { #expect(o.records == [#"{"id":"g2"}"#], "\(o)") }
                }
            }
        }
    }

    @Test func bytesAfterARecordThatEndedInsideItsPasswordAreHidden() {
        for text in [
            #"{"id":"1","password":"Zq7"}Xw9Kp"}"#, #"{"id":"1","password":"Zq7"} Xw9Kp"}"#,
            #"{"id":"1","password":"Zq7"}"Xw9Kp"}"#, #"{"id":"1","name":{"password":"Zq7"}}Xw9Kp"}"#,
            #"{"id":"1","password":"Zq7"}]Xw9Kp"}"#
        ] {
            for policy in ErrorPolicy.allCases {
                let o = read(text + "\n{\"id\":\"2\"}\n", policy: policy)
                for t in o.rejects + o.messages + [o.failure ?? ""] {
                    #expect(!t.contains("Xw9K") && !t.contains("'X'") && !t.contains("'\"'"), "\(text): leak in \(t)")
                }
            }
        }
    }

    @Test func aLineAfterAPasswordKeyInADamagedRecordIsNeverWrittenAsARecord() {
        // The line may be the password's value: `{"id":"x","password":` then `{"v":"secret"}`.
        let o = read("{\"id\":\"x\",\"password\":\n{\"v\":\"Zq7Xw9Kp\"}\n{\"id\":\"g2\"}\n")
        #expect(o.records == [#"{"id":"g2"}"#], "\(o)")
        for t in o.rejects + o.messages { #expect(!t.contains("Xw9K"), "leak in \(t)") }
        // The line the damage is found at is still read when it begins with the offending `{`.
        let next = read("{\"id\":\"x\",\"password\":\"Zq7Xw9Kp\",\n{\"id\":\"g2\"}\n")
        #expect(next.records == [#"{"id":"g2"}"#], "\(next)")
    }

    // MARK: - auto: users stay users

    @Test func aUserWithAResourcesMemberStaysAUser() {
        let users = [
            #"{"id":"1","userName":"u1","Resources":[{"id":"inner"}]}"#,
            #"{"id":"2","Resources":null}"#,
            #"{"id":"3","resources":[]}"#,
            #"{"id":"4","schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"]}"#
        ]
        for policy in ErrorPolicy.allCases {
            let o = read(users.joined(separator: "\n") + "\n", .auto, policy: policy)
            #expect(o.records == users && o.rejects.isEmpty && o.failure == nil, "\(o)")
        }
    }

    @Test func afterTheFirstUserEveryLineIsAUser() {
        let text = "{\"id\":\"0\"}\n{\"Resources\":[{\"id\":\"inner\"}],\"totalResults\":1}\n"
        let o = read(text)
        #expect(o.records == [#"{"id":"0"}"#, #"{"Resources":[{"id":"inner"}],"totalResults":1}"#], "\(o)")
    }

    @Test func anEnvelopeWithOnlyListResponseMembersIsAPage() {
        // Users are read from it and nothing is rejected (a hostile retest found users written
        // and then their envelope rejected).
        let o = read(#"{"Resources":[{"id":"1"},{"id":"2"}]}"# + "\n" + #"{"resources":null}"#)
        #expect(o.records == [#"{"id":"1"}"#, #"{"id":"2"}"#] && o.rejects.isEmpty, "\(o)")
    }

    @Test func anEnvelopeThatIsNoListResponseIsCounted() {
        for text in [
            #"{"Resources":[],"id":"x"}"#,
            #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"id":"x"}"#
        ] {
            let o = read(text + "\n")
            #expect(o.records.isEmpty && o.rejects.count == 1, "\(text): \(o)")
            let failed = read(text + "\n", policy: .fail)
            #expect(failed.failure != nil, "\(text): \(failed)")
        }
    }

    @Test func realListResponsesAreStillDetected() {
        let page = #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":2,"Resources":[{"id":"a"},{"id":"b"}]}"#
        let o = read(page + "\n" + page)
        #expect(o.records == [#"{"id":"a"}"#, #"{"id":"b"}"#, #"{"id":"a"}"#, #"{"id":"b"}"#], "\(o)")
        let bare = read(#"{"Resources":[{"id":"a"}],"totalResults":1}"#)
        #expect(bare.records == [#"{"id":"a"}"#] && bare.rejects.isEmpty, "\(bare)")
    }

    // MARK: - Duplicate members

    @Test func aRecordWithADuplicateMemberIsRejectedWithItsName() {
        for text in [
            #"{"userName":"FIRST","userName":"SECOND"}"#,
            #"{"userName":"a","id":"1","USERNAME":"b"}"#,
            #"{"userName":"a","user\u004eame":"b"}"#
        ] {
            let o = read(text + "\n{\"id\":\"ok\"}\n")
            #expect(o.records == [#"{"id":"ok"}"#], "\(text): \(o)")
            #expect(o.rejects == [text], "\(text): \(o)")
            #expect(
                o.messages.first?.contains("userName") == true || o.messages.first?.contains("USERNAME") == true,
                "\(text): \(o)")
            #expect(read(text, policy: .fail).failure != nil)
        }
    }

    @Test func sameNamesAtDifferentLevelsAreNoDuplicates() {
        let text =
            #"{"userName":"a","name":{"userName":"b"},"emails":[{"value":"x"},{"value":"y"}],"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"j":10,"k":11,"l":12,"m":13,"n":14,"o":15,"p":16,"q":17,"r":18,"s":19,"t":20,"u":21,"v":22,"w":23,"x":24,"y":25,"z":26}"#
        let o = read(text)
        #expect(o.records == [text] && o.rejects.isEmpty, "\(o)")
    }
}
