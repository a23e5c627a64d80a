#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads small files (keys, pipelines, column lists) whole.
public enum FileContents {
    /// The bytes of the file at `path`.
    ///
    /// - Throws: ``IOError`` when it cannot be opened or read.
    public static func read(_ path: String, limit: Int = 16 << 20) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw IOError(operation: "open", path: path, code: errno) }
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw IOError(operation: "read", path: path, code: errno)
            }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
            if out.count > limit { throw IOError(operation: "read", path: path, code: EFBIG) }
        }
        return out
    }

    /// The file as UTF-8 text.
    public static func text(_ path: String) throws -> String {
        String(decoding: try read(path), as: UTF8.self)
    }
}
