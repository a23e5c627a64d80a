import SCIMJSON

/// Hiding rejected bytes that may hold part of a password.
///
/// Damage can cut a record inside its password value; the bytes after the cut then look like
/// stray input and would be quoted in a reject. Two rules keep them out: a reject after
/// damage to a record with a password key shows ``DamageRecovery/hiddenRaw`` instead of its
/// bytes until the next good record, and stray bytes right after a delivered top-level record
/// holding a password key, on its line, count as such damage.
extension DamageRecovery {
    /// A record was delivered: rejects show their bytes again, and a stray byte after it on
    /// its line (ending at `line`) is judged by it when it is top-level (`end`, else 0).
    mutating func recordDelivered(topLevelEnd end: Int, line: Int) {
        hidesRejectedBytes = false
        lastTopLevelEnd = end
        lastTopLevelLine = line
    }

    /// The record about to be delivered was rejected instead: stray bytes after it are not
    /// judged by the record delivered before it.
    mutating func forgetLastRecord() {
        lastTopLevelEnd = 0
    }

    /// True when a stray byte at absolute `offset` on `line` follows, on the same line, the last
    /// record delivered, a top-level one holding a password key (`lastRecord`, its copied bytes).
    /// Decided from those bytes and line numbers, so it does not depend on how the input was chunked.
    func strayFollowsPasswordRecord(at offset: Int, line: Int, lastRecord: UserRecord.Storage) -> Bool {
        guard lastTopLevelEnd > 0, offset >= lastTopLevelEnd, line == lastTopLevelLine else { return false }
        let bytes = Array(UnsafeRawBufferPointer(start: lastRecord.bytes, count: lastRecord.count))
        return PasswordMasking.firstPasswordKeyEnd(bytes) != nil
    }
}
