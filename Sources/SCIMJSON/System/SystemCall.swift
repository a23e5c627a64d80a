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

    /// `prefix`, then up to `count` bytes read from `fd` straight after it: fewer only at the
    /// end of the input.
    ///
    /// - Throws: ``IOError`` for a failed read.
    package static func read(_ fd: Int32, upTo count: Int, after prefix: [UInt8] = [], path: String? = nil) throws(IOError) -> [UInt8] {
        var error: IOError?
        let block = [UInt8](unsafeUninitializedCapacity: prefix.count + count) { buffer, filled in
            let base = UnsafeMutableRawPointer(buffer.baseAddress!)
            prefix.withUnsafeBytes { if let p = $0.baseAddress { base.copyMemory(from: p, byteCount: $0.count) } }
            filled = prefix.count
            while filled < buffer.count {
                do throws(IOError) {
                    let n = try read(fd, into: base + filled, count: buffer.count - filled, path: path)
                    if n == 0 { break }
                    filled += n
                } catch let e {
                    error = e
                    break
                }
            }
        }
        if let error { throw error }
        return block
    }

    /// Reads `fd` to its end, at most `limit` bytes.
    ///
    /// - Throws: ``IOError`` for a failed read, or `EFBIG` past `limit`.
    package static func readAll(_ fd: Int32, limit: Int, path: String? = nil) throws(IOError) -> [UInt8] {
        var out: [UInt8] = []
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 65536, alignment: 1)
        defer { chunk.deallocate() }
        while true {
            let n = try read(fd, into: chunk.baseAddress!, count: chunk.count, path: path)
            if n == 0 { return out }
            out.append(contentsOf: chunk[0..<n])
            if out.count > limit { throw IOError(operation: "read", path: path, code: EFBIG) }
        }
    }

    /// The names in directory `path` (`.` and `..` included), from `readdir(3)`.
    ///
    /// - Throws: ``IOError`` when the directory cannot be opened.
    package static func directoryEntries(_ path: String) throws(IOError) -> [String] {
        guard let handle = opendir(path) else { throw IOError(operation: "read directory", path: path, code: errno) }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            names.append(withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) })
        }
        return names
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
