package import SCIMJSON
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads small files (keys, pipelines, column lists) whole.
package enum FileContents {
    /// The bytes of the file at `path`.
    ///
    /// - Throws: ``IOError`` when it cannot be opened or read.
    package static func read(_ path: String, limit: Int = 16 << 20) throws(IOError) -> [UInt8] {
        let fd = try SystemCall.open(path, O_RDONLY)
        defer { SystemCall.close(fd) }
        return try SystemCall.readAll(fd, limit: limit, path: path)
    }

    /// The file as UTF-8 text.
    package static func text(_ path: String) throws(IOError) -> String {
        String(decoding: try read(path), as: UTF8.self)
    }
}
