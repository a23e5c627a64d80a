import SCIMJSON
import SCIMStream

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `--results` file: one line per user, each written with one `write(2)` as the user
/// finishes, so a run killed at any moment leaves every finished user recorded (at most a
/// last line cut short, which ``ResumeLog`` ignores).
final class ResultsLog {
    let path: String
    private let fd: Int32

    /// Opens (creating or truncating) the file; with `appending`, adds to what it holds.
    ///
    /// - Throws: ``IOError``.
    init(path: String, appending: Bool) throws {
        self.path = path
        fd = try SystemCall.open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (appending ? O_APPEND : O_TRUNC), mode: 0o600)
    }

    deinit { SystemCall.close(fd) }

    /// True when both paths name one existing file (however spelt: `r.ndjson`, `./r.ndjson`,
    /// a link), so a results file that is the resume file is added to, never emptied.
    static func sameFile(_ a: String, _ b: String) -> Bool {
        var x = stat(), y = stat()
        guard stat(a, &x) == 0, stat(b, &y) == 0 else { return false }
        return x.st_dev == y.st_dev && x.st_ino == y.st_ino
    }

    /// Appends one line.
    ///
    /// - Throws: ``IOError``.
    func write(_ line: [UInt8]) throws {
        try line.withUnsafeBytes { try SystemCall.writeAll(fd, $0, path: path) }
    }
}

/// What an earlier run's `--results` file says is done: users created, updated, found existing
/// or deleted (and skipped as done before), with their target ids.
public struct ResumeLog: Sendable {
    /// Target id by resume key (source `id`, else `userName:` and the lowercased name).
    var done: [String: String] = [:]
    /// Target id by source `id`, for remapping managers.
    var targetBySourceID: [String: String] = [:]
    /// Resume keys of the users that run wrote (whose manager remapping may set).
    var written: Set<String> = []
    /// Lines that were not complete JSON (a run killed mid-line).
    public private(set) var unreadableLines = 0

    /// Nothing done.
    public init() {}

    /// Reads a results file.
    ///
    /// - Throws: ``IOError`` when it cannot be read.
    public init(path: String) throws {
        let bytes = try FileContents.read(path, limit: .max)
        self.init()
        for line in bytes.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            guard case .object? = try? JSONValue(json: line), let value = try? JSONValue(json: line) else {
                unreadableLines += 1
                continue
            }
            guard value[member: "phase"] == nil, let outcome = value[member: "outcome"]?.stringValue,
                ["created", "updated", "existing", "deleted", "skipped"].contains(outcome)
            else { continue }
            let target = value[member: "targetId"]?.stringValue ?? ""
            let key: String
            if let id = value[member: "sourceId"]?.stringValue {
                key = id
                if !target.isEmpty { targetBySourceID[id] = target }
            } else if let name = value[member: "userName"]?.stringValue {
                key = "userName:" + name.lowercased()
            } else {
                continue
            }
            done[key] = target
            let note = value[member: "note"]?.stringValue ?? ""
            let ours =
                outcome == "created" || outcome == "updated"
                || (outcome == "existing" && (note.hasPrefix(UserOutcome.lostAnswerNote) || note.hasSuffix(UserOutcome.sameExternalIDNote)))
                || (outcome == "skipped" && note == UserOutcome.writtenBeforeNote)
            if ours { written.insert(key) }
        }
    }

    /// Users recorded as done.
    public var count: Int { done.count }
}
