import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The built `scimstream` started with `posix_spawn`, its standard input a pipe the test keeps
/// open (so the run lasts as long as the test wants), stdout and stderr in files.
///
/// Signals the tool handles start with their default disposition whatever the test runner
/// inherited (`nohup` ignores SIGHUP, background shells ignore SIGINT and SIGQUIT).
final class SpawnedTool {
    let pid: pid_t
    /// The write end of the tool's standard input (-1 once closed).
    private(set) var input: Int32
    let stdoutPath: String
    let stderrPath: String

    /// Starts `scimstream arguments` (give absolute paths), its stdout and stderr in files in
    /// `directory`; `closing` lists descriptors to close in the child.
    init(_ arguments: [String], filesIn directory: URL, closing: [Int32] = []) throws {
        stdoutPath = directory.appendingPathComponent("spawn.stdout").path
        stderrPath = directory.appendingPathComponent("spawn.stderr").path
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw POSIXError(.EIO) }
        input = fds[1]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        posix_spawn_file_actions_addclose(&actions, fds[1])
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        for fd in closing { posix_spawn_file_actions_addclose(&actions, fd) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv = ([CLI.binary.path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child = pid_t()
        let status = posix_spawn(&child, CLI.binary.path, &actions, &attributes, argv, environ)
        close(fds[0])
        guard status == 0 else {
            close(fds[1])
            throw POSIXError(POSIXErrorCode(rawValue: status) ?? .EIO)
        }
        pid = child
    }

    /// Writes `bytes` to the tool's standard input.
    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(input, $0.baseAddress, $0.count) }
            if n <= 0 { if n < 0 && errno == EINTR { continue }; return }
            offset += n
        }
    }

    /// Closes the tool's standard input (end of input).
    func closeInput() {
        if input >= 0 { close(input) }
        input = -1
    }

    /// Sends signal `number` to the tool.
    func interrupt(with number: Int32) {
        _ = kill(pid, number)
    }

    /// Waits for the tool to end, killing it after `seconds`; returns its exit status,
    /// or 1000 + n when signal n ended it.
    func wait(seconds: Double = 20) -> Int32 {
        let deadline = Date().addingTimeInterval(seconds)
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if Date() > deadline {
                _ = kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                break
            }
            usleep(10_000)
        }
        closeInput()
        if status & 0x7f == 0 { return (status >> 8) & 0xff }
        return 1000 + (status & 0x7f)
    }

    /// What the tool wrote on stderr.
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    deinit { closeInput() }
}

/// Polls until `condition` holds or `seconds` pass; returns whether it held.
func eventually(seconds: Double = 10, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        usleep(10_000)
    }
    return condition()
}
