import Foundation
import Testing

/// One bad input and what must happen to it.
struct BadInput: CustomStringConvertible, Sendable {
    let name: String
    let bytes: [UInt8]
    var arguments: [String] = []
    /// Exit status, `FILE:LINE:COLUMN` of the (first) error, and the records that survive, under `fail`.
    let failStatus: Int32
    let failPosition: String?
    let failWritten: [String]
    /// Under `--on-error skip`: exit status, records written, records rejected.
    let skipStatus: Int32
    let skipWritten: [String]
    let skipRejected: Int
    var description: String { name }
}

func ids(_ values: String...) -> [String] { values.map { #"{"id":"\#($0)"}"# } }

extension Array where Element == UInt8 {
    static func + (lhs: [UInt8], rhs: String) -> [UInt8] { lhs + Array(rhs.utf8) }
}

let badInputs: [BadInput] = [
    BadInput(
        name: "truncated mid-string", bytes: Array("{\"id\":\"1\"}\n{\"id\":\"2\",\"userName\":\"abc".utf8),
        failStatus: 65, failPosition: "2:26", failWritten: ids("1"),
        skipStatus: 0, skipWritten: ids("1"), skipRejected: 1),
    BadInput(
        name: "truncated mid-object", bytes: Array("{\"id\":\"1\"}\n{\"id\":\"2\",".utf8),
        failStatus: 65, failPosition: "2:11", failWritten: ids("1"),
        skipStatus: 0, skipWritten: ids("1"), skipRejected: 1),
    BadInput(
        name: "truncated mid-Resources",
        bytes: Array("{\"totalResults\":3,\"Resources\":[\n{\"id\":\"1\"},\n{\"id\":\"2\"},\n{\"id\":\"3\",\"userNa".utf8),
        failStatus: 65, failPosition: "4:18", failWritten: ids("1", "2"),
        skipStatus: 0, skipWritten: ids("1", "2"), skipRejected: 1),
    BadInput(
        name: "garbage line among good ones", bytes: Array("{\"id\":\"1\"}\ngarbage here\n{\"id\":\"2\"}\n".utf8),
        failStatus: 65, failPosition: "2:1", failWritten: ids("1"),
        skipStatus: 0, skipWritten: ids("1", "2"), skipRejected: 1),
    BadInput(
        name: "invalid UTF-8 in a value", bytes: [UInt8]("{\"id\":\"1\"}\n{\"id\":\"a".utf8) + [0xFF] + "b\"}\n{\"id\":\"2\"}\n",
        failStatus: 65, failPosition: "2:9", failWritten: ids("1"),
        skipStatus: 0, skipWritten: ids("1", "2"), skipRejected: 1),
    BadInput(
        name: "invalid UTF-8 in a key", bytes: [UInt8]("{\"id\":\"1\"}\n{\"i".utf8) + [0xC3, 0x28] + "d\":\"x\"}\n{\"id\":\"2\"}\n",
        failStatus: 65, failPosition: "2:5", failWritten: ids("1"),
        skipStatus: 0, skipWritten: ids("1", "2"), skipRejected: 1),
    BadInput(
        name: "lone surrogate escape", bytes: Array("{\"id\":\"1\"}\n{\"id\":\"\\ud800\"}\n{\"id\":\"2\"}\n".utf8),
        failStatus: 65, failPosition: "2:14", failWritten: ids("1"),
        skipStatus: 0, skipWritten: ids("1", "2"), skipRejected: 1),
    BadInput(
        name: "NUL byte between records", bytes: [UInt8]("{\"id\":\"1\"}\n".utf8) + [0] + "\n{\"id\":\"2\"}\n",
        failStatus: 65, failPosition: "2:1", failWritten: ids("1"),
        skipStatus: 0, skipWritten: ids("1", "2"), skipRejected: 1),
    BadInput(
        name: "NUL byte in a string", bytes: [UInt8]("{\"id\":\"1\"}\n{\"id\":\"a".utf8) + [0] + "\"}\n{\"id\":\"2\"}\n",
        failStatus: 65, failPosition: "2:9", failWritten: ids("1"),
        skipStatus: 0, skipWritten: ids("1", "2"), skipRejected: 1),
    BadInput(
        name: "UTF-8 byte order mark at the start (accepted)", bytes: [0xEF, 0xBB, 0xBF] + "{\"id\":\"1\"}\n",
        failStatus: 0, failPosition: nil, failWritten: ids("1"),
        skipStatus: 0, skipWritten: ids("1"), skipRejected: 0),
    BadInput(
        name: "100,000-deep nesting", bytes: Array(("{\"id\":\"1\"}\n{\"x\":" + String(repeating: "[", count: 100_000) + "\n{\"id\":\"2\"}\n").utf8),
        failStatus: 65, failPosition: "2:261", failWritten: ids("1"),
        skipStatus: 0, skipWritten: ids("1", "2"), skipRejected: 1),
    BadInput(
        name: "record over the size limit",
        bytes: Array(("{\"id\":\"1\"}\n{\"id\":\"" + String(repeating: "x", count: 5000) + "\"}\n{\"id\":\"2\"}\n").utf8),
        arguments: ["--max-record-bytes", "1K"],
        failStatus: 65, failPosition: "2:1", failWritten: ids("1"),
        skipStatus: 0, skipWritten: ids("1", "2"), skipRejected: 1),
    BadInput(
        name: "record over the size limit inside Resources",
        bytes: Array(
            ("{\"Resources\":[{\"id\":\"1\"},{\"id\":\"" + String(repeating: "x", count: 300_000) + "\"},{\"id\":\"2\"}],\"totalResults\":3}").utf8),
        arguments: ["--max-record-bytes", "64K"],
        failStatus: 65, failPosition: "1:26", failWritten: ids("1"),
        skipStatus: 0, skipWritten: ids("1", "2"), skipRejected: 1),
    BadInput(
        name: "Resources not an array",
        bytes: Array("{\"totalResults\":1,\"Resources\":{\"id\":\"9\"}}\n{\"totalResults\":1,\"Resources\":[{\"id\":\"1\"}]}".utf8),
        failStatus: 65, failPosition: "1:31", failWritten: [],
        skipStatus: 0, skipWritten: ids("1"), skipRejected: 1),
    BadInput(
        name: "bad element inside Resources",
        bytes: [UInt8]("{\"Resources\":[{\"id\":\"1\"},{\"id\":\"".utf8) + [0xFF] + "\"},7,[3],{\"id\":\"2\"}],\"totalResults\":3}",
        failStatus: 65, failPosition: "1:33", failWritten: ids("1"),
        skipStatus: 0, skipWritten: ids("1", "2"), skipRejected: 3),
    BadInput(
        name: "structure lost inside Resources (stops the input)",
        bytes: Array("{\"Resources\":[{\"id\":\"1\"} {\"id\":\"2\"}],\"totalResults\":2}".utf8),
        failStatus: 65, failPosition: "1:26", failWritten: ids("1"),
        skipStatus: 65, skipWritten: ids("1"), skipRejected: 1),
    BadInput(
        name: "NDJSON line holding an array or a number", bytes: Array("[1,2]\n42\n{\"id\":\"1\"}\n".utf8),
        arguments: ["--from", "ndjson"],
        failStatus: 65, failPosition: "1:1", failWritten: [],
        skipStatus: 0, skipWritten: ids("1"), skipRejected: 2),
    BadInput(
        name: "empty input", bytes: [],
        failStatus: 0, failPosition: nil, failWritten: [],
        skipStatus: 0, skipWritten: [], skipRejected: 0),
    BadInput(
        name: "input of only whitespace", bytes: Array(" \n\r\n\t \n".utf8),
        failStatus: 0, failPosition: nil, failWritten: [],
        skipStatus: 0, skipWritten: [], skipRejected: 0)
]

/// Issue 5's table: every bad input under both policies.
@Suite struct BadInputTests {
    struct Outcome {
        var result: CLIResult
        var stats: [String: Any]
    }

    func run(_ input: BadInput, _ extra: [String]) throws -> Outcome {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("input.json")
        try Data(input.bytes).write(to: file)
        let stats = dir.appendingPathComponent("stats.json")
        let result = try CLI.run([file.path, "--stats-json", stats.path] + input.arguments + extra)
        let json = (try? JSONSerialization.jsonObject(with: Data(contentsOf: stats))) as? [String: Any] ?? [:]
        return Outcome(result: result, stats: json)
    }

    func reconcile(_ stats: [String: Any], _ input: BadInput) {
        let read = stats["records_read"] as? Int ?? -1
        let written = stats["records_written"] as? Int ?? -1
        let dropped = stats["records_dropped"] as? Int ?? -1
        let rejected = stats["records_rejected"] as? Int ?? -1
        #expect(read == written + dropped + rejected, "\(input.name): \(stats)")
    }

    @Test("fail policy: exit status, position, good records kept, counts reconcile", arguments: badInputs)
    func failPolicy(input: BadInput) throws {
        let o = try run(input, [])
        #expect(o.result.status == input.failStatus, "\(input.name): \(o.result.stderr)")
        #expect(o.result.lines == input.failWritten, "\(input.name)")
        if let position = input.failPosition {
            #expect(o.result.stderr.contains("input.json:\(position): error: "), "\(input.name): \(o.result.stderr)")
        } else {
            #expect(o.result.stderr.isEmpty, "\(input.name): \(o.result.stderr)")
        }
        reconcile(o.stats, input)
        #expect(o.stats["records_rejected"] as? Int == (input.failStatus == 0 ? 0 : 1), "\(input.name)")
    }

    @Test("skip policy: carries on, counts the rejects, exit status", arguments: badInputs)
    func skipPolicy(input: BadInput) throws {
        let o = try run(input, ["--on-error", "skip"])
        #expect(o.result.status == input.skipStatus, "\(input.name): \(o.result.stderr)")
        #expect(o.result.lines == input.skipWritten, "\(input.name)")
        #expect(o.stats["records_rejected"] as? Int == input.skipRejected, "\(input.name): \(o.stats)")
        #expect(o.stats["records_written"] as? Int == input.skipWritten.count)
        reconcile(o.stats, input)
        // --strict-exit turns any reject into 65.
        let strict = try run(input, ["--on-error", "skip", "--strict-exit"])
        #expect(strict.result.status == (input.skipRejected > 0 ? 65 : input.skipStatus), "\(input.name)")
    }

    @Test func missingFileAndDirectory() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.json")
        try Data(#"{"id":"1"}"#.utf8).write(to: good)
        let missing = try CLI.run(["/nonexistent/x.json", good.path])
        #expect(missing.status == 66 && missing.lines.isEmpty)
        // Under skip the next file still runs, and the exit status still says an input was missing.
        let skipped = try CLI.run(["/nonexistent/x.json", dir.path, good.path, "--on-error", "skip"])
        #expect(skipped.status == 66)
        #expect(skipped.lines == ids("1"))
        #expect(skipped.stderr.contains("/nonexistent/x.json: cannot open: No such file or directory"))
        #expect(skipped.stderr.contains("\(dir.path): cannot read: Is a directory"))
    }

    @Test func unwritableOutputAndFullDisk() throws {
        let r = try CLI.run(["-o", "/nonexistent/dir/out.json"], stdin: Array(#"{"id":"1"}"#.utf8))
        #expect(r.status == 74)
        #expect(r.stderr.contains("/nonexistent/dir/out.json"))
        if FileManager.default.fileExists(atPath: "/dev/full") {
            let full = try CLI.shell(#"printf '{"id":"1"}\n' | scimstream > /dev/full"#)
            #expect(full.status == 74)
            #expect(full.stderr.contains("<stdout>: cannot write: No space left on device"))
        }
    }

    @Test func aDamagedFileDoesNotStopTheNextUnderSkip() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.json")
        let b = dir.appendingPathComponent("b.json")
        try Data(#"{"Resources":[{"id":"1"} {"id":"x"}]}"#.utf8).write(to: a)
        try Data(#"{"id":"2"}"#.utf8).write(to: b)
        let r = try CLI.run([a.path, b.path, "--on-error", "skip"])
        #expect(r.status == 65)
        #expect(r.lines == ids("1", "2"))
        #expect(r.stderr.contains("a.json:1:26: error:"))
        #expect(r.stderr.contains("the rest of this input cannot be read"))
    }

    @Test func rejectsFileShapeAndPasswordMasking() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rejects = dir.appendingPathComponent("rejects.ndjson")
        let input =
            "{\"id\":\"1\"}\n{\"id\":\"2\",\"Password\":\"hunter2\",,}\n{\"id\":\"3\",\"p\\u0061ssword\":\"s3cr3t\",\"x\":tru}\n"
            + "{\"id\":\"4\",\"password\": opensesame }\n{\"id\":\"" + String(repeating: "y", count: 70_000) + "\"}\n"
        let r = try CLI.run(["--on-error", "skip", "--rejects", rejects.path], stdin: Array(input.utf8))
        #expect(r.status == 0)
        #expect(r.lines == ids("1") + [#"{"id":"\#(String(repeating: "y", count: 70_000))"}"#])
        let lines = try String(contentsOf: rejects, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        let text = try String(contentsOf: rejects, encoding: .utf8)
        for secret in ["hunter2", "s3cr3t", "opensesame"] {
            #expect(!text.contains(secret), "rejects file leaks \(secret)")
            #expect(!r.stderr.contains(secret), "stderr leaks \(secret)")
        }
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["source"] as? String == "<stdin>")
        #expect(first["line"] as? Int == 2 && first["column"] as? Int == 32 && first["record"] as? Int == 2)
        #expect(first["offset"] as? Int == 42)
        // The error lies after the password key: its byte is not quoted (issue 11).
        #expect(first["error"] as? String == "unexpected character <masked>, expected a string key")
        #expect((first["raw"] as? String)?.contains(#""Password":"***""#) == true)
    }

    @Test func rawIsCutAt64KiB() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rejects = dir.appendingPathComponent("rejects.ndjson")
        let input = "{\"id\":\"" + String(repeating: "z", count: 100_000) + "\",,}\n"
        let r = try CLI.run(["--on-error", "skip", "--rejects", rejects.path], stdin: Array(input.utf8))
        #expect(r.status == 0)
        let line = try String(contentsOf: rejects, encoding: .utf8)
        let reject = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(reject["raw_truncated"] as? Bool == true)
        #expect((reject["raw"] as? String)?.utf8.count == 64 << 10)
    }
}

/// Review finding: under `fail`, a missing second input lost the first input's buffered output.
@Suite struct MissingLaterInputTests {
    @Test func goodOutputBeforeAMissingInputIsFlushed() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.json")
        try Data(#"{"id":"1"}"#.utf8).write(to: a)
        let r = try CLI.run([a.path, "/nonexistent/b.json", "--to", "list"])
        #expect(r.status == 66)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout)) as? [String: Any])
        #expect((document["Resources"] as? [Any])?.count == 1)
    }
}
