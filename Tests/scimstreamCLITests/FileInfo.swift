import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `lstat` says about a path (the link itself for a symbolic link).
struct FileInfo {
    var type: mode_t
    var permissions: mode_t
    var owner: uid_t
    var group: gid_t
    var device: UInt64
    var inode: UInt64

    var isRegular: Bool { type == S_IFREG }
    var isSymbolicLink: Bool { type == S_IFLNK }
    var isCharacterDevice: Bool { type == S_IFCHR }
    var isFIFO: Bool { type == S_IFIFO }

    /// The path's metadata, or nil when it does not exist.
    static func of(_ path: String) -> FileInfo? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return FileInfo(
            type: info.st_mode & S_IFMT, permissions: info.st_mode & 0o7777, owner: info.st_uid, group: info.st_gid,
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }
}

/// True when the tests run as root (ownership and device-node tests need it).
var runningAsRoot: Bool { geteuid() == 0 }

/// The bytes of a file (empty when unreadable).
func contents(_ url: URL) -> [UInt8] {
    (try? Array(Data(contentsOf: url))) ?? []
}

/// Sets a file's permission bits and, when given, its owner.
func setAttributes(_ url: URL, mode: mode_t, owner: uid_t? = nil, group: gid_t? = nil) {
    chmod(url.path, mode)
    if owner != nil || group != nil { chown(url.path, owner ?? uid_t.max, group ?? gid_t.max) }
}

/// The names in a directory, sorted.
func listing(_ dir: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
}

/// Two NDJSON users.
let twoUsers = "{\"id\":\"1\",\"userName\":\"a\"}\n{\"id\":\"2\",\"userName\":\"b\"}\n"
let twoUsersOutput = "{\"id\":\"1\",\"userName\":\"a\"}\n{\"id\":\"2\",\"userName\":\"b\"}\n"
