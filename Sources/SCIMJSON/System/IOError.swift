#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failed system call on a file, pipe or directory, with the system's reason.
public struct IOError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The operation that failed: "open", "read", "write", "rename", …
    public var operation: String
    /// The path involved, when there is one.
    public var path: String?
    /// The `errno` value.
    public var code: Int32
    /// A reason to show instead of the system's text for ``code``, when that would mislead.
    public var detail: String?

    /// Creates an error.
    public init(operation: String, path: String?, code: Int32, detail: String? = nil) {
        self.operation = operation
        self.path = path
        self.code = code
        self.detail = detail
    }

    /// ``detail``, else the system's text for ``code``: "No such file or directory".
    public var reason: String { detail ?? String(cString: strerror(code)) }

    /// True for a write to a pipe whose reader has gone (`EPIPE`): a quiet stop, not a failure.
    public var isBrokenPipe: Bool { code == EPIPE }

    /// `PATH: cannot OPERATION: REASON`.
    public var description: String {
        if let path { return "\(path): cannot \(operation): \(reason)" }
        return "cannot \(operation): \(reason)"
    }
}
