import SCIMJSON

/// The record size limit: records and values larger than ``DamageRecovery/maxRecordBytes``.
///
/// A record that outgrows the limit in NDJSON is skipped with its line; inside a ListResponse
/// or array it is read on to its end with its bytes dropped (``RecordFramer/startDiscarding()``),
/// then rejected with its first bytes. A single value outside any record that outgrows the
/// limit ends reading there, except at top level, where its line is skipped.
extension DamageRecovery {
    /// The tokenizer needs more input. `windowWasCut`: the window it saw was cut at the size
    /// limit counted from absolute offset `anchor` (``RetainedWindow/scanEnd(_:maxRecordBytes:)``),
    /// not at the end of what is buffered. Returns true when the drain loop should scan on
    /// (the limit moved or reading resumes elsewhere), false when it should wait for input.
    mutating func checkSizes(
        windowWasCut: Bool, anchor: Int,
        _ tokenizer: inout JSONTokenizer, _ framer: inout RecordFramer, _ window: RetainedWindow
    ) throws -> Bool {
        guard windowWasCut else {
            try checkRecordSize(&tokenizer, &framer, window)
            return false
        }
        if framer.isInRecord && !framer.discarding {
            try checkRecordSize(&tokenizer, &framer, window)  // rejects, skips or discards the record
            return true
        }
        let position = tokenizer.position
        let damagedElementIsLarge = framer.damagedElementStart.map { position - $0 > maxRecordBytes } ?? false
        guard damagedElementIsLarge || (tokenizer.hasPartialToken && position - tokenizer.retainFrom > maxRecordBytes)
        else { return true }  // the window moves on from the new anchor
        // A single value outside any record larger than the limit.
        let error = RecordError(
            .valueTooLarge(limit: maxRecordBytes), message: "a value larger than \(maxRecordBytes) bytes",
            location: tokenizer.location(of: position), recordNumber: framer.recordNumber + 1)
        if framer.isAtTopLevel {
            // At top level (NDJSON): skip its line like any other damaged line.
            _ = framer.countDamagedValue()
            try startLineSkip(error, rawStart: anchor, from: position, &tokenizer, &framer, window)
            return true
        }
        try reject(error, from: anchor, to: anchor + Self.rawLimit, framer, window)
        throw error
    }

    /// Enforces the record size limit while the record is still arriving.
    mutating func checkRecordSize(_ tokenizer: inout JSONTokenizer, _ framer: inout RecordFramer, _ window: RetainedWindow) throws {
        guard framer.isInRecord, !framer.discarding,
            tokenizer.position - framer.recordStart > maxRecordBytes
        else { return }
        let error = tooLarge(framer)
        if framer.isLineOriented {
            try startLineSkip(error, rawStart: framer.recordStart, from: tokenizer.position, &tokenizer, &framer, window)
            return
        }
        oversizedRaw = window.copy(from: framer.recordStart, to: framer.recordStart + Self.rawLimit)
        if policy == .fail {
            try reject(error, raw: oversizedRaw, truncated: true)
            throw error
        }
        // Inside a ListResponse or array: keep validating, drop the bytes, reject at its end.
        framer.startDiscarding()
    }

    /// The error for the current record being larger than the limit.
    func tooLarge(_ framer: RecordFramer) -> RecordError {
        RecordError(
            .recordTooLarge(limit: maxRecordBytes),
            message: JSONSyntaxError.Reason.recordTooLarge(limit: maxRecordBytes).messageText,
            location: framer.recordLocation, recordNumber: framer.recordNumber,
            recovery: framer.isLineOriented ? .resumeAtNextLine : .recordSkipped)
    }
}

extension JSONSyntaxError.Reason {
    /// The message of an error with this reason.
    var messageText: String {
        JSONSyntaxError(self, at: InputLocation(line: 1, column: 1, offset: 0)).message
    }
}
