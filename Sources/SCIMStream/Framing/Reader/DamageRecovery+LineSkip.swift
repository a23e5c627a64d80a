import SCIMJSON

/// NDJSON recovery: a damaged record is skipped with the rest of its line, and reading goes on
/// at the next line (or at a line inside the damaged span that starts a record of its own).
extension DamageRecovery {
    /// Skipping the rest of a damaged NDJSON line.
    struct LineSkip {
        /// The error reported once the line's end is found.
        var error: RecordError
        /// Absolute offset from which to look for the newline.
        var searchFrom: Int
        /// The damaged bytes read so far (at most ``DamageRecovery/rawLimit``).
        var raw: [UInt8]
        /// `raw` was cut at the limit.
        var truncated: Bool
        /// The line the damage is on; reading resumes on the next.
        var line: Int
        /// The damaged record had a password member: the lines after it may hold its rest.
        var hidesFollowing: Bool
    }

    /// Rejects under `fail`; under `skip`, resumes at the first line that starts a record after
    /// the line where the damage started, or else skips to the end of the damaged line.
    /// The damage's bytes run from absolute `rawStart`; it was found at `offset`.
    mutating func startLineSkip(
        _ error: RecordError, rawStart: Int, from offset: Int,
        _ tokenizer: inout JSONTokenizer, _ framer: inout RecordFramer, _ window: RetainedWindow
    ) throws {
        var error = error
        error.recovery = .resumeAtNextLine
        let bytes = window.address, base = window.base, count = window.count
        let start = max(rawStart, base)
        let end = max(start, min(offset, window.end))
        let startLine = framer.isInRecord ? framer.recordLocation.line : tokenizer.line
        // A password key anywhere in the damaged bytes (nested ones included): what follows
        // may be its value, cut by a line end.
        let keyEnd = PasswordMasking.firstPasswordKeyEnd(window.copy(from: start, to: end)).map { start + $0 }
        let hidesFollowing = (framer.isInRecord && framer.recordHasPassword) || keyEnd != nil
        // In NDJSON a good record is one line: one that begins with `{` inside the damaged
        // span is a record of its own, not part of the damage — unless it comes after a
        // password key, where it may be the password's value (never written, then).
        var restart = LineEnds.firstRecordLine(bytes, from: start - base, through: end - base, count: count)
        if hidesFollowing, let r = restart, (keyEnd ?? start) < r.offset + base {
            // Only the line the damage was found at, when it begins with the offending `{`.
            restart = nil
            let e = end - base, s = start - base
            if e >= r.offset, e < count, bytes.load(fromByteOffset: e, as: UInt8.self) == ._openBrace,
                [._newline, ._return].contains(bytes.load(fromByteOffset: e - 1, as: UInt8.self))
            {
                restart = (e, ByteSearch.count(._newline, UnsafeRawBufferPointer(start: bytes + s, count: e - s)))
            }
        }
        let rawEnd = restart.map { LineEnds.trimmingLineEnd(bytes, from: start - base, to: $0.offset) + base } ?? end
        let raw = window.copy(from: start, to: min(rawEnd, start + Self.rawLimit))
        let truncated = rawEnd - start > Self.rawLimit
        if policy == .fail {
            try reject(error, raw: raw, truncated: truncated)
            throw error
        }
        framer.abandon()
        if let restart {
            try reject(error, raw: raw, truncated: truncated)
            if hidesFollowing { hidesRejectedBytes = true }
            tokenizer.resynchronize(atLineStart: restart.offset + base, line: startLine + restart.newlines)
            tokenizer.reportDepth = 0
            return
        }
        // Reading resumes on the line after the one where the search for the line end starts.
        lineSkip = LineSkip(error: error, searchFrom: end, raw: raw, truncated: truncated, line: tokenizer.line, hidesFollowing: hidesFollowing)
    }

    /// Looks for the line end (LF, CR LF or a lone CR) that ends the damaged line being skipped;
    /// once found, reports the line and resynchronizes the tokenizer on the next. Returns false
    /// when more input is needed (true at once when no line is being skipped).
    mutating func continueLineSkip(isFinal: Bool, _ tokenizer: inout JSONTokenizer, _ window: RetainedWindow) throws -> Bool {
        guard var state = lineSkip else { return true }
        let bytes = window.address, base = window.base, count = window.count
        let from = state.searchFrom - base
        let found = LineEnds.next(bytes, from: from, end: count, isFinal: isFinal)
        // A CR at the end of what is buffered is undecided (an LF may follow): look at it again.
        let undecidedCR =
            found == nil && !isFinal && count > from
            && bytes.load(fromByteOffset: count - 1, as: UInt8.self) == ._return
        let stop = (found?.start ?? (undecidedCR ? count - 1 : count)) + base
        let room = Self.rawLimit - state.raw.count
        if room > 0 && stop > state.searchFrom {
            state.raw += window.copy(from: state.searchFrom, to: min(stop, state.searchFrom + room))
        }
        if stop - state.searchFrom > max(room, 0) { state.truncated = true }
        state.searchFrom = stop
        guard found != nil || isFinal else {
            lineSkip = state
            return false
        }
        lineSkip = nil
        try reject(state.error, raw: state.raw, truncated: state.truncated)
        if state.hidesFollowing { hidesRejectedBytes = true }
        // Resume after the line end (or at the end of the input).
        let next = found.map { $0.next + base } ?? window.end
        tokenizer.resynchronize(atLineStart: next, line: state.line + (found?.isNewline == true ? 1 : 0))
        tokenizer.reportDepth = 0
        return true
    }
}
