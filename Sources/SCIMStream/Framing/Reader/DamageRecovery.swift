import SCIMJSON

/// What a reader does with damaged or refused input: the error policy applied.
///
/// The reader's drain loop hands it every problem: a syntax error, a value of the wrong
/// shape, a record that ended with a string error, a record or value over the size limit, a
/// record that failed a check before delivery. It reports each one to ``onReject`` and, under
/// ``ErrorPolicy/skip``, puts the tokenizer and framer where reading goes on: after the damaged
/// element inside a ListResponse or array, at the next line that starts a record in NDJSON
/// (``startLineSkip(_:rawStart:from:_:_:_:)``). Under ``ErrorPolicy/fail`` it throws.
///
/// It also keeps what reporting must hide: after damage that may have cut a password value,
/// rejects show no bytes until the next good record.
struct DamageRecovery {
    /// What to do with a bad record.
    let policy: ErrorPolicy
    /// The reader's record size limit.
    let maxRecordBytes: Int
    /// Called for every bad or refused record (see ``UserRecordReader/onReject``).
    var onReject: ((RejectedRecord) throws -> Void)?

    /// The damaged NDJSON line being skipped, while its end has not arrived.
    var lineSkip: LineSkip? {
        didSet { lineSkipSearchFrom = lineSkip?.searchFrom }
    }
    /// `lineSkip?.searchFrom`, kept as a plain value: the drain loop checks it for every token,
    /// and reading it costs no copy of the line skip.
    private(set) var lineSkipSearchFrom: Int?
    /// True while a damaged line is skipped.
    var isSkippingLine: Bool { lineSkipSearchFrom != nil }
    /// The first bytes of an oversized record being discarded.
    var oversizedRaw: [UInt8] = []
    /// A damaged record had a password member: until the next good record, rejects show no
    /// bytes (the lines that follow may hold the rest of a password cut by a line end).
    var hidesRejectedBytes = false
    /// Absolute offset just past the last top-level record delivered: a stray byte after it
    /// on the same line is rejected without the record's bytes.
    var lastTopLevelEnd = 0
    /// The line that record ends on.
    var lastTopLevelLine = 0

    /// At most this many bytes of a rejected record are kept for its report.
    static let rawLimit = UserRecordReader.rawLimit

    /// Creates the recovery of a reader with these options.
    init(policy: ErrorPolicy, maxRecordBytes: Int) {
        self.policy = policy
        self.maxRecordBytes = maxRecordBytes
    }

    /// Forgets all damage, as at the start of an input (``onReject`` stays).
    mutating func reset() {
        lineSkip = nil
        oversizedRaw = []
        hidesRejectedBytes = false
        lastTopLevelEnd = 0
        lastTopLevelLine = 0
    }

    /// The window's claim: while a damaged line is skipped, nothing before the point where the
    /// search for its end goes on is needed (the rest of the reader's state was abandoned).
    var retainFrom: Int? { lineSkipSearchFrom }

    // MARK: - Reporting

    /// Reports a rejected record whose bytes are `[start, end)` (as far as still buffered).
    mutating func reject(
        _ error: RecordError, from start: Int, to end: Int, _ framer: RecordFramer, _ window: RetainedWindow
    ) throws {
        if framer.discarding {
            // An oversized record being dropped: its first bytes were saved when it was found.
            try reject(error, raw: oversizedRaw, truncated: true)
            return
        }
        guard start >= window.base else {
            // The start was already dropped: bytes from the middle of a value could hide a
            // password from the masker, so report none.
            try reject(error, raw: [], truncated: true)
            return
        }
        let e = max(start, min(end, window.end))
        try reject(error, raw: window.copy(from: start, to: min(e, start + Self.rawLimit)), truncated: e - start > Self.rawLimit)
    }

    /// Reports a rejected record with these bytes; throws `error` under ``ErrorPolicy/fail``.
    func reject(_ error: RecordError, raw: [UInt8], truncated: Bool) throws {
        let shown = hidesRejectedBytes && !raw.isEmpty ? Self.hiddenRaw : raw
        try onReject?(RejectedRecord(error: error, raw: shown, rawIsTruncated: truncated))
        if policy == .fail { throw error }
    }

    /// What a reject shows instead of bytes that may hold the rest of a password.
    static let hiddenRaw = Array("*** (not shown: may hold the rest of a damaged password)".utf8)
}
