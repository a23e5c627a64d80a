import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// SIGINT, SIGTERM, SIGHUP and SIGQUIT during a run.
@Suite struct SignalTests {
    @Test(arguments: [SIGINT, SIGTERM, SIGHUP, SIGQUIT])
    func aSignalRemovesTheTemporaryFilesAndExits128PlusN(_ signal: Int32) throws {
        let dir = CLI.temporaryDirectory()
        let logs = CLI.temporaryDirectory()
        defer {
            try? FileManager.default.removeItem(at: dir)
            try? FileManager.default.removeItem(at: logs)
        }
        let out = dir.appendingPathComponent("out.ndjson")
        try Data("old\n".utf8).write(to: out)
        let tool = try SpawnedTool(
            [
                "-o", out.path, "--on-error", "skip", "--rejects", dir.appendingPathComponent("rejects.ndjson").path,
                "--stats-json", dir.appendingPathComponent("stats.json").path
            ],
            filesIn: logs)
        tool.send(twoUsers.bytes)
        let temporaries = { listing(dir).filter { $0 != "out.ndjson" } }
        #expect(eventually { temporaries().count == 3 }, "\(listing(dir))")
        for name in temporaries() {
            #expect(FileInfo.of(dir.appendingPathComponent(name).path)?.permissions == 0o600, "\(name) while the run lasts")
        }
        tool.interrupt(with: signal)
        #expect(tool.wait() == 128 + signal, "\(tool.stderr)")
        #expect(listing(dir) == ["out.ndjson"])
        #expect(contents(out) == "old\n".bytes)
        #expect(!tool.stderr.lowercased().contains("crash"), "\(tool.stderr)")
    }

    /// `nohup` and background jobs start with signals ignored: they stay ignored.
    @Test func aSignalIgnoredAtStartStaysIgnored() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.ndjson")
        let script = """
            trap '' HUP
            (sleep 1; printf '{"id":"1"}\\n') | scimstream -o '\(out.path)' & pid=$!
            sleep 0.3; kill -HUP $pid; wait $pid; echo "status=$?"
            """
        let r = try CLI.shell(script)
        #expect(r.lines == ["status=0"])
        #expect(contents(out) == #"{"id":"1"}"#.bytes + [10])
    }
}
