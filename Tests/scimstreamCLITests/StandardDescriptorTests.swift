import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs started with standard descriptors closed.
@Suite struct StandardDescriptorTests {
    @Test func withStdoutClosedTheOutputFailsAndTheRejectsFileHoldsOnlyRejects() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rejects = dir.appendingPathComponent("r.out")
        let input = "{\"id\":\"1\"}\n{oops\n{\"id\":\"2\"}\n"
        let r = try CLI.shell("printf '%s' '\(input)' | scimstream --on-error skip --rejects '\(rejects.path)' >&- 2>/dev/null; echo \"status=$?\"")
        #expect(r.lines == ["status=74"])
        let lines = String(decoding: contents(rejects), as: UTF8.self).split(separator: "\n")
        #expect(lines.allSatisfy { $0.hasPrefix("{\"source\":") }, "\(lines)")
    }

    @Test func withStderrClosedTheDiagnosticsDoNotGoIntoTheRejectsFile() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rejects = dir.appendingPathComponent("r.out")
        let input = "{\"id\":\"1\"}\n{oops\n{\"id\":\"2\"}\n"
        let r = try CLI.shell("printf '%s' '\(input)' | scimstream --on-error skip --rejects '\(rejects.path)' 2>&-; echo \"status=$?\"")
        #expect(r.lines == [#"{"id":"1"}"#, #"{"id":"2"}"#, "status=0"])
        let lines = String(decoding: contents(rejects), as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 1 && lines.allSatisfy { $0.hasPrefix("{\"source\":") }, "\(lines)")
    }

    @Test func withStdinClosedTheOutputFileIsNotReadAsInput() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.ndjson")
        try Data(twoUsers.utf8).write(to: out)
        let r = try CLI.shell("scimstream -o '\(out.path)' <&- 2>/dev/null; echo \"status=$?\"")
        #expect(r.lines == ["status=74"])
        #expect(contents(out) == twoUsers.bytes)
        #expect(listing(dir) == ["out.ndjson"])
    }

    @Test func withStdoutClosedTheErrorSaysSo() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let tool = try SpawnedTool([], filesIn: dir, closing: [1])
        tool.send(twoUsers.bytes)
        tool.closeInput()
        #expect(tool.wait() == 74)
        #expect(tool.stderr.contains("<stdout>: cannot write: Bad file descriptor"), "\(tool.stderr)")
    }
}
