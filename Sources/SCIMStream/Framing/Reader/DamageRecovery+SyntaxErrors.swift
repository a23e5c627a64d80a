import SCIMJSON

/// What a syntax error, or a top-level value of the wrong shape, means under the policy.
extension DamageRecovery {
    /// Decides what a syntax error means under the policy: skip the line (NDJSON), skip a
    /// ListResponse or array element cut by the input's end, or stop. `isFinal`: the window
    /// the tokenizer saw ends at the end of the input. `lastRecord`: the record delivered last.
    mutating func syntaxError(
        _ syntaxError: JSONSyntaxError, isFinal: Bool,
        _ tokenizer: inout JSONTokenizer, _ framer: inout RecordFramer, _ window: RetainedWindow,
        lastRecord: UserRecord.Storage
    ) throws {
        var e = syntaxError
        let inRecord = framer.isInRecord
        let damagedElementStart = framer.damagedElementStart
        if !inRecord && framer.isAtTopLevel
            && strayFollowsPasswordRecord(at: e.location.offset, line: e.location.line, lastRecord: lastRecord)
        {
            // `{"password":"Zq7"}Xw9Kp"}`: the record ended inside its password; the stray
            // bytes after it on its line are the rest of the secret.
            hidesRejectedBytes = true
        }
        if hidesRejectedBytes || (inRecord && framer.recordHasPassword) {
            e.hideByte()  // never quote a byte that may belong to a password value
        }
        let number = !inRecord && damagedElementStart == nil ? framer.countDamagedValue() : framer.recordNumber
        // Outside a record, the damage starts after whatever was read on its line.
        let rawStart =
            inRecord
            ? framer.recordStart
            : (damagedElementStart ?? max(tokenizer.lineStart, lastTopLevelEnd, window.base))
        if framer.isLineOriented {
            try startLineSkip(
                RecordError(e, recordNumber: number, recovery: .resumeAtNextLine), rawStart: rawStart,
                from: e.location.offset, &tokenizer, &framer, window)
            return
        }
        // Inside a ListResponse or array: only the input's end leaves nothing unread after the damage.
        let atEnd: Bool
        if case .unexpectedEnd = e.reason { atEnd = isFinal } else { atEnd = false }
        var error = RecordError(e, recordNumber: number, recovery: atEnd ? .recordSkipped : .none)
        if !atEnd {
            error.message += "; the rest of this input cannot be read (the end of the damaged element is unknown)"
        }
        try reject(error, from: rawStart, to: e.location.offset, framer, window)
        if !atEnd || policy == .fail { throw error }
        // Truncated input: what came before was delivered; nothing follows.
        framer.abandon()
        tokenizer.resynchronize(atLineStart: window.end, line: e.location.line)
    }

    /// A top-level value of the wrong shape (`error`, from the framer) starts at `token`: its
    /// structure is intact, so reading resumes at the next line.
    mutating func unexpectedTopLevelValue(
        _ error: RecordError, at token: JSONToken,
        _ tokenizer: inout JSONTokenizer, _ framer: inout RecordFramer, _ window: RetainedWindow,
        lastRecord: UserRecord.Storage
    ) throws {
        if strayFollowsPasswordRecord(at: token.start, line: tokenizer.line, lastRecord: lastRecord) {
            hidesRejectedBytes = true
        }
        try startLineSkip(error, rawStart: token.start, from: token.start, &tokenizer, &framer, window)
    }
}
