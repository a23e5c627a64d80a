import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An output that is an input or another output is refused before anything is written.
@Suite struct OutputCollisionTests {
    /// One case: the arguments (with `IN`, `OUT` and `DIR` for paths) and what stderr must say.
    struct Case: CustomTestStringConvertible, Sendable {
        var arguments: [String]
        var message: String
        var stdinFromInput = false
        var testDescription: String { arguments.joined(separator: " ") + (stdinFromInput ? " < IN" : "") }
    }

    static let cases: [Case] = [
        Case(arguments: ["IN", "-o", "OUT", "--rejects", "OUT"], message: "--rejects OUT is the same file as -o OUT"),
        Case(arguments: ["IN", "-o", "OUT", "--stats-json", "OUT"], message: "--stats-json OUT is the same file as -o OUT"),
        Case(arguments: ["IN", "--rejects", "OUT", "--stats-json", "DIR/./out.ndjson"], message: "--stats-json DIR/./out.ndjson is the same file as --rejects OUT"),
        Case(arguments: ["IN", "--rejects", "IN"], message: "--rejects IN is the same file as the input IN"),
        Case(arguments: ["IN", "--stats-json", "IN"], message: "--stats-json IN is the same file as the input IN"),
        Case(arguments: ["IN", "-o", "IN"], message: "-o IN is the same file as the input IN"),
        Case(arguments: ["IN", "-o", "DIR/hard-link"], message: "-o DIR/hard-link is the same file as the input IN"),
        Case(arguments: ["IN", "--rejects", "DIR/soft-link"], message: "--rejects DIR/soft-link is the same file as the input IN"),
        Case(arguments: ["-o", "IN"], message: "-o IN is the same file as the input <stdin>", stdinFromInput: true),
        // Files that options read are inputs too.
        Case(arguments: ["IN", "--to", "csv", "--columns-file", "DIR/columns.txt", "-o", "DIR/columns.txt"],
             message: "-o DIR/columns.txt is the same file as --columns-file DIR/columns.txt"),
        Case(arguments: ["IN", "--key-file", "DIR/key", "--rejects", "DIR/key"], message: "--rejects DIR/key is the same file as --key-file DIR/key"),
        Case(arguments: ["IN", "--pipeline", "DIR/steps", "--stats-json", "DIR/steps"], message: "--stats-json DIR/steps is the same file as --pipeline DIR/steps"),
        // An option that takes a value swallowed the data file's name.
        Case(arguments: ["--stats-json", "IN"], message: "--stats-json IN holds something other than statistics"),
        Case(arguments: ["--rejects", "IN"], message: "--rejects IN holds something other than rejected records"),
    ]

    @Test(arguments: cases)
    func refusedWithExit64AndNothingChanged(_ c: Case) throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("users.ndjson")
        let output = dir.appendingPathComponent("out.ndjson")
        try Data(twoUsers.utf8).write(to: input)
        link(input.path, dir.appendingPathComponent("hard-link").path)
        symlink("users.ndjson", dir.appendingPathComponent("soft-link").path)
        let optionFiles = ["columns.txt": "id\nuserName\n", "key": "0123456789abcdef0123456789abcdef\n", "steps": "--normalize-username\n"]
        for (name, text) in optionFiles { try Data(text.utf8).write(to: dir.appendingPathComponent(name)) }
        func substitute(_ s: String) -> String {
            s.replacingOccurrences(of: "DIR", with: dir.path).replacingOccurrences(of: "OUT", with: output.path)
                .replacingOccurrences(of: "IN", with: input.path)
        }
        let arguments = c.arguments.map(substitute)
        let r = c.stdinFromInput
            ? try CLI.shell("scimstream \(arguments.joined(separator: " ")) < '\(input.path)'")
            : try CLI.run(arguments)
        #expect(r.status == 64)
        #expect(r.stderr.contains("Error: \(substitute(c.message))"), "\(r.stderr)")
        #expect(contents(input) == twoUsers.bytes)
        for (name, text) in optionFiles { #expect(contents(dir.appendingPathComponent(name)) == text.bytes) }
        #expect(listing(dir) == ["columns.txt", "hard-link", "key", "soft-link", "steps", "users.ndjson"])
    }

    @Test func anEarlierStatisticsOrRejectsFileIsReplaced() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let stats = dir.appendingPathComponent("stats.json")
        let rejects = dir.appendingPathComponent("rejects.ndjson")
        let arguments = ["--on-error", "skip", "--stats-json", stats.path, "--rejects", rejects.path]
        for _ in 0..<2 {
            let r = try CLI.run(arguments, stdin: "{\"id\":\"1\"}\n{oops\n".bytes)
            #expect(r.status == 0, "\(r.stderr)")
        }
        try Data().write(to: stats)
        #expect(try CLI.run(arguments, stdin: twoUsers.bytes).status == 0)
        #expect(String(decoding: contents(stats), as: UTF8.self).hasPrefix("{\"records_read\":2,"))
        #expect(contents(rejects).isEmpty)
    }

    @Test func aBulkDirectoryHoldingAnInputIsRefused() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let doc = dir.appendingPathComponent("bulk-000001.json")
        try Data(twoUsers.utf8).write(to: doc)
        let r = try CLI.run([doc.path, "--to", "bulk", "-o", dir.path + "/"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("Error: the input \(doc.path) is a Bulk document in -o \(dir.path)/, which this run replaces"), "\(r.stderr)")
        #expect(contents(doc) == twoUsers.bytes)
    }
}
