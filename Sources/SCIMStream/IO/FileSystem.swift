import SCIMJSON
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Small file-system queries.
package enum FileSystem {
    /// True when `path` names a regular file that holds at least one byte.
    package static func isNonEmptyRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG && info.st_size > 0
    }

    /// True when `path` names a directory.
    package static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// Creates `path` as a directory unless it exists already.
    ///
    /// - Throws: ``IOError`` when it cannot be created.
    package static func makeDirectory(_ path: String) throws {
        if isDirectory(path) { return }
        if mkdir(path, 0o777) != 0 && errno != EEXIST {
            throw IOError(operation: "create directory", path: path, code: errno)
        }
    }
}
