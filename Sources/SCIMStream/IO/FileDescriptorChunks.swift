import SCIMJSON

/// The bytes of a file descriptor as an `AsyncSequence` of chunks: what
/// ``UserRecordSequence/init(fileDescriptor:chunkSize:options:)`` reads from, so a file, a pipe
/// or standard input (`FileHandle.standardInput.fileDescriptor`) needs no adapter.
///
/// Each `next()` makes one `read(2)`, which blocks its thread until bytes arrive: fine for
/// files and pipes in a command-line tool or a dedicated task; a server reading sockets should
/// hand its own async byte stream to ``UserRecordSequence/init(chunks:options:)`` instead.
/// The descriptor is not closed.
public struct FileDescriptorChunks: AsyncSequence, Sendable {
    /// A chunk of at most ``chunkSize`` bytes.
    public typealias Element = [UInt8]

    /// The descriptor read.
    public let fileDescriptor: Int32
    /// The most bytes one chunk holds.
    public let chunkSize: Int

    /// Chunks of `fileDescriptor`, each at most `chunkSize` bytes.
    public init(fileDescriptor: Int32, chunkSize: Int = 64 << 10) {
        self.fileDescriptor = fileDescriptor
        self.chunkSize = Swift.max(1, chunkSize)
    }

    /// Starts reading at the descriptor's current position.
    public func makeAsyncIterator() -> Iterator { Iterator(fd: fileDescriptor, size: chunkSize) }

    /// Reads one chunk per call.
    public struct Iterator: AsyncIteratorProtocol {
        let fd: Int32
        let size: Int

        /// The next chunk, or nil at the end of the input.
        ///
        /// - Throws: ``IOError`` when `read(2)` fails.
        public mutating func next() async throws -> [UInt8]? {
            var failure: IOError?
            let chunk = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
                do throws(IOError) {
                    count = try SystemCall.read(fd, into: buffer.baseAddress!, count: size)
                } catch {
                    failure = error
                    count = 0
                }
            }
            if let failure { throw failure }
            return chunk.isEmpty ? nil : chunk
        }
    }
}

extension UserRecordSequence where Chunks == FileDescriptorChunks {
    /// The users read from a file descriptor (a file, a pipe, standard input).
    ///
    /// ```swift
    /// for try await user in UserRecordSequence(fileDescriptor: FileHandle.standardInput.fileDescriptor) {
    ///     print(user.userName ?? "?")
    /// }
    /// ```
    public init(fileDescriptor: Int32, chunkSize: Int = 64 << 10, options: UserRecordReader.Options = .init()) {
        self.init(chunks: FileDescriptorChunks(fileDescriptor: fileDescriptor, chunkSize: chunkSize), options: options)
    }
}
