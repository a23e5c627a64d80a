import SCIMJSON
import SCIMStream

/// How one user ended: what the service answered, after how many attempts.
struct UserOutcome: Sendable {
    /// The outcomes a results line and the statistics name.
    enum Kind: String, Sendable, CaseIterable {
        case created, updated, existing, deleted, failed, skipped
        case dryRun = "dry-run"
    }

    var kind: Kind
    /// The final HTTP status, if a request was answered.
    var status: Int?
    /// The user's id and URL on the target.
    var targetId: String?
    var location: String?
    /// Requests sent for this user (lookups included).
    var attempts = 0
    /// The service's refusal, for `failed`.
    var error: SCIMErrorBody?
    /// How it was decided, when not by the first answer ("answer lost; found by userName").
    var note: String?
    /// A failure that stops the run (the service is gone, or refused the credentials).
    var fatal: RemoteError?
    /// For `existing`: the target's user has the `externalId` this user was sent with (an
    /// earlier run of this migration created it).
    var sameExternalID = false

    /// True when the user is on the target as wanted (or was deleted as asked).
    var isDone: Bool { [.created, .updated, .existing, .deleted, .skipped].contains(kind) }

    /// True when this migration wrote the user: created or updated it, created it with its answer
    /// lost, or found it with the `externalId` it sends (an earlier run, killed before recording
    /// it, created it; without an `externalId`, any user found while resuming counts so); not a
    /// user that was on the target before and was left alone.
    func isOurs(resume: ResumeLog, key: String?, externalId: String?) -> Bool {
        switch kind {
        case .created, .updated: true
        case .existing:
            note?.hasPrefix(Self.lostAnswerNote) == true || sameExternalID || (externalId == nil && resume.count > 0)
        case .skipped: key.map { resume.written.contains($0) } ?? false
        default: false
        }
    }

    /// The note of a user skipped because the resumed run wrote it.
    static let writtenBeforeNote = "written by the resumed run"
    /// The note of a user skipped because the resumed run found it there before.
    static let foundBeforeNote = "done in the resumed run"

    /// How the note of a user found with the `externalId` it is sent with ends.
    static let sameExternalIDNote = "the target's user has this externalId"

    /// How the note of a create whose answer was lost begins.
    static let lostAnswerNote = "answer lost"

    /// One `--results` line.
    func resultLine(for operation: UserOperation, url: String) -> [UInt8] {
        var out: [UInt8] = [._openBrace]
        func key(_ name: String) {
            if out.count > 1 { out.append(._comma) }
            JSONEscaping.appendQuoted(name, to: &out)
            out.append(._colon)
        }
        func string(_ name: String, _ value: String?) {
            key(name)
            if let value { JSONEscaping.appendQuoted(value, to: &out) } else { out += Array("null".utf8) }
        }
        func number(_ name: String, _ value: Int?) {
            key(name)
            out += Array((value.map(String.init) ?? "null").utf8)
        }
        string("source", operation.source)
        number("record", operation.recordNumber)
        string("userName", operation.userName)
        string("externalId", operation.externalId)
        string("sourceId", operation.sourceId)
        string("method", operation.method.rawValue)
        string("url", url)
        number("status", status)
        string("targetId", targetId)
        string("location", location)
        number("attempts", attempts)
        string("outcome", kind.rawValue)
        if let note { string("note", note) }
        if let error {
            key("error")
            out.append(._openBrace)
            JSONEscaping.appendQuoted("status", to: &out)
            out += Array(":\(error.status)".utf8)
            if let scimType = error.scimType {
                out += Array(#","scimType":"#.utf8)
                JSONEscaping.appendQuoted(scimType, to: &out)
            }
            if let detail = error.detail {
                out += Array(#","detail":"#.utf8)
                JSONEscaping.appendQuoted(detail, to: &out)
            }
            out.append(._closeBrace)
        }
        out.append(._closeBrace)
        out.append(._newline)
        return out
    }
}
