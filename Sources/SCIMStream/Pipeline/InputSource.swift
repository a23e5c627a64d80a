import SCIMJSON
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a run reads records from.
public enum InputSource: Sendable, Equatable, CustomStringConvertible {
    /// The process's standard input.
    case standardInput
    /// A file (or named pipe, or device) at a path.
    case file(String)
    /// Bytes that come from elsewhere, chunk by chunk (a live service's pages).
    case stream(any ByteStreamInput)

    /// Parses a command-line operand: `-` is standard input, anything else a path.
    public init(argument: String) {
        self = argument == "-" ? .standardInput : .file(argument)
    }

    /// The name used in messages: `<stdin>` or the path.
    public var description: String {
        switch self {
        case .standardInput: return "<stdin>"
        case .file(let path): return path
        case .stream(let input): return input.name
        }
    }

    /// Same file, both standard input, or the same stream object.
    public static func == (a: InputSource, b: InputSource) -> Bool {
        switch (a, b) {
        case (.standardInput, .standardInput): return true
        case (.file(let x), .file(let y)): return x == y
        case (.stream(let x), .stream(let y)): return x === y
        default: return false
        }
    }

    /// The size of a regular file (standard input redirected from one included), or nil.
    public var regularFileSize: Int? {
        var info = stat()
        let ok: Bool
        switch self {
        case .standardInput: ok = fstat(STDIN_FILENO, &info) == 0
        case .file(let path): ok = stat(path, &info) == 0
        case .stream: return nil
        }
        guard ok, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    /// Opens the source for reading; returns the descriptor and, for regular files, the size.
    ///
    /// - Throws: ``IOError`` when the file cannot be opened or is a directory.
    /// - Precondition: not a ``stream(_:)``, which has no descriptor.
    public func open() throws -> (fd: Int32, size: Int?) {
        let fd: Int32
        switch self {
        case .standardInput:
            fd = STDIN_FILENO
        case .file(let path):
            fd = try SystemCall.open(path, O_RDONLY)
        case .stream:
            preconditionFailure("a stream input has no file descriptor")
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            close()
            throw IOError(operation: "stat", path: description, code: code)
        }
        if info.st_mode & S_IFMT == S_IFDIR {
            close()
            throw IOError(operation: "read", path: description, code: EISDIR)
        }
        let isRegular = info.st_mode & S_IFMT == S_IFREG
        return (fd, isRegular ? Int(info.st_size) : nil)

        func close() { if case .file = self { SystemCall.close(fd) } }
    }
}
