#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        /// Deepest allowed nesting inside the input (default 256).
        public var maxDepth: Int
        /// Largest allowed record, in bytes (default 16 MiB).
        public var maxRecordBytes: Int
        /// Bytes requested per `read(2)` (default 1 MiB).
        public var readSize: Int

        /// Creates options.
        public init(
            format: InputFormat = .auto, maxDepth: Int = 256,
            maxRecordBytes: Int = 16 << 20, readSize: Int = 1 << 20
        ) {
            self.format = format
            self.maxDepth = maxDepth
            self.maxRecordBytes = maxRecordBytes
            self.readSize = readSize
        }
    }

    /// The settings this reader was created with.
    public let options: Options
    var tokenizer: JSONTokenizer
    var framer: RecordFramer
    var buffer: InputBuffer
    var record: UserRecord
    var finished = false

    /// Creates a reader.
    public init(options: Options = Options()) {
        self.options = options
        tokenizer = JSONTokenizer(options: .init(maxDepth: options.maxDepth, allowsMultipleValues: true))
        tokenizer.reportDepth = 0
        framer = RecordFramer(format: options.format)
        buffer = InputBuffer(capacity: max(options.readSize, 4096) * 2)
        record = UserRecord(storage: .init(capacity: 4096), location: RecordLocation(
            number: 0, start: InputLocation(line: 1, column: 1, offset: 0)))
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
            let n = Glibc.read(fd, buffer.end, space)
            if n < 0 {
                if errno == EINTR { continue }
                throw IOError(operation: "read", path: nil, code: errno)
            }
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
        let bytes = buffer.bytes
        let window = UnsafeRawBufferPointer(start: bytes, count: buffer.count)
        let base = buffer.base
        while true {
            let step: JSONTokenizerStep
            do {
                step = try tokenizer.next(window, base: base, isFinal: isFinal)
            } catch {
                throw RecordError(error, recordNumber: framer.isInRecord ? framer.recordNumber : framer.recordNumber + 1)
            }
            switch step {
            case .token(let token):
                if case .record(let end) = try framer.handle(token, window: bytes, base: base, tokenizer: &tokenizer) {
                    try deliver(end: end, body)
                }
            case .needMoreInput:
                if framer.isInRecord && tokenizer.position - framer.recordStart > options.maxRecordBytes {
                    throw tooLarge()
                }
                return
            case .endOfInput:
                return
            }
        }
    }

    /// Copies the finished record out of the buffer and hands it to `body`.
    mutating func deliver(end: Int, _ body: (inout UserRecord) throws -> Void) throws {
        let start = framer.recordStart
        guard end - start <= options.maxRecordBytes else { throw tooLarge() }
        if !isKnownUniquelyReferenced(&record.storage) {
            record.storage = UserRecord.Storage(capacity: end - start)
        }
        // No local reference to the storage may outlive this block: `body` must see it unique.
        do {
            let storage = record.storage
            storage.load(from: buffer.bytes + (start - buffer.base), count: end - start)
            swap(&storage.fields, &framer.fields)
            storage.hasWhitespace = framer.recordHasWhitespace
        }
        record.location = RecordLocation(number: framer.recordNumber, start: framer.recordLocation)
        try body(&record)
    }

    func tooLarge() -> RecordError {
        RecordError(
            message: JSONSyntaxError.Reason.recordTooLarge(limit: options.maxRecordBytes).messageText,
            location: framer.recordLocation, recordNumber: framer.recordNumber)
    }

    /// Drops bytes nothing needs any more and grows the buffer if a record needs the space;
    /// returns the free space at the end of the buffer.
    mutating func makeRoom(atLeast wanted: Int) throws -> Int {
        if buffer.capacity - buffer.count >= wanted { return buffer.capacity - buffer.count }
        var keep = tokenizer.retainFrom
        if let recordStart = framer.retainFrom { keep = min(keep, recordStart) }
        buffer.discard(upTo: keep)
        if buffer.capacity - buffer.count < wanted {
            if framer.isInRecord && buffer.count > options.maxRecordBytes { throw tooLarge() }
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
