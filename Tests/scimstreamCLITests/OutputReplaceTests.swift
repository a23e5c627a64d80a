import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `-o`, `--rejects` and `--stats-json` do to what is already at their path: regular files
/// are replaced atomically with their mode and owner kept; links, devices and FIFOs are not replaced.
@Suite struct OutputReplaceTests {
    @Test func replacingAFileKeepsItsModeAndOwner() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.ndjson")
        try Data("old\n".utf8).write(to: out)
        setAttributes(out, mode: 0o600, owner: runningAsRoot ? 65534 : nil, group: runningAsRoot ? 65534 : nil)
        let before = try #require(FileInfo.of(out.path))
        let r = try CLI.run(["-o", out.path], stdin: twoUsers.bytes)
        #expect(r.status == 0)
        #expect(String(decoding: contents(out), as: UTF8.self) == twoUsersOutput)
        let after = try #require(FileInfo.of(out.path))
        #expect(after.permissions == 0o600)
        #expect(after.owner == before.owner && after.group == before.group)
        #expect(listing(dir) == ["out.ndjson"])
    }

    @Test func replacingKeepsANarrowGroupModeForRejectsAndStatistics() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rejects = dir.appendingPathComponent("rejects.ndjson")
        let stats = dir.appendingPathComponent("stats.json")
        try Data().write(to: rejects)
        try Data().write(to: stats)
        setAttributes(rejects, mode: 0o640)
        setAttributes(stats, mode: 0o400 | 0o200)
        let r = try CLI.run(["--on-error", "skip", "--rejects", rejects.path, "--stats-json", stats.path], stdin: "{\"id\":\"1\"}\n{oops\n".bytes)
        #expect(r.status == 0)
        #expect(FileInfo.of(rejects.path)?.permissions == 0o640)
        #expect(FileInfo.of(stats.path)?.permissions == 0o600)
        #expect(String(decoding: contents(rejects), as: UTF8.self).hasPrefix("{\"source\":"))
    }

    @Test func refusesToReplaceAFileWithNoWriteBit() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for owner: uid_t? in runningAsRoot ? [nil, 65534] : [nil] {
            let out = dir.appendingPathComponent("read-only.ndjson")
            try? FileManager.default.removeItem(at: out)
            try Data("keep me\n".utf8).write(to: out)
            setAttributes(out, mode: 0o444, owner: owner, group: owner)
            let r = try CLI.run(["-o", out.path], stdin: twoUsers.bytes)
            #expect(r.status == 74)
            #expect(r.stderr.contains("\(out.path): cannot replace: the file is read-only"), "\(r.stderr)")
            #expect(contents(out) == "keep me\n".bytes)
            #expect(FileInfo.of(out.path)?.permissions == 0o444)
            #expect(listing(dir) == ["read-only.ndjson"])
        }
    }

    /// Runs as `nobody` (root only, with setpriv): a file nobody cannot write, in a directory
    /// everyone can, must not be replaced.
    @Test func refusesToReplaceAFileTheUserCannotWrite() throws {
        guard runningAsRoot, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return }
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        chmod(dir.path, 0o777)
        let out = dir.appendingPathComponent("root-owned.ndjson")
        try Data("keep me\n".utf8).write(to: out)
        setAttributes(out, mode: 0o644)
        let asNobody = "setpriv --reuid=65534 --regid=65534 --clear-groups"
        guard try CLI.shell("\(asNobody) scimstream --version").status == 0 else { return }  // binary not reachable
        let r = try CLI.shell("printf '{}\\n' | \(asNobody) scimstream -o '\(out.path)'")
        #expect(r.status == 74)
        #expect(contents(out) == "keep me\n".bytes)
        #expect(FileInfo.of(out.path)?.owner == 0)
        #expect(listing(dir) == ["root-owned.ndjson"])
    }

    /// Runs as `nobody` (root only, with setpriv): the owner cannot be kept, the group can.
    @Test func aUserWhoCannotKeepTheOwnerKeepsTheGroupAndMode() throws {
        guard runningAsRoot, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return }
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        chmod(dir.path, 0o777)
        let out = dir.appendingPathComponent("shared.ndjson")
        try Data("old\n".utf8).write(to: out)
        setAttributes(out, mode: 0o660, owner: 0, group: 65534)
        let asNobody = "setpriv --reuid=65534 --regid=65534 --clear-groups"
        guard try CLI.shell("\(asNobody) scimstream --version").status == 0 else { return }
        let r = try CLI.shell("printf '{}\\n' | \(asNobody) scimstream -o '\(out.path)'")
        #expect(r.status == 0)
        #expect(contents(out) == "{}\n".bytes)
        let after = try #require(FileInfo.of(out.path))
        #expect(after.owner == 65534 && after.group == 65534)
        #expect(after.permissions == 0o660)
    }

    @Test func throughASymbolicLinkTheTargetIsReplacedAndTheLinkKept() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sub = dir.appendingPathComponent("real")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        let target = sub.appendingPathComponent("users.ndjson")
        try Data("old\n".utf8).write(to: target)
        setAttributes(target, mode: 0o640)
        let link = dir.appendingPathComponent("link.ndjson")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "real/users.ndjson")
        let r = try CLI.run(["-o", link.path], stdin: twoUsers.bytes)
        #expect(r.status == 0)
        #expect(FileInfo.of(link.path)?.isSymbolicLink == true)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == "real/users.ndjson")
        #expect(String(decoding: contents(target), as: UTF8.self) == twoUsersOutput)
        #expect(FileInfo.of(target.path)?.permissions == 0o640)
        #expect(listing(sub) == ["users.ndjson"])
        #expect(listing(dir) == ["link.ndjson", "real"])
    }

    @Test func refusesToWriteThroughADanglingSymbolicLink() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let link = dir.appendingPathComponent("link.ndjson")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "missing.ndjson")
        let r = try CLI.run(["-o", link.path], stdin: twoUsers.bytes)
        #expect(r.status == 74)
        #expect(r.stderr.contains("dangling symbolic link"), "\(r.stderr)")
        #expect(FileInfo.of(link.path)?.isSymbolicLink == true)
        #expect(listing(dir) == ["link.ndjson"])
    }

    @Test func aFIFOGetsTheBytesAndStaysAFIFO() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = """
            cd '\(dir.path)' && mkfifo f
            (timeout -s KILL 10 cat f > got) & reader=$!
            printf '%s' '\(twoUsers)' | timeout -s KILL 10 scimstream -o f; echo "status=$?"
            wait $reader; echo "reader=$?"
            test -p f && echo fifo
            """
        let r = try CLI.shell(script)
        #expect(r.lines == ["status=0", "reader=0", "fifo"])
        #expect(String(decoding: contents(dir.appendingPathComponent("got")), as: UTF8.self) == twoUsersOutput)
        #expect(listing(dir) == ["f", "got"])
    }

    @Test func aDeviceIsWrittenThroughNotReplaced() throws {
        guard runningAsRoot else { return }
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let full = dir.appendingPathComponent("full")
        let null = dir.appendingPathComponent("null")
        // Copies of /dev/full and /dev/null: the real ones must not be at risk.
        guard try CLI.shell("mknod -m 666 '\(full.path)' c 1 7 && mknod -m 666 '\(null.path)' c 1 3").status == 0 else { return }
        let r = try CLI.run(["-o", full.path], stdin: twoUsers.bytes)
        #expect(r.status == 74)
        #expect(r.stderr.contains("No space left on device"), "\(r.stderr)")
        #expect(FileInfo.of(full.path)?.isCharacterDevice == true)
        let ok = try CLI.run(["-o", null.path, "--stats-json", null.path], stdin: twoUsers.bytes)
        #expect(ok.status == 0)
        #expect(FileInfo.of(null.path)?.isCharacterDevice == true)
        #expect(listing(dir) == ["full", "null"])
    }

    @Test func aDevFdPathWritesToThatDescriptor() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let got = dir.appendingPathComponent("got")
        let r = try CLI.shell("printf '%s' '\(twoUsers)' | scimstream -o /dev/fd/3 3>'\(got.path)'; echo \"status=$?\"")
        #expect(r.lines == ["status=0"])
        #expect(String(decoding: contents(got), as: UTF8.self) == twoUsersOutput)
        #expect(listing(dir) == ["got"])
    }

    /// Not run before the fix: as root that replaced this machine's /dev/stdout link.
    @Test func devStdoutWritesToThePipeOrToTheFileBehindIt() throws {
        let before = FileInfo.of("/dev/stdout")
        let r = try CLI.shell("printf '%s' '\(twoUsers)' | scimstream -o /dev/stdout --stats-json /dev/stderr 2>/dev/null | cat")
        #expect(r.status == 0)
        #expect(r.out == twoUsersOutput)
        #expect(FileInfo.of("/dev/stdout")?.type == before?.type)
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let got = dir.appendingPathComponent("got")
        // Written where the descriptor is, after what the shell put there, as `>` and `>>` expect.
        let appended = try CLI.shell("{ echo first; printf '%s' '\(twoUsers)' | scimstream -o /dev/stdout; } > '\(got.path)'")
        #expect(appended.status == 0)
        #expect(String(decoding: contents(got), as: UTF8.self) == "first\n" + twoUsersOutput)
        #expect(listing(dir) == ["got"])
    }

    @Test func aDirectoryIsRefusedBeforeTheRun() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["-o", dir.path], stdin: twoUsers.bytes)
        #expect(r.status == 74)
        #expect(r.stderr.contains("Is a directory"), "\(r.stderr)")
        #expect(listing(dir).isEmpty)
    }
}
