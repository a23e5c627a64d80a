import SCIMJSON
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a reader does with a bad record.
public enum ErrorPolicy: String, Sendable, CaseIterable {
    /// Report the first bad record and stop (after everything before it was delivered).
    case fail
    /// Report each bad record and go on: at the next line for NDJSON, at the next element
    /// inside a ListResponse or array when the damage is confined to one element.
    case skip
}

/// A record that could not be read or was refused, with its bytes for the rejects file.
public struct RejectedRecord: Sendable {
    /// Why, and where.
    public var error: RecordError
    /// The record's bytes as read (at most ``UserRecordReader/rawLimit``); may hold a password.
    public var raw: [UInt8]
    /// `raw` was cut at the limit.
    public var rawIsTruncated: Bool

    /// Creates a rejected record.
    public init(error: RecordError, raw: [UInt8], rawIsTruncated: Bool) {
        self.error = error
        self.raw = raw
        self.rawIsTruncated = rawIsTruncated
    }
}

/// Reads user records from bytes that arrive in chunks of any size, or from a file descriptor.
///
/// Memory is bounded by the largest single record plus one read: bytes are dropped from the
/// buffer as soon as nothing still needs them. Each record is handed to a closure as soon as
/// its closing brace arrives, so a ListResponse of a million users streams user by user.
///
/// ```swift
/// var reader = UserRecordReader(format: .auto)
/// try reader.consume(chunk) { record in print(record.userName ?? "-") }
/// try reader.finish { record in print(record.userName ?? "-") }
/// ```
public struct UserRecordReader {
    /// Settings of a reader.
    public struct Options: Sendable, Equatable {
        /// The shape of the input (default: detect it).
        public var format: InputFormat
        /// Deepest allowed nesting inside the input (default 256). Stages and writers walk values
        /// in loops (tested at 100,000 levels); typed access through ``JSONValue`` trees recurses,
        /// and is tested to ``NestingLimits/maxDepth``, the most the command-line tool accepts.
        public var maxDepth: Int
        /// Largest allowed record, in bytes (default 16 MiB).
        public var maxRecordBytes: Int
        /// Bytes requested per `read(2)` (default 1 MiB).
        public var readSize: Int
        /// Stop at the first bad record, or skip bad records (default: fail).
        public var errorPolicy: ErrorPolicy

        /// Creates options.
        public init(
            format: InputFormat = .auto, maxDepth: Int = 256,
            maxRecordBytes: Int = 16 << 20, readSize: Int = 1 << 20, errorPolicy: ErrorPolicy = .fail
        ) {
            self.format = format
            self.maxDepth = maxDepth
            // Capped so offset arithmetic cannot overflow (1 TiB is far beyond any record).
            self.maxRecordBytes = min(maxRecordBytes, 1 << 40)
            self.readSize = readSize
            self.errorPolicy = errorPolicy
        }
    }

    /// At most this many bytes of a rejected record are kept for its report (64 KiB).
    public static let rawLimit = 64 << 10

    /// Called for every bad or refused record, under either policy (under `fail`, just before
    /// the error is thrown). A handler that throws stops reading.
    public var onReject: ((RejectedRecord) throws -> Void)?

    /// Skipping the rest of a damaged NDJSON line.
    struct LineSkip {
        var error: RecordError
        /// Absolute offset from which to look for the newline.
        var searchFrom: Int
        var raw: [UInt8]
        var truncated: Bool
        /// The line the damage is on; reading resumes on the next.
        var line: Int
        /// The damaged record had a password member: the lines after it may hold its rest.
        var hidesFollowing: Bool
    }

    var skip: LineSkip? {
        didSet { isSkippingLine = skip != nil }
    }
    /// `skip != nil`, kept as a plain flag for the per-token check.
    var isSkippingLine = false
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

    /// The settings this reader was created with.
    public let options: Options
    var tokenizer: JSONTokenizer
    var framer: RecordFramer
    var buffer: InputBuffer
    var record: UserRecord
    var finished = false
    /// Compact records are read by ``CompactRecordScanner`` (off only in tests that compare
    /// it with the tokenizer).
    var usesCompactScanner = true

    /// Creates a reader.
    public init(options: Options = Options()) {
        self.options = options
        tokenizer = JSONTokenizer(options: .init(
            maxDepth: options.maxDepth, allowsMultipleValues: true,
            recoversFromStringErrors: options.errorPolicy == .skip))
        tokenizer.reportDepth = 0
        framer = RecordFramer(format: options.format)
        buffer = InputBuffer(capacity: max(options.readSize, 4096) * 2)
        record = UserRecord(storage: .init(capacity: 4096), location: RecordLocation(
            number: 0, start: InputLocation(line: 1, column: 1, offset: 0)))
    }

    /// Makes the reader continue an input at absolute `offset`, on `line` (which must start
    /// there), after `recordsBefore` records: positions and record numbers in errors then count
    /// from the start of the whole input. Call before feeding any byte.
    public mutating func resume(atOffset offset: Int, line: Int, recordsBefore: Int) {
        precondition(bytesConsumed == 0, "resume before feeding any byte")
        buffer.restart(at: offset)
        tokenizer.resynchronize(atLineStart: offset, line: line)
        tokenizer.reportDepth = 0
        framer.recordNumber = recordsBefore
    }

    /// Starts over as a new reader would, at absolute `offset` on `line` after `recordsBefore`
    /// records (see ``resume(atOffset:line:recordsBefore:)``), keeping its allocations: for a
    /// worker that reads one chunk after another.
    mutating func restart(atOffset offset: Int, line: Int, recordsBefore: Int) {
        tokenizer = JSONTokenizer(options: tokenizer.options)
        var fields = framer.fields
        fields.removeAll(keepingCapacity: true)
        framer = RecordFramer(format: options.format)
        framer.fields = fields
        buffer.restart(at: 0)
        skip = nil
        oversizedRaw = []
        hidesRejectedBytes = false
        lastTopLevelEnd = 0
        lastTopLevelLine = 0
        finished = false
        resume(atOffset: offset, line: line, recordsBefore: recordsBefore)
    }

    /// Creates a reader for `format` with default limits.
    public init(format: InputFormat) {
        self.init(options: Options(format: format))
    }

    /// Total bytes consumed so far.
    public var bytesConsumed: Int { buffer.base + buffer.count }

    /// Number of records started so far (including any that failed).
    public var recordsStarted: Int { framer.recordNumber }

    /// Feeds the next chunk of input and calls `body` for every record it completes.
    ///
    /// - Throws: ``RecordError`` for input that is not valid JSON or not the expected shape;
    ///   whatever `body` throws is passed through.
    public mutating func consume(
        _ chunk: UnsafeRawBufferPointer, _ body: (inout UserRecord) throws -> Void
    ) throws {
        var offset = 0
        while offset < chunk.count {
            let space = try makeRoom(atLeast: min(chunk.count - offset, options.readSize))
            let n = min(space, chunk.count - offset)
            buffer.append(chunk.baseAddress! + offset, count: n)
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
            let space = try makeRoom(atLeast: options.readSize)
            let n = try SystemCall.read(fd, into: buffer.end, count: space)
            if n == 0 { break }
            buffer.count += n
            progress?(bytesConsumed)
            try drain(isFinal: false, body)
        }
        try finish(body)
    }

    // MARK: - Internals

    /// Runs the tokenizer over everything buffered.
    mutating func drain(isFinal: Bool, _ body: (inout UserRecord) throws -> Void) throws {
        // The buffer does not change while it is drained.
        let bytes = buffer.bytes
        let window = UnsafeRawBufferPointer(start: bytes, count: buffer.count)
        let base = buffer.base
        while true {
            if isSkippingLine {
                guard try continueSkipping(isFinal: isFinal) else { return }
            }
            if usesCompactScanner && framer.awaitsRecord && tokenizer.isBeforeValue,
               try readCompactRecord(window, base: base, body) {
                continue
            }
            // The tokenizer sees at most one byte past the size limit, counted from the earliest
            // byte that must stay buffered (the record's start, a bad element's start, or the start
            // of a token in progress), so every size decision falls on the same byte whatever the
            // chunking.
            var limited = window
            let anchor: Int
            if framer.discarding {
                anchor = Int.max / 2  // an oversized record being dropped: its bytes are not kept
            } else if framer.isInRecord {
                anchor = framer.recordStart
            } else if framer.state == .badElement {
                anchor = framer.bad.start
            } else {
                anchor = tokenizer.retainFrom
            }
            let limit = anchor + options.maxRecordBytes + 1 - base
            if limit < window.count { limited = UnsafeRawBufferPointer(rebasing: window[..<max(limit, 0)]) }
            let truncated = limited.count < window.count
            let step: JSONTokenizerStep
            do {
                step = try tokenizer.next(limited, base: base, isFinal: isFinal && !truncated)
            } catch {
                try handle(syntaxError: error, isFinal: isFinal && !truncated)
                continue
            }
            switch step {
            case .token(let token):
                let event: RecordFramer.Event
                do {
                    event = try framer.handle(token, window: bytes, base: base, tokenizer: &tokenizer)
                } catch {
                    // A top-level value of the wrong shape: structure intact, resume at the next line.
                    if strayFollowsPasswordRecord(at: token.start, line: tokenizer.line) { hidesRejectedBytes = true }
                    try startLineSkip(error, rawStart: token.start, from: token.start)
                    continue
                }
                switch event {
                case .none:
                    break
                case .record(let end):
                    if framer.discarding {
                        framer.discarding = false
                        tokenizer.pendingStringError = nil  // part of the dropped record
                        try reject(tooLarge(), raw: oversizedRaw, truncated: true)
                    } else if let stringError = tokenizer.pendingStringError {
                        tokenizer.pendingStringError = nil
                        var error = RecordError(stringError, recordNumber: framer.recordNumber, recovery: .recordSkipped)
                        error.recovery = .recordSkipped
                        try reject(error, from: framer.recordStart, to: end)
                    } else {
                        try deliver(end: end, body)
                    }
                case .rejected(let start, let end):
                    tokenizer.pendingStringError = nil  // part of the rejected value
                    try reject(framer.rejection, from: start, to: end)
                }
                if !framer.isInRecord, let stringError = tokenizer.pendingStringError {
                    // Damage outside any user (in a ListResponse's own members): reported, nothing lost.
                    tokenizer.pendingStringError = nil
                    framer.recordNumber += 1
                    try reject(RecordError(stringError, recordNumber: framer.recordNumber, recovery: .recordSkipped), raw: [], truncated: false)
                }
            case .needMoreInput:
                guard truncated else {
                    try checkRecordSize()
                    return
                }
                if framer.isInRecord && !framer.discarding {
                    try checkRecordSize()  // rejects, skips or discards the record
                } else if (framer.state == .badElement && tokenizer.position - framer.bad.start > options.maxRecordBytes)
                            || (tokenizer.hasPartialToken && tokenizer.position - tokenizer.retainFrom > options.maxRecordBytes) {
                    // A single value outside any record larger than the limit.
                    let error = RecordError(
                        .valueTooLarge(limit: options.maxRecordBytes),
                        message: "a value larger than \(options.maxRecordBytes) bytes",
                        location: tokenizer.location(of: tokenizer.position), recordNumber: framer.recordNumber + 1)
                    if framer.state == .top {
                        // At top level (NDJSON): skip its line like any other damaged line.
                        framer.recordNumber += 1
                        try startLineSkip(error, rawStart: anchor, from: tokenizer.position)
                        continue
                    }
                    try reject(error, from: anchor, to: anchor + Self.rawLimit)
                    throw error
                }
                continue  // the window moves on from the new anchor
            case .endOfInput:
                return
            }
        }
    }

    /// The fast path: reads the next record with ``CompactRecordScanner`` when it is compact
    /// and wholly buffered; false (nothing changed) to leave it to the tokenizer.
    mutating func readCompactRecord(
        _ window: UnsafeRawBufferPointer, base: Int, _ body: (inout UserRecord) throws -> Void
    ) throws -> Bool {
        guard let p = window.baseAddress else { return false }
        var i = tokenizer.position - base
        var line = tokenizer.line
        var lineStart = tokenizer.lineStart
        func skipWhitespace() {
            while i < window.count {
                let b = p.load(fromByteOffset: i, as: UInt8.self)
                guard b.isJSONWhitespace else { break }
                if b == ._newline {
                    line += 1
                    lineStart = base + i + 1
                }
                i += 1
            }
        }
        skipWhitespace()
        if tokenizer.expectsComma {
            guard i < window.count, p.load(fromByteOffset: i, as: UInt8.self) == ._comma else { return false }
            i += 1
            skipWhitespace()
        }
        let depth = tokenizer.depth
        var nestedPassword = false  // the scanner sets it when a nested key may name a password
        guard i < window.count, p.load(fromByteOffset: i, as: UInt8.self) == ._openBrace,
              let end = CompactRecordScanner.scan(
                p, start: i, end: min(window.count, i + options.maxRecordBytes), maxDepth: options.maxDepth - depth,
                detectsListResponse: depth == 0 && framer.shape == .auto, fields: &framer.fields,
                nestedPassword: &nestedPassword)
        else { return false }
        tokenizer.skipValue(to: base + end, line: line, lineStart: lineStart)
        framer.acceptCompactRecord(
            start: base + i, location: InputLocation(line: line, column: base + i - lineStart + 1, offset: base + i), depth: depth)
        try deliver(end: base + end, mayHoldNestedPassword: nestedPassword, body)
        return true
    }

    /// Decides what a syntax error means under the policy: skip the line, or stop.
    mutating func handle(syntaxError: JSONSyntaxError, isFinal: Bool) throws {
        var e = syntaxError
        let inRecord = framer.isInRecord
        if !inRecord && framer.state == .top && strayFollowsPasswordRecord(at: e.location.offset, line: e.location.line) {
            // `{"password":"Zq7"}Xw9Kp"}`: the record ended inside its password; the stray
            // bytes after it on its line are the rest of the secret.
            hidesRejectedBytes = true
        }
        if hidesRejectedBytes || (inRecord && framer.recordHasPassword) {
            e.hideByte()  // never quote a byte that may belong to a password value
        }
        if !inRecord && framer.state != .badElement { framer.recordNumber += 1 }
        let number = framer.recordNumber
        // Outside a record, the damage starts after whatever was read on its line.
        let rawStart = inRecord ? framer.recordStart
            : (framer.state == .badElement ? framer.bad.start : max(tokenizer.lineStart, lastTopLevelEnd, buffer.base))
        if framer.isLineOriented {
            try startLineSkip(RecordError(e, recordNumber: number, recovery: .resumeAtNextLine), rawStart: rawStart, from: e.location.offset)
            return
        }
        // Inside a ListResponse or array: only the input's end leaves nothing unread after the damage.
        let atEnd: Bool
        if case .unexpectedEnd = e.reason { atEnd = isFinal } else { atEnd = false }
        var error = RecordError(e, recordNumber: number, recovery: atEnd ? .recordSkipped : .none)
        if !atEnd {
            error.message += "; the rest of this input cannot be read (the end of the damaged element is unknown)"
        }
        try reject(error, from: rawStart, to: e.location.offset)
        if !atEnd || options.errorPolicy == .fail { throw error }
        // Truncated input: what came before was delivered; nothing follows.
        framer.abandon()
        tokenizer.resynchronize(atLineStart: buffer.base + buffer.count, line: e.location.line)
    }

    /// True when a stray byte at absolute `offset` on `line` follows, on the same line, the last
    /// record delivered, a top-level one holding a password key. Decided from the record's own
    /// copied bytes and line numbers, so it does not depend on how the input was chunked.
    func strayFollowsPasswordRecord(at offset: Int, line: Int) -> Bool {
        guard lastTopLevelEnd > 0, offset >= lastTopLevelEnd, line == lastTopLevelLine else { return false }
        let storage = record.storage
        let bytes = Array(UnsafeRawBufferPointer(start: storage.bytes, count: storage.count))
        return PasswordMasking.firstPasswordKeyEnd(bytes) != nil
    }

    /// Rejects under `fail`; under `skip`, resumes at the first line that starts a record after
    /// the line where the damage started, or else skips to the end of the damaged line.
    mutating func startLineSkip(_ error: RecordError, rawStart: Int, from offset: Int) throws {
        var error = error
        error.recovery = .resumeAtNextLine
        let start = max(rawStart, buffer.base)
        let end = max(start, min(offset, buffer.base + buffer.count))
        let startLine = framer.isInRecord ? framer.recordLocation.line : tokenizer.line
        // A password key anywhere in the damaged bytes (nested ones included): what follows
        // may be its value, cut by a line end.
        let keyEnd = PasswordMasking.firstPasswordKeyEnd(bytes(from: start, to: end)).map { start + $0 }
        let hidesFollowing = (framer.isInRecord && framer.recordHasPassword) || keyEnd != nil
        // In NDJSON a good record is one line: one that begins with `{` inside the damaged
        // span is a record of its own, not part of the damage — unless it comes after a
        // password key, where it may be the password's value (never written, then).
        var restart = LineEnds.firstRecordLine(buffer.bytes, from: start - buffer.base, through: end - buffer.base, count: buffer.count)
        if hidesFollowing, let r = restart, (keyEnd ?? start) < r.offset + buffer.base {
            // Only the line the damage was found at, when it begins with the offending `{`.
            restart = nil
            let e = end - buffer.base, s = start - buffer.base
            if e >= r.offset, e < buffer.count, buffer.bytes.load(fromByteOffset: e, as: UInt8.self) == ._openBrace,
               [._newline, ._return].contains(buffer.bytes.load(fromByteOffset: e - 1, as: UInt8.self)) {
                restart = (e, ByteSearch.count(._newline, UnsafeRawBufferPointer(start: buffer.bytes + s, count: e - s)))
            }
        }
        let rawEnd = restart.map { LineEnds.trimmingLineEnd(buffer.bytes, from: start - buffer.base, to: $0.offset) + buffer.base } ?? end
        let raw = bytes(from: start, to: min(rawEnd, start + Self.rawLimit))
        let truncated = rawEnd - start > Self.rawLimit
        if options.errorPolicy == .fail {
            try reject(error, raw: raw, truncated: truncated)
            throw error
        }
        framer.abandon()
        if let restart {
            try reject(error, raw: raw, truncated: truncated)
            if hidesFollowing { hidesRejectedBytes = true }
            tokenizer.resynchronize(atLineStart: restart.offset + buffer.base, line: startLine + restart.newlines)
            tokenizer.reportDepth = 0
            return
        }
        // Reading resumes on the line after the one where the search for the line end starts.
        skip = LineSkip(error: error, searchFrom: end, raw: raw, truncated: truncated, line: tokenizer.line, hidesFollowing: hidesFollowing)
    }

    /// Looks for the line end (LF, CR LF or a lone CR) that ends a damaged line; returns false
    /// when more input is needed.
    mutating func continueSkipping(isFinal: Bool) throws -> Bool {
        guard var state = skip else { return true }
        let end = buffer.base + buffer.count
        let from = state.searchFrom - buffer.base
        let found = LineEnds.next(buffer.bytes, from: from, end: buffer.count, isFinal: isFinal)
        // A CR at the end of what is buffered is undecided (an LF may follow): look at it again.
        let undecidedCR = found == nil && !isFinal && buffer.count > from
            && buffer.bytes.load(fromByteOffset: buffer.count - 1, as: UInt8.self) == ._return
        let stop = (found?.start ?? (undecidedCR ? buffer.count - 1 : buffer.count)) + buffer.base
        let room = Self.rawLimit - state.raw.count
        if room > 0 && stop > state.searchFrom {
            state.raw += bytes(from: state.searchFrom, to: min(stop, state.searchFrom + room))
        }
        if stop - state.searchFrom > max(room, 0) { state.truncated = true }
        state.searchFrom = stop
        guard found != nil || isFinal else {
            skip = state
            return false
        }
        skip = nil
        try reject(state.error, raw: state.raw, truncated: state.truncated)
        if state.hidesFollowing { hidesRejectedBytes = true }
        // Resume after the line end (or at the end of the input).
        let next = found.map { $0.next + buffer.base } ?? end
        tokenizer.resynchronize(atLineStart: next, line: state.line + (found?.isNewline == true ? 1 : 0))
        tokenizer.reportDepth = 0
        return true
    }

    /// Enforces the record size limit while the record is still arriving.
    mutating func checkRecordSize() throws {
        guard framer.isInRecord, !framer.discarding,
              tokenizer.position - framer.recordStart > options.maxRecordBytes else { return }
        let error = tooLarge()
        if framer.isLineOriented {
            try startLineSkip(error, rawStart: framer.recordStart, from: tokenizer.position)
            return
        }
        oversizedRaw = bytes(from: framer.recordStart, to: framer.recordStart + Self.rawLimit)
        if options.errorPolicy == .fail {
            try reject(error, raw: oversizedRaw, truncated: true)
            throw error
        }
        // Inside a ListResponse or array: keep validating, drop the bytes, reject at its end.
        framer.discarding = true
        framer.fields.removeAll(keepingCapacity: true)
    }

    /// Reports a rejected record whose bytes are `[start, end)` (as far as still buffered).
    mutating func reject(_ error: RecordError, from start: Int, to end: Int) throws {
        if framer.discarding {
            // An oversized record being dropped: its first bytes were saved when it was found.
            try reject(error, raw: oversizedRaw, truncated: true)
            return
        }
        guard start >= buffer.base else {
            // The start was already dropped: bytes from the middle of a value could hide a
            // password from the masker, so report none.
            try reject(error, raw: [], truncated: true)
            return
        }
        let e = max(start, min(end, buffer.base + buffer.count))
        try reject(error, raw: bytes(from: start, to: min(e, start + Self.rawLimit)), truncated: e - start > Self.rawLimit)
    }

    mutating func reject(_ error: RecordError, raw: [UInt8], truncated: Bool) throws {
        let shown = hidesRejectedBytes && !raw.isEmpty ? Self.hiddenRaw : raw
        try onReject?(RejectedRecord(error: error, raw: shown, rawIsTruncated: truncated))
        if options.errorPolicy == .fail { throw error }
    }

    /// A copy of buffered bytes `[start, end)` (absolute offsets, clamped to what is buffered).
    func bytes(from start: Int, to end: Int) -> [UInt8] {
        let s = max(start, buffer.base) - buffer.base
        let e = min(end, buffer.base + buffer.count) - buffer.base
        guard e > s else { return [] }
        return Array(UnsafeRawBufferPointer(start: buffer.bytes + s, count: e - s))
    }

    /// What a reject shows instead of bytes that may hold the rest of a password.
    static let hiddenRaw = Array("*** (not shown: may hold the rest of a damaged password)".utf8)

    /// Copies the finished record out of the buffer and hands it to `body`.
    /// `mayHoldNestedPassword` is false only when the fast path saw every nested key and none
    /// can name a password (``UserRecord/Storage/mayHoldNestedPassword``).
    mutating func deliver(end: Int, mayHoldNestedPassword: Bool = true, _ body: (inout UserRecord) throws -> Void) throws {
        let start = framer.recordStart
        lastTopLevelEnd = 0  // set below once the record's bytes are copied
        guard end - start <= options.maxRecordBytes else {
            try reject(tooLarge(), from: start, to: end)
            return
        }
        if let duplicate = DuplicateMembers.find(buffer.bytes + (start - buffer.base), framer.fields) {
            let error = RecordError(
                .duplicateMember(duplicate), message: "member \"\(duplicate)\" appears twice (SCIM names ignore case): which one counts is ambiguous",
                location: framer.recordLocation, recordNumber: framer.recordNumber, recovery: .recordSkipped)
            try reject(error, from: start, to: end)
            return
        }
        hidesRejectedBytes = false
        if !isKnownUniquelyReferenced(&record.storage) {
            record.storage = UserRecord.Storage(capacity: end - start)
        }
        // No local reference to the storage may outlive this block: `body` must see it unique.
        do {
            let storage = record.storage
            storage.load(from: buffer.bytes + (start - buffer.base), count: end - start)
            swap(&storage.fields, &framer.fields)
            storage.hasWhitespace = framer.recordHasWhitespace
            storage.mayHoldNestedPassword = mayHoldNestedPassword
        }
        record.location = RecordLocation(number: framer.recordNumber, start: framer.recordLocation)
        // Only a top-level record delivered last can have stray bytes after it on its line.
        lastTopLevelEnd = framer.recordDepth == 0 ? end : 0
        lastTopLevelLine = tokenizer.line
        try body(&record)
    }

    func tooLarge() -> RecordError {
        RecordError(
            .recordTooLarge(limit: options.maxRecordBytes),
            message: JSONSyntaxError.Reason.recordTooLarge(limit: options.maxRecordBytes).messageText,
            location: framer.recordLocation, recordNumber: framer.recordNumber,
            recovery: framer.isLineOriented ? .resumeAtNextLine : .recordSkipped)
    }

    /// Drops bytes nothing needs any more and grows the buffer if a record needs the space;
    /// returns the free space at the end of the buffer.
    mutating func makeRoom(atLeast wanted: Int) throws -> Int {
        if buffer.capacity - buffer.count >= wanted { return buffer.capacity - buffer.count }
        var keep = tokenizer.retainFrom
        if let skip {
            keep = skip.searchFrom
        } else if framer.discarding {
            keep = tokenizer.position
        } else if let start = framer.retainFrom {
            keep = min(keep, start)
        }
        buffer.discard(upTo: keep)
        if buffer.capacity - buffer.count < wanted {
            // What stays buffered is at most the limit plus what was read but not yet scanned
            // (drain enforces the limit on the scanned part), so this growth is bounded.
            buffer.grow(to: buffer.count + wanted)
        }
        return buffer.capacity - buffer.count
    }
}

extension JSONSyntaxError.Reason {
    /// The message of an error with this reason.
    var messageText: String {
        JSONSyntaxError(self, at: InputLocation(line: 1, column: 1, offset: 0)).message
    }
}
