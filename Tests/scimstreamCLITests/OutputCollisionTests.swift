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
        Case(
            arguments: ["IN", "--rejects", "OUT", "--stats-json", "DIR/./out.ndjson"],
            message: "--stats-json DIR/./out.ndjson is the same file as --rejects OUT"),
        Case(arguments: ["IN", "--rejects", "IN"], message: "--rejects IN is the same file as the input IN"),
        Case(arguments: ["IN", "--stats-json", "IN"], message: "--stats-json IN is the same file as the input IN"),
        Case(arguments: ["IN", "-o", "IN"], message: "-o IN is the same file as the input IN"),
        Case(arguments: ["IN", "-o", "DIR/hard-link"], message: "-o DIR/hard-link is the same file as the input IN"),
        Case(arguments: ["IN", "--rejects", "DIR/soft-link"], message: "--rejects DIR/soft-link is the same file as the input IN"),
        Case(arguments: ["-o", "IN"], message: "-o IN is the same file as the input <stdin>", stdinFromInput: true),
        // Files that options read are inputs too.
        Case(
            arguments: ["IN", "--to", "csv", "--columns-file", "DIR/columns.txt", "-o", "DIR/columns.txt"],
            message: "-o DIR/columns.txt is the same file as --columns-file DIR/columns.txt"),
        Case(arguments: ["IN", "--key-file", "DIR/key", "--rejects", "DIR/key"], message: "--rejects DIR/key is the same file as --key-file DIR/key"),
        Case(
            arguments: ["IN", "--pipeline", "DIR/steps", "--stats-json", "DIR/steps"],
            message: "--stats-json DIR/steps is the same file as --pipeline DIR/steps"),
        // An option that takes a value swallowed the data file's name.
        Case(arguments: ["--stats-json", "IN"], message: "--stats-json IN holds something other than statistics"),
        Case(arguments: ["--rejects", "IN"], message: "--rejects IN holds something other than rejected records")
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
        let r =
            c.stdinFromInput
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

    /// One shell case: a script with `IN`, `OUT` and `DIR` for paths, what stderr must say,
    /// and what `OUT` holds before (nil: it does not exist) and after the run.
    struct ShellCase: CustomTestStringConvertible, Sendable {
        var script: String
        var message: String
        var outBefore: String? = nil
        var outAfter: String? = nil
        var testDescription: String { script }
    }

    static let shellCases: [ShellCase] = [
        // Standard output appended to the input: the run would read its own output forever.
        ShellCase(script: "scimstream IN >> IN", message: "standard output is the same file as the input IN"),
        ShellCase(script: "scimstream < IN >> IN", message: "standard output is the same file as the input <stdin>"),
        ShellCase(script: "scimstream -o /dev/stdout IN >> IN", message: "-o /dev/stdout is the same file as the input IN"),
        ShellCase(script: "scimstream -o /dev/fd/1 IN >> IN", message: "-o /dev/fd/1 is the same file as the input IN"),
        ShellCase(script: "scimstream -o /proc/self/fd/1 IN >> IN", message: "-o /proc/self/fd/1 is the same file as the input IN"),
        ShellCase(
            script: "scimstream IN -o OUT --rejects /dev/stdout >> IN", message: "--rejects /dev/stdout is the same file as the input IN",
            outBefore: nil, outAfter: nil),
        ShellCase(
            script: "scimstream IN -o OUT --stats-json /dev/stderr 2>> IN", message: "--stats-json /dev/stderr is the same file as the input IN"),
        ShellCase(script: "scimstream IN -o OUT --rejects /dev/fd/3 3>> IN", message: "--rejects /dev/fd/3 is the same file as the input IN"),
        ShellCase(script: "scimstream /dev/stdin < IN >> IN", message: "standard output is the same file as the input /dev/stdin"),
        // Two outputs that are one file through a descriptor: the statistics would be lost.
        ShellCase(
            script: "scimstream IN -o OUT --stats-json /dev/stdout > OUT", message: "--stats-json /dev/stdout is the same file as -o OUT",
            outBefore: "earlier\n", outAfter: ""),
        ShellCase(
            script: "scimstream IN -o OUT --stats-json /dev/stdout >> OUT", message: "--stats-json /dev/stdout is the same file as -o OUT",
            outBefore: "earlier\n", outAfter: "earlier\n"),
        ShellCase(
            script: "scimstream IN -o OUT --rejects /dev/fd/3 3>> OUT", message: "--rejects /dev/fd/3 is the same file as -o OUT",
            outBefore: "earlier\n", outAfter: "earlier\n"),
        ShellCase(
            script: "scimstream IN --stats-json /dev/stdout >> OUT", message: "--stats-json /dev/stdout is the same file as standard output",
            outBefore: "earlier\n", outAfter: "earlier\n"),
        ShellCase(
            script: "scimstream IN --rejects /dev/stderr >> OUT 2>&1", message: "--rejects /dev/stderr is the same file as standard output",
            outBefore: "", outAfter: nil)
    ]

    /// Outputs that are an input or another output through standard output or a descriptor are
    /// refused before anything is read; `timeout` and `ulimit -f` keep a regression from filling the disk.
    @Test(arguments: shellCases)
    func descriptorCollisionsAreRefused(_ c: ShellCase) throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("users.ndjson")
        let output = dir.appendingPathComponent("out.ndjson")
        try Data(twoUsers.utf8).write(to: input)
        if let before = c.outBefore { try Data(before.utf8).write(to: output) }
        func substitute(_ s: String) -> String {
            s.replacingOccurrences(of: "DIR", with: dir.path).replacingOccurrences(of: "OUT", with: output.path)
                .replacingOccurrences(of: "IN", with: input.path)
        }
        let script = substitute(c.script).replacingOccurrences(of: "scimstream ", with: "timeout 10 scimstream ")
        // Errors go to a file unless the case redirects stderr itself.
        let errors = dir.appendingPathComponent("errors")
        let redirectsStderr = c.script.contains("2>")
        let r = try CLI.shell("ulimit -f 2048; cd '\(dir.path)' && \(script)" + (redirectsStderr ? "" : " 2> '\(errors.path)'"))
        let stderr =
            redirectsStderr
            ? String(decoding: contents(output) + contents(input), as: UTF8.self)
            : String(decoding: contents(errors), as: UTF8.self)
        #expect(r.status == 64, "\(stderr)")
        #expect(stderr.contains("Error: \(substitute(c.message))"), "\(stderr)")
        if !c.script.contains("2>> IN") { #expect(contents(input) == twoUsers.bytes) }
        if let after = c.outAfter {
            #expect(contents(output) == after.bytes)
        } else if c.outBefore == nil {
            #expect(!FileManager.default.fileExists(atPath: output.path))
        }
    }

    /// Standard output and descriptor outputs that are pipes, or regular files that nothing else
    /// writes or reads, are used as before.
    @Test func descriptorsThatCollideWithNothingStillWork() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("users.ndjson")
        let output = dir.appendingPathComponent("out.ndjson")
        let other = dir.appendingPathComponent("other.txt")
        try Data(twoUsers.utf8).write(to: input)
        let records = twoUsersOutput.bytes
        let statisticsPrefix = #"{"records_read":2,"#

        var r = try CLI.shell("timeout 10 scimstream '\(input.path)' | cat")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == records)

        r = try CLI.shell("timeout 10 scimstream '\(input.path)' -o '\(output.path)' --stats-json /dev/stdout | cat")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.out.hasPrefix(statisticsPrefix), "\(r.out)")
        #expect(contents(output) == records)

        r = try CLI.shell("timeout 10 scimstream '\(input.path)' --stats-json /dev/stdout | cat")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.out.hasPrefix(twoUsersOutput + statisticsPrefix), "\(r.out)")

        r = try CLI.shell("timeout 10 scimstream -o /dev/stdout '\(input.path)' | cat")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == records)

        try FileManager.default.removeItem(at: output)
        r = try CLI.shell("ulimit -f 2048; timeout 10 scimstream '\(input.path)' > '\(output.path)'")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(contents(output) == records)

        try Data("earlier\n".utf8).write(to: output)
        r = try CLI.shell("ulimit -f 2048; timeout 10 scimstream < '\(input.path)' -o /dev/stdout >> '\(output.path)'")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(contents(output) == "earlier\n".bytes + records)

        r = try CLI.shell("ulimit -f 2048; timeout 10 scimstream '\(input.path)' -o '\(output.path)' --stats-json /dev/stdout > '\(other.path)'")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(contents(output) == records)
        #expect(String(decoding: contents(other), as: UTF8.self).hasPrefix(statisticsPrefix))
        #expect(contents(input) == twoUsers.bytes)
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
