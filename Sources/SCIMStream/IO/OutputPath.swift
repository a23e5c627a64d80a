import SCIMJSON
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What an output path names today, which decides how it is written.
///
/// Only a regular file (or nothing) is replaced atomically; devices, FIFOs and open
/// descriptors are written straight through, since replacing them would write into a new
/// file nobody reads.
package enum OutputPath: Equatable, Sendable {
    /// Nothing there yet: a new file is created.
    case absent(String)
    /// A regular file, reached through any symbolic links: `resolved` is its real path.
    case regularFile(resolved: String, mode: UInt32, owner: UInt32, group: UInt32)
    /// A device, FIFO or socket (through any links): opened and written in place.
    case special
    /// `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`: that open descriptor.
    case descriptor(Int32)
    /// A directory.
    case directory
    /// A symbolic link to nothing.
    case danglingLink

    /// Looks at `path`.
    ///
    /// - Throws: ``IOError`` when it cannot be examined (a parent is not a directory, no permission).
    package static func inspect(_ path: String) throws(IOError) -> OutputPath {
        if let fd = descriptorNumber(path) { return .descriptor(fd) }
        var info = stat()
        if stat(path, &info) != 0 {
            let code = errno
            guard code == ENOENT else { throw IOError(operation: "open", path: path, code: code) }
            return lstat(path, &info) == 0 ? .danglingLink : .absent(path)
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            guard let resolved = realPath(path) else { throw IOError(operation: "open", path: path, code: errno) }
            return .regularFile(resolved: resolved, mode: info.st_mode & 0o7777, owner: info.st_uid, group: info.st_gid)
        case S_IFDIR: return .directory
        default: return .special
        }
    }

    /// The descriptor a `/dev/fd`-style path names (which, opened, would reopen the file
    /// behind it from the start rather than continue where the descriptor is).
    package static func descriptorNumber(_ path: String) -> Int32? {
        switch path {
        case "/dev/stdin": return STDIN_FILENO
        case "/dev/stdout": return STDOUT_FILENO
        case "/dev/stderr": return STDERR_FILENO
        default: break
        }
        for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
            let digits = path.dropFirst(prefix.count)
            guard !digits.isEmpty, digits.allSatisfy({ $0 >= "0" && $0 <= "9" }) else { return nil }
            return Int32(digits)
        }
        return nil
    }

    /// `realpath(3)` as a String, or nil.
    package static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
