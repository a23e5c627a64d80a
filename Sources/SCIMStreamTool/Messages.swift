package import SCIMStream

/// How the tool phrases the library's errors: the library's words plus the option that
/// governs the problem, so a user knows what to change.
package enum Messages {
    /// `FILE:LINE:COLUMN: error: MESSAGE (record N)`, with the option hint where one applies.
    package static func describe(_ error: PipelineError) -> String {
        error.description(message: message(of:), reason: { "\($0)" + ($0.exceededLimit.map(hint(for:)) ?? "") })
    }

    /// A diagnostic of a run that went on.
    package static func describe(_ diagnostic: PipelineDiagnostic) -> String {
        switch diagnostic {
        case .rejected(let error), .stopped(let error): describe(error)
        case .moreRejected(let count): "… and \(count) more rejected records (see --rejects FILE)"
        case .warning: diagnostic.description
        }
    }

    /// The error's message with the hint placed right after the problem's own words (before
    /// anything the reader added, such as "; the rest of this input cannot be read").
    package static func message(of error: RecordError) -> String {
        let hint = hint(for: error)
        guard !hint.isEmpty else { return error.message }
        if let syntax = error.syntax, error.message.hasPrefix(syntax.message) {
            return syntax.message + hint + error.message.dropFirst(syntax.message.count)
        }
        return error.message + hint
    }

    /// The option that governs `error`, as text to append to its message ("" when none).
    package static func hint(for error: RecordError) -> String {
        switch error.problem {
        case .syntax:
            if case .tooDeep? = error.syntax?.reason { return " (--max-depth)" }
            if case .recordTooLarge? = error.syntax?.reason { return " (--max-record-bytes)" }
            return ""
        case .recordTooLarge, .valueTooLarge: return " (--max-record-bytes)"
        case .notListResponse:
            // An Error message is not users in any shape: no --from helps.
            return error.message.hasPrefix("a SCIM Error message") ? "" : "; use --from ndjson for user objects"
        case .listResponseWithOtherMembers: return "; use --from ndjson if it is a user"
        case .refused(let limit?): return hint(for: limit)
        case .duplicateMember, .unexpectedValue, .refused(nil), .notOneRecord: return ""
        }
    }

    /// The option that sets `limit`.
    package static func hint(for limit: StageRejection.ExceededLimit) -> String {
        switch limit {
        case .bulkDocumentBytes: " (--bulk-max-bytes)"
        }
    }
}
