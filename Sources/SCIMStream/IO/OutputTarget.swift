public import SCIMJSON
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a run writes: standard output, a file replaced atomically, or a device, FIFO or
/// descriptor written straight through.
///
/// A regular file (or an absent path) is written to a private (0600) temporary file beside it
/// (beside the target of a symbolic link) and renamed over it only by ``commit()``, so a failed
/// or interrupted run never leaves a half-written file that looks complete. The replacement
/// keeps the mode of the file it replaces (set-id bits dropped) and, when the system allows,
/// its owner and group; a file that had no write permission is not replaced. Anything else at
/// the path (`/dev/stdout`, `/dev/null`, a FIFO) is opened and written in place.
public final class OutputTarget {
    /// The sink to write through.
    public let sink: FileDescriptorSink
    /// The path as given, or nil for standard output.
    public let path: String?
    private let replacement: Replacement?
    private var isOpen = true

    /// Standard output.
    public init() {
        sink = FileDescriptorSink(fd: STDOUT_FILENO, name: "<stdout>")
        path = nil
        replacement = nil
    }

    /// The output at `path`: see the type's description for what each kind of path gets.
    ///
    /// - Throws: ``IOError`` when the path cannot be written: a directory, a dangling symbolic
    ///   link, a file without write permission, a missing directory, a closed descriptor.
    public init(path: String) throws {
        self.path = path
        switch try OutputPath.inspect(path) {
        case .descriptor(let number):
            let fd = fcntl(number, F_DUPFD_CLOEXEC, 3)
            if fd < 0 { throw IOError(operation: "open", path: path, code: errno) }
            sink = FileDescriptorSink(fd: fd, name: path)
            replacement = nil
        case .special:
            let fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY)
            if fd < 0 { throw IOError(operation: "open", path: path, code: errno) }
            sink = FileDescriptorSink(fd: fd, name: path)
            replacement = nil
        case .directory:
            throw IOError(operation: "create", path: path, code: EISDIR)
        case .danglingLink:
            throw IOError(
                operation: "create", path: path, code: ENOENT,
                detail: "it is a dangling symbolic link; not writing through it")
        case .absent(let final):
            let r = try Replacement(final: final, name: path, mode: 0o666 & ~Self.creationMask, owner: nil)
            sink = FileDescriptorSink(fd: r.fd, name: path)
            replacement = r
        case .regularFile(let resolved, let mode, let owner, let group):
            if mode & 0o222 == 0 {
                throw IOError(
                    operation: "replace", path: path, code: EACCES,
                    detail: "the file is read-only (no write permission); make it writable or remove it first")
            }
            // Replacing needs only the directory's permission; writing the file would need the file's.
            if faccessat(AT_FDCWD, resolved, W_OK, AT_EACCESS) != 0 {
                throw IOError(operation: "replace", path: path, code: errno)
            }
            let r = try Replacement(final: resolved, name: path, mode: mode & 0o777, owner: (owner, group))
            sink = FileDescriptorSink(fd: r.fd, name: path)
            replacement = r
        }
    }

    /// Puts the output in place: closes the descriptor, then (for a replaced file) gives the
    /// temporary file its final mode and renames it over the path. No-op for standard output.
    ///
    /// - Throws: ``IOError`` when closing or renaming fails; the temporary file is then removed.
    public func commit() throws {
        guard let path, isOpen else { return }
        isOpen = false
        guard let replacement else {
            if close(sink.fd) != 0 { throw IOError(operation: "write", path: path, code: errno) }
            return
        }
        try replacement.commit(path: path)
    }

    /// Closes the output; a replacement's temporary file is deleted and any existing file at
    /// the path left untouched.
    public func abandon() {
        guard path != nil, isOpen else { return }
        isOpen = false
        if let replacement { replacement.abandon() } else { close(sink.fd) }
    }

    deinit { abandon() }

    /// The process's file-creation mask, read once (reading it means setting it).
    static let creationMask: mode_t = {
        let mask = umask(0o022)
        umask(mask)
        return mask
    }()
}
