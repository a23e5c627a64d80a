import SCIMJSON
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Which file a path means, to tell when two paths are the same file: the device and inode
/// of an existing file or directory, the absolute path of one not created yet.
package enum FileIdentity: Hashable, Sendable {
    /// An existing regular file or directory.
    case inode(device: UInt64, inode: UInt64)
    /// A path where nothing is yet: its directory's real path and its name.
    case planned(String)

    /// The identity of what `path` names (through symbolic links), or nil for what writing
    /// cannot destroy: devices, FIFOs, sockets, open descriptors.
    package init?(path: String) {
        if OutputPath.descriptorNumber(path) != nil { return nil }
        var info = stat()
        if stat(path, &info) == 0 {
            self.init(info)
            return
        }
        var slash = path.lastIndex(of: "/")
        while let s = slash, s > path.startIndex, path[path.index(before: s)] == "/" { slash = path.index(before: s) }
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let resolved = OutputPath.realPath(directory) ?? directory
        self = .planned(resolved + "/" + name.drop(while: { $0 == "/" }))
    }

    /// The identity of an open descriptor (standard input redirected from a file), or nil.
    package init?(descriptor: Int32) {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        self.init(info)
    }

    /// The identity of the regular file open at the descriptor a `/dev/fd`-style path names
    /// (`/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`), or nil when the path names
    /// no descriptor, the descriptor is closed, or it holds anything else (a pipe, a terminal, a
    /// device: writing through those destroys nothing).
    package init?(regularFileAtDescriptorPath path: String) {
        guard let number = OutputPath.descriptorNumber(path) else { return nil }
        self.init(regularFileAtDescriptor: number)
    }

    /// The identity of the regular file open at `descriptor` (standard output redirected to a
    /// file), or nil when it is closed or holds anything else (a pipe, a terminal, a device).
    package init?(regularFileAtDescriptor descriptor: Int32) {
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        self.init(info)
    }

    /// The identity in `info`, or nil unless it is a regular file or directory.
    init?(_ info: stat) {
        let type = info.st_mode & S_IFMT
        guard type == S_IFREG || type == S_IFDIR else { return nil }
        self = .inode(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }
}
