import SCIMJSON

/// The users in an asynchronous stream of byte chunks — a request body, a socket, a file read
/// with async I/O — as an `AsyncSequence` of ``UserRecord``s.
///
/// Chunks may split records anywhere. Each record is yielded as soon as its chunk arrives and
/// owns its bytes, so it may be kept. Bad input throws ``RecordError`` (under the `skip`
/// policy, bad records are left out and counted in ``Iterator/rejectedCount``).
///
/// ```swift
/// for try await user in UserRecordSequence(chunks: request.body) {
///     print(user.userName ?? "?")
/// }
/// ```
public struct UserRecordSequence<Chunks: AsyncSequence>: AsyncSequence where Chunks.Element: Sequence<UInt8> {
    /// Each element is one user.
    public typealias Element = UserRecord

    let chunks: Chunks
    let options: UserRecordReader.Options

    /// Creates the sequence.
    ///
    /// - Parameters:
    ///   - chunks: the input, in chunks of any size.
    ///   - options: format, limits and error policy of the reader.
    public init(chunks: Chunks, options: UserRecordReader.Options = .init()) {
        self.chunks = chunks
        self.options = options
    }

    /// Starts reading.
    public func makeAsyncIterator() -> Iterator {
        Iterator(chunks: chunks.makeAsyncIterator(), reader: UserRecordReader(options: options))
    }

    /// Pulls chunks until a user is complete.
    public struct Iterator: AsyncIteratorProtocol {
        var chunks: Chunks.AsyncIterator
        var reader: UserRecordReader
        var ready: [UserRecord] = []
        var readyIndex = 0
        var finished = false
        /// Records left out under the `skip` policy so far.
        public private(set) var rejectedCount = 0

        init(chunks: Chunks.AsyncIterator, reader: UserRecordReader) {
            self.chunks = chunks
            self.reader = reader
        }

        /// The next user, or nil at the end of the input.
        public mutating func next() async throws -> UserRecord? {
            while true {
                if readyIndex < ready.count {
                    defer { readyIndex += 1 }
                    return ready[readyIndex]
                }
                ready.removeAll(keepingCapacity: true)
                readyIndex = 0
                if finished { return nil }
                var collected: [UserRecord] = []
                var rejected = 0
                reader.onReject = { _ in rejected += 1 }
                if let chunk = try await chunks.next() {
                    try reader.consume(Array(chunk)) { collected.append($0) }
                } else {
                    finished = true
                    try reader.finish { collected.append($0) }
                }
                reader.onReject = nil
                rejectedCount += rejected
                ready = collected
            }
        }
    }
}
