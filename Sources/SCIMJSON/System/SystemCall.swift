#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one place that calls `read(2)`, `write(2)`, `open(2)` and `close(2)`: each call retries
/// `EINTR` and reports failure as ``IOError``, so no caller writes its own loop and the
/// platform's module name (`Glibc`, `Musl`, `Darwin`) is spelled only here.
package enum SystemCall {
    /// Reads up to `count` bytes into `buffer`; 0 at end of input.
    ///
    /// - Throws: ``IOError`` for `read(2)` failures other than `EINTR` (`path` names the source).
    package static func read(_ fd: Int32, into buffer: UnsafeMutableRawPointer, count: Int, path: String? = nil) throws(IOError) -> Int {
        while true {
            let n = systemRead(fd, buffer, count)
            if n >= 0 { return n }
            if errno != EINTR { throw IOError(operation: "read", path: path, code: errno) }
        }
    }

    /// Writes every byte of `bytes` (finishing partial writes).
    ///
    /// - Throws: ``IOError`` for `write(2)` failures other than `EINTR` (`EPIPE` when the reader left).
    package static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String? = nil) throws(IOError) {
        guard var p = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let n = systemWrite(fd, p, left)
            if n < 0 {
                if errno == EINTR { continue }
                throw IOError(operation: "write", path: path, code: errno)
            }
            p += n
            left -= n
        }
    }

    /// Opens `path` with `flags` (`O_CLOEXEC` is added) and `mode` for created files.
    ///
    /// - Throws: ``IOError`` with operation "open".
    package static func open(_ path: String, _ flags: Int32, mode: Int = 0o666) throws(IOError) -> Int32 {
        while true {
            let fd = systemOpen(path, flags | O_CLOEXEC, mode_t(mode))
            if fd >= 0 { return fd }
            if errno != EINTR { throw IOError(operation: "open", path: path, code: errno) }
        }
    }

    /// Closes `fd`, ignoring the result (`close(2)` must not be retried on Linux).
    package static func close(_ fd: Int32) {
        _ = systemClose(fd)
    }
}

// The C functions under names that do not collide with ``SystemCall``'s own.
@inline(__always) private func systemRead(_ fd: Int32, _ p: UnsafeMutableRawPointer, _ n: Int) -> Int { read(fd, p, n) }
@inline(__always) private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { write(fd, p, n) }
@inline(__always) private func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { open(path, flags, mode) }
@inline(__always) private func systemClose(_ fd: Int32) -> Int32 { close(fd) }
