import Foundation
import Testing

/// Issue 11's reproducers, run through the tool as users ran them; each failed before its fix.
@Suite struct RecoveryCLITests {
    @Test func catOfACutFileAndAGoodFileKeepsTheGoodLines() throws {
        // cat p1 p2 | scimstream --on-error skip, where p1 ends inside a record.
        let input = "{\"id\":\"a1\"}\n{\"id\":\"a2\",\"name\":" + "{\"id\":\"b1\"}\n{\"id\":\"b2\"}\n"
        let r = try CLI.run(["--on-error", "skip", "--threads", "1"], stdin: Array(input.utf8))
        #expect(r.status == 0)
        #expect(r.lines == ids("a1", "b2"))
    }

    @Test func aUserWithResourcesIsWrittenAsAUserEvenUnderFail() throws {
        let users = [#"{"id":"1","userName":"u1","Resources":[{"id":"inner"}]}"#, #"{"id":"2","Resources":null}"#, #"{"id":"3","Resources":[]}"#]
        let r = try CLI.run(["--on-error", "fail"], stdin: Array((users.joined(separator: "\n") + "\n").utf8))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines == users)
    }

    @Test func anErrorThatStopsAnInputIsShownOnce() throws {
        let input = #"{"totalResults":1,"Resources":[{"id":"1","a":tru}]}"#
        let r = try CLI.run(["--on-error", "skip"], stdin: Array(input.utf8))
        #expect(r.status == 65)
        #expect(r.stderr.components(separatedBy: "the rest of this input cannot be read").count == 2, "\(r.stderr)")
    }

    @Test func duplicateMembersAreRejectedNotHalfEdited() throws {
        let r = try CLI.run(["--normalize-username"], stdin: Array(#"{"userName":"FIRST","userName":"SECOND"}"#.utf8))
        #expect(r.status == 65)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains(#"member "userName" appears twice"#), "\(r.stderr)")
    }

    @Test func aRunStoppedByAClosedPipeCountsTheInputItRead() throws {
        // With --threads 2 bytes_in was 0 while records_read was in the thousands.
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in.ndjson"), stats = dir.appendingPathComponent("stats.json")
        let lines = (0..<60_000).map { #"{"id":"\#($0)","userName":"user\#($0)@example.com","title":"\#(String(repeating: "t", count: 40))"}"# }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: input)
        for threads in ["1", "2"] {
            _ = try CLI.shell("scimstream --threads \(threads) --stats-json \(stats.path) \(input.path) | head -n 1 >/dev/null || true")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: stats)) as? [String: Any])
            let bytesIn = try #require(json["bytes_in"] as? Int)
            let read = try #require(json["records_read"] as? Int)
            #expect(bytesIn > 0 && read > 0, "threads \(threads): \(json)")
            #expect(bytesIn >= read * 60, "threads \(threads): \(read) records in \(bytesIn) bytes")
        }
    }

    @Test func aStatisticsWriteErrorNamesThePathOnce() throws {
        // A device is written in place, so /dev/full is safe to name.
        let r = try CLI.run(["--stats-json", "/dev/full"], stdin: Array(#"{"id":"1"}"#.utf8))
        #expect(r.status == 74)
        #expect(r.stderr.components(separatedBy: "/dev/full").count == 2, "\(r.stderr)")
    }

    @Test func threadsGiveTheSameRecoveryAsOneThread() throws {
        var lines: [String] = []
        for i in 0..<40_000 {
            switch i % 997 {
            case 5: lines.append(#"{"id":"x\#(i)","userName":"#)  // cut: the next line is a record of its own
            case 9: lines.append(#"{"Resources":[{"id":"in"}],"totalResults":1}"#)  // a user after users
            case 13: lines.append(#"{"id":"d\#(i)","id":"again"}"#)
            default: lines.append(#"{"id":"\#(i)","userName":"user\#(i)@example.com","active":true}"#)
            }
        }
        let input = Array((lines.joined(separator: "\n") + "\n").utf8)
        let one = try CLI.run(["--on-error", "skip", "--threads", "1"], stdin: input)
        let two = try CLI.run(["--on-error", "skip", "--threads", "2"], stdin: input)
        #expect(one.status == 0 && two.status == 0)
        #expect(one.stdout == two.stdout)
        #expect(one.lines.count == 40_000 - 2 * 41)
        #expect(one.lines.contains(#"{"Resources":[{"id":"in"}],"totalResults":1}"#))
    }
}
