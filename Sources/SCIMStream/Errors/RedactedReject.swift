import SCIMJSON

/// A rejected record made safe to show, in the rejects file and in diagnostics: nothing after
/// a password key reaches `raw` or the message.
///
/// `raw` goes through ``PasswordMasking``. The message may quote the offending byte ("unexpected
/// character 'S'"); that byte is replaced by `<masked>` whenever a password key shows in the
/// record's bytes (the error may lie after it) or those bytes are incomplete (a key may hide in
/// what is missing).
package struct RedactedReject: Sendable {
    /// The error, with no byte of the record quoted when that could show a secret.
    package var error: RecordError
    /// The record's bytes, masked.
    package var raw: [UInt8]
    /// `raw` was cut at the reader's limit.
    package var rawIsTruncated: Bool
    /// `raw` ends with `"***"` in place of everything after a password key.
    package var rawIsHiddenAfterPassword: Bool

    /// Redacts `rejected`.
    package init(_ rejected: RejectedRecord) {
        let keyEnd = PasswordMasking.firstPasswordKeyEnd(rejected.raw)
        raw = keyEnd == nil ? rejected.raw : PasswordMasking.mask(rejected.raw)
        rawIsTruncated = rejected.rawIsTruncated
        rawIsHiddenAfterPassword = keyEnd != nil
        let unsure = keyEnd != nil || rejected.rawIsTruncated || rejected.raw.isEmpty
        error = unsure ? Self.withoutQuotedByte(rejected.error) : rejected.error
    }

    /// `error` with the byte its message quotes (if any) replaced by `<masked>`.
    package static func withoutQuotedByte(_ error: RecordError) -> RecordError {
        guard var syntax = error.syntax, !syntax.hidesByte else { return error }
        // Keep what the reader added after the syntax error's own words.
        let suffix = error.message.hasPrefix(syntax.message) ? error.message.dropFirst(syntax.message.count) : ""
        let safe: String
        switch syntax.reason {
        case .unexpectedByte(_, let expected):
            safe = "unexpected character <masked>, expected \(expected)"
            syntax.reason = .unexpectedByte(0, expected: expected)
        case .controlCharacterInString:
            safe = "unescaped control character <masked> in string"
            syntax.reason = .controlCharacterInString(0)
        default:
            return error
        }
        var error = error
        syntax.hidesByte = true
        error.syntax = syntax
        error.message = safe + suffix
        return error
    }
}
