import SCIMJSON
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A private temporary file that becomes `final` when committed: the atomic half of
/// ``OutputTarget``.
struct Replacement {
    /// The open temporary file.
    let fd: Int32
    let temporaryPath: String
    let final: String
    /// The permission bits the file gets when committed.
    let mode: mode_t
    let slot: Int?

    /// Creates `final.tmp-XXXXXX` with mode 0600 (registered for removal on a signal before it
    /// exists) and, for a file being replaced, gives it the old file's owner and group where
    /// the system allows; when the group cannot be kept its permissions become the others'.
    ///
    /// - Throws: ``IOError`` (`create`) when the directory is missing or not writable.
    init(final: String, name: String, mode: mode_t, owner: (uid_t, gid_t)?) throws {
        self.final = final
        var fd: Int32 = -1
        var path = ""
        var slot: Int?
        var attempts = 0
        repeat {
            attempts += 1
            path = final + ".tmp-" + Self.randomSuffix()
            slot = TemporaryFiles.register(path)
            fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if fd < 0 {
                let code = errno
                TemporaryFiles.unregister(slot)
                if code != EEXIST || attempts == 100 { throw IOError(operation: "create", path: name, code: code) }
            }
        } while fd < 0
        self.fd = fd
        self.temporaryPath = path
        self.slot = slot
        var mode = mode
        if let (uid, gid) = owner, fchown(fd, uid, gid) != 0, fchown(fd, uid_t.max, gid) != 0 {
            // The new file's group is ours: its members get what the old file gave everyone.
            mode = (mode & 0o707) | ((mode & 0o007) << 3)
        }
        self.mode = mode
    }

    /// Sets the final mode, closes and renames into place.
    func commit(path name: String) throws {
        defer { TemporaryFiles.unregister(slot) }
        var code: Int32 = 0
        var operation = "write"
        if fchmod(fd, mode) != 0 { code = errno }
        if close(fd) != 0, code == 0 { code = errno }
        if code == 0, rename(temporaryPath, final) != 0 {
            code = errno
            operation = "rename"
        }
        if code != 0 {
            unlink(temporaryPath)
            throw IOError(operation: operation, path: name, code: code)
        }
    }

    /// Closes and deletes the temporary file.
    func abandon() {
        close(fd)
        unlink(temporaryPath)
        TemporaryFiles.unregister(slot)
    }

    /// Six random letters and digits.
    static func randomSuffix() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        return String((0..<6).map { _ in alphabet.randomElement()! })
    }
}
