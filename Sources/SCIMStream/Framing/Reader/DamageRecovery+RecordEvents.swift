import SCIMJSON

/// Damage the framer's events reveal: a record that ends holding a string error or over the
/// size limit, a value the framer rejected, a string error outside any record.
extension DamageRecovery {
    /// A record ended at absolute `end`. Returns true, after rejecting it, when it must not be
    /// delivered: it was too large (and discarded), or it holds a string error (recorded by the
    /// tokenizer, which recovers from those under `skip`).
    @inline(__always)
    mutating func rejectsEndedRecord(
        end: Int, _ tokenizer: inout JSONTokenizer, _ framer: inout RecordFramer, _ window: RetainedWindow
    ) throws -> Bool {
        guard framer.discarding || tokenizer.hasPendingStringError else { return false }
        try rejectDamagedRecord(end: end, &tokenizer, &framer, window)
        return true
    }

    /// Rejects the record that just ended at absolute `end`: too large, or holding a string error.
    mutating func rejectDamagedRecord(
        end: Int, _ tokenizer: inout JSONTokenizer, _ framer: inout RecordFramer, _ window: RetainedWindow
    ) throws {
        if framer.discarding {
            framer.stopDiscarding()
            _ = tokenizer.takePendingStringError()  // part of the dropped record
            try reject(tooLarge(framer), raw: oversizedRaw, truncated: true)
        } else if let stringError = tokenizer.takePendingStringError() {
            let error = RecordError(stringError, recordNumber: framer.recordNumber, recovery: .recordSkipped)
            try reject(error, from: framer.recordStart, to: end, framer, window)
        }
    }

    /// The framer rejected the value at absolute `[start, end)` (``RecordFramer/rejection`` says why).
    mutating func rejectValue(
        from start: Int, to end: Int, _ tokenizer: inout JSONTokenizer, _ framer: RecordFramer, _ window: RetainedWindow
    ) throws {
        _ = tokenizer.takePendingStringError()  // part of the rejected value
        try reject(framer.rejection, from: start, to: end, framer, window)
    }

    /// After each token: a string error recorded outside any record (in a ListResponse's own
    /// members) is reported on its own, as a record with no bytes; nothing is lost.
    @inline(__always)
    mutating func reportStringErrorOutsideRecord(_ tokenizer: inout JSONTokenizer, _ framer: inout RecordFramer) throws {
        guard !framer.isInRecord, tokenizer.hasPendingStringError, let stringError = tokenizer.takePendingStringError()
        else { return }
        let number = framer.countDamagedValue()
        try reject(RecordError(stringError, recordNumber: number, recovery: .recordSkipped), raw: [], truncated: false)
    }

    /// Rejects the finished record at absolute `[start, end)` that failed a check before
    /// delivery (`error`): too large, or a duplicate member.
    mutating func rejectUndeliverable(
        _ error: RecordError, from start: Int, to end: Int, _ framer: RecordFramer, _ window: RetainedWindow
    ) throws {
        forgetLastRecord()
        try reject(error, from: start, to: end, framer, window)
    }
}
