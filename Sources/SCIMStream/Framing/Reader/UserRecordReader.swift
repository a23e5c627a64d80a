import SCIMJSON

/// Reads user records from bytes that arrive in chunks of any size, or from a file descriptor.
///
/// Memory is bounded by the largest single record plus one read: bytes are dropped from the
/// buffer as soon as nothing still needs them. Each record is handed to a closure as soon as
/// its closing brace arrives, so a ListResponse of a million users streams user by user.
///
/// ```swift
/// var reader = UserRecordReader(format: .auto)
/// try reader.consume(chunk) { record in print(record.userName ?? "-") }  // chunk: [UInt8]
/// try reader.finish { record in print(record.userName ?? "-") }
/// ```
///
/// Inside, the parts follow a decoder and its handler: the ``JSONTokenizer`` and the framer
/// (`RecordFramer`) turn bytes into records; a `RetainedWindow` holds the input and decides
/// what of it must stay; a `DamageRecovery` applies the error policy to whatever is damaged;
/// a thin drain loop runs them over each chunk.
public struct UserRecordReader {
    /// At most this many bytes of a rejected record are kept for its report (64 KiB).
    public static let rawLimit = 64 << 10

    /// Called for every bad or refused record, under either policy (under `fail`, just before
    /// the error is thrown). A handler that throws stops reading.
    public var onReject: ((RejectedRecord) throws -> Void)? {
        get { recovery.onReject }
        set { recovery.onReject = newValue }
    }

    /// The settings this reader was created with.
    public let options: Options
    /// Bytes to tokens.
    var tokenizer: JSONTokenizer
    /// Tokens to records.
    var framer: RecordFramer
    /// The buffered input.
    var window: RetainedWindow
    /// What becomes of damaged and refused records.
    var recovery: DamageRecovery
    /// The record handed to the closure (its storage is reused while the closure keeps none).
    var record: UserRecord
    /// ``finish(_:)`` was called.
    var finished = false
    /// Compact records are read by ``CompactRecordScanner`` (off only in tests that compare
    /// it with the tokenizer).
    var usesCompactScanner = true
    /// Where the values of the record the fast path is reading end; handed to the record's
    /// storage with the record (swapped, not copied).
    var valueEnds = ValueEnds()

    /// Creates a reader.
    public init(options: Options = Options()) {
        self.options = options
        tokenizer = JSONTokenizer(
            options: .init(
                maxDepth: options.maxDepth, allowsMultipleValues: true,
                recoversFromStringErrors: options.errorPolicy == .skip))
        tokenizer.reportDepth = 0
        framer = RecordFramer(format: options.format)
        window = RetainedWindow(capacity: max(options.readSize, 4096) * 2)
        recovery = DamageRecovery(policy: options.errorPolicy, maxRecordBytes: options.maxRecordBytes)
        record = UserRecord(
            storage: .init(capacity: 4096),
            location: RecordLocation(
                number: 0, start: InputLocation(line: 1, column: 1, offset: 0)))
    }

    /// Creates a reader for `format` with default limits.
    public init(format: InputFormat) {
        self.init(options: Options(format: format))
    }

    /// Makes the reader continue an input at absolute `offset`, on `line` (which must start
    /// there), after `recordsBefore` records: positions and record numbers in errors then count
    /// from the start of the whole input. Call before feeding any byte.
    public mutating func resume(atOffset offset: Int, line: Int, recordsBefore: Int) {
        precondition(bytesConsumed == 0, "resume before feeding any byte")
        window.restart(at: offset)
        tokenizer.resynchronize(atLineStart: offset, line: line)
        tokenizer.reportDepth = 0
        framer.recordNumber = recordsBefore
    }

    /// Starts over as a new reader would, at absolute `offset` on `line` after `recordsBefore`
    /// records (see ``resume(atOffset:line:recordsBefore:)``), keeping its allocations: for a
    /// worker that reads one chunk after another.
    mutating func restart(atOffset offset: Int, line: Int, recordsBefore: Int) {
        tokenizer = JSONTokenizer(options: tokenizer.options)
        framer.reset()
        window.restart(at: 0)
        recovery.reset()
        finished = false
        resume(atOffset: offset, line: line, recordsBefore: recordsBefore)
    }

    /// Total bytes consumed so far.
    public var bytesConsumed: Int { window.end }

    /// Number of records started so far (including any that failed).
    public var recordsStarted: Int { framer.recordNumber }

    /// Feeds the next chunk of input and calls `body` for every record it completes.
    ///
    /// - Throws: ``RecordError`` for input that is not valid JSON or not the expected shape;
    ///   whatever `body` throws is passed through.
    public mutating func consume(_ chunk: [UInt8], _ body: (inout UserRecord) throws -> Void) throws {
        try chunk.withUnsafeBytes { try consume(unsafeBytes: $0, body) }
    }

    /// ``consume(_:_:)`` for bytes behind a pointer, valid only during the call (a read buffer
    /// of the caller's; nothing is kept that points into it).
    public mutating func consume(
        unsafeBytes chunk: UnsafeRawBufferPointer, _ body: (inout UserRecord) throws -> Void
    ) throws {
        var offset = 0
        while offset < chunk.count {
            let space = window.makeRoom(atLeast: min(chunk.count - offset, options.readSize), keeping: claims)
            let n = min(space, chunk.count - offset)
            window.append(chunk.baseAddress! + offset, count: n)
            offset += n
            try drain(isFinal: false, body)
        }
    }

    /// Signals the end of the input and calls `body` for a record that ends exactly there.
    ///
    /// - Throws: ``RecordError`` when the input ends inside a value.
    public mutating func finish(_ body: (inout UserRecord) throws -> Void) throws {
        guard !finished else { return }
        finished = true
        try drain(isFinal: true, body)
    }

    /// What the ListResponse pages read so far did not add up to (a `startIndex` that does not
    /// follow, a changing `totalResults`; with `atEnd`, also a user count other than
    /// `totalResults`); each warning is returned once.
    public mutating func takePageWarnings(atEnd: Bool = false) -> [String] {
        if atEnd { framer.pageCheck.finish() }
        defer { framer.pageCheck.warnings.removeAll() }
        return framer.pageCheck.warnings
    }

    /// The page check, carried from one input's reader to the next (pages of one export in
    /// several files).
    var pageCheck: PageCheck {
        get { framer.pageCheck }
        set { framer.pageCheck = newValue }
    }

    /// Reads `fd` to its end, calling `body` for every record.
    ///
    /// - Parameters:
    ///   - fd: an open file descriptor; it is not closed.
    ///   - progress: called after every read with the total number of bytes consumed.
    /// - Throws: ``RecordError`` for bad input, ``IOError`` when `read(2)` fails.
    public mutating func read(
        fileDescriptor fd: Int32, progress: ((Int) -> Void)? = nil,
        _ body: (inout UserRecord) throws -> Void
    ) throws {
        while true {
            let space = window.makeRoom(atLeast: options.readSize, keeping: claims)
            if try window.read(from: fd, count: space) == 0 { break }
            progress?(bytesConsumed)
            try drain(isFinal: false, body)
        }
        try finish(body)
    }

    /// What the tokenizer, the framer and the recovery still need buffered, for the window's rule.
    var claims: RetainedWindow.Claims {
        RetainedWindow.Claims(
            token: tokenizer.retainFrom, scanned: tokenizer.position, element: framer.retainFrom,
            discardsElement: framer.discarding, lineSkip: recovery.retainFrom)
    }
}
