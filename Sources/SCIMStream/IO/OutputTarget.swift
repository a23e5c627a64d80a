#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a run writes: standard output, or a file replaced atomically.
///
/// A file is written to a temporary file beside it and renamed over it only by
/// ``commit()``, so a failed run never leaves a half-written file that looks complete.
public final class OutputTarget {
    /// The sink to write through.
    public let sink: FileDescriptorSink
    /// The final path, or nil for standard output.
    public let path: String?
    private let temporaryPath: String?
    private var isOpen = true

    /// Standard output.
    public init() {
        sink = FileDescriptorSink(fd: STDOUT_FILENO, name: "<stdout>")
        path = nil
        temporaryPath = nil
    }

    /// A file at `path`, written through a temporary file in the same directory.
    ///
    /// - Throws: ``IOError`` when the temporary file cannot be created (directory missing, no permission).
    public init(path: String) throws {
        self.path = path
        var template = Array((path + ".tmp-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if fd < 0 { throw IOError(operation: "create", path: path, code: errno) }
        // mkstemp creates 0600; give the file the usual permissions, as a plain open would.
        let mask = umask(0)
        umask(mask)
        fchmod(fd, 0o666 & ~mask)
        temporaryPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        sink = FileDescriptorSink(fd: fd, name: path)
    }

    /// Closes and renames the temporary file into place (no-op for standard output).
    ///
    /// - Throws: ``IOError`` when closing or renaming fails.
    public func commit() throws {
        guard let path, let temporaryPath, isOpen else { return }
        isOpen = false
        if close(sink.fd) != 0 {
            let code = errno
            unlink(temporaryPath)
            throw IOError(operation: "write", path: path, code: code)
        }
        if rename(temporaryPath, path) != 0 {
            let code = errno
            unlink(temporaryPath)
            throw IOError(operation: "rename", path: path, code: code)
        }
    }

    /// Closes and deletes the temporary file, leaving any existing file at `path` untouched.
    public func abandon() {
        guard let temporaryPath, isOpen else { return }
        isOpen = false
        close(sink.fd)
        unlink(temporaryPath)
    }

    deinit { abandon() }
}
