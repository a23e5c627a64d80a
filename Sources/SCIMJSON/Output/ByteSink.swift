#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where an ``OutputBuffer`` sends its bytes when it flushes.
public protocol ByteSink: AnyObject {
    /// Writes all of `bytes` (valid only during the call), or throws.
    func write(unsafeBytes bytes: UnsafeRawBufferPointer) throws
}

extension ByteSink {
    /// Writes all of `bytes`, or throws.
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write(unsafeBytes: $0) }
    }

    /// Writes `text` as UTF-8, or throws.
    public func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { try write(unsafeBytes: UnsafeRawBufferPointer($0)) }
    }
}

/// A sink that writes to a file descriptor with `write(2)`, retrying `EINTR` and finishing partial writes.
public final class FileDescriptorSink: ByteSink {
    /// The descriptor written to (not closed by the sink).
    public let fd: Int32
    /// The name used in error messages ("<stdout>", a path).
    public let name: String
    /// Total bytes written.
    public private(set) var bytesWritten = 0

    /// Creates a sink for `fd`, named `name` in errors.
    public init(fd: Int32, name: String) {
        self.fd = fd
        self.name = name
    }

    /// Writes every byte.
    ///
    /// - Throws: ``IOError`` with the system's reason (`EPIPE` when the reader went away).
    public func write(unsafeBytes bytes: UnsafeRawBufferPointer) throws {
        try SystemCall.writeAll(fd, bytes, path: name)
        bytesWritten += bytes.count
    }
}

/// A sink that collects everything in memory (for tests and library callers).
public final class MemorySink: ByteSink {
    /// Everything written so far.
    public private(set) var bytes: [UInt8] = []

    /// Creates an empty sink.
    public init() {}

    /// Appends `bytes`.
    public func write(unsafeBytes bytes: UnsafeRawBufferPointer) throws {
        self.bytes.append(contentsOf: bytes)
    }

    /// Everything written so far, as UTF-8 text.
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}
