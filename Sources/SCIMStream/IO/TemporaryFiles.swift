import SCIMJSON
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The temporary files this process has open, kept where a signal handler can remove them.
///
/// A fixed table of C strings, allocated once: registering and unregistering (outside any
/// handler, under a mutex) copy a path in or clear its slot; the handler installed by
/// ``installSignalHandlers()`` only calls `unlink(2)` on the slots in use and `_exit(2)`, both
/// async-signal-safe. A path is registered before its file is created and unregistered after
/// it was renamed or deleted, so a signal at any moment finds either our file or no file.
package enum TemporaryFiles {
    /// Slots in the table: the outputs of one run (`-o`, `--rejects`, `--stats-json`, one
    /// Bulk document) need four.
    static let slotCount = 16
    /// Bytes per slot: the longest path the system accepts, with its NUL.
    static let slotSize = Int(PATH_MAX) + 1
    /// The signals that remove the temporary files and end the run with status 128 + n.
    package static let signals: [Int32] = [SIGHUP, SIGINT, SIGQUIT, SIGTERM]

    nonisolated(unsafe) static let paths: UnsafeMutablePointer<CChar> = {
        let p = UnsafeMutablePointer<CChar>.allocate(capacity: slotCount * slotSize)
        p.initialize(repeating: 0, count: slotCount * slotSize)
        return p
    }()
    /// 1 while a slot holds a path; written only with the mutex held, read by the handler.
    nonisolated(unsafe) static let inUse: UnsafeMutablePointer<Int32> = {
        let p = UnsafeMutablePointer<Int32>.allocate(capacity: slotCount)
        p.initialize(repeating: 0, count: slotCount)
        return p
    }()
    nonisolated(unsafe) static let mutex: UnsafeMutablePointer<pthread_mutex_t> = {
        let p = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(p, nil)
        return p
    }()

    /// Records `path` for removal on a signal; returns its slot, or nil when the table is full
    /// or the path too long (the file is then only removed by ``unregister(_:)``'s caller).
    static func register(_ path: String) -> Int? {
        let bytes = path.utf8CString
        guard bytes.count <= slotSize else { return nil }
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard let slot = (0..<slotCount).first(where: { inUse[$0] == 0 }) else { return nil }
        bytes.withUnsafeBufferPointer { (paths + slot * slotSize).update(from: $0.baseAddress!, count: bytes.count) }
        inUse[slot] = 1
        return slot
    }

    /// Forgets a slot once its file was renamed into place or deleted.
    static func unregister(_ slot: Int?) {
        guard let slot else { return }
        pthread_mutex_lock(mutex)
        inUse[slot] = 0
        pthread_mutex_unlock(mutex)
    }

    /// Removes every registered file. Async-signal-safe: `unlink(2)` only.
    static func removeAll() {
        for slot in 0..<slotCount where inUse[slot] != 0 {
            unlink(paths + slot * slotSize)
        }
    }

    /// Installs the handler for ``signals``: remove the temporary files, then `_exit(128 + n)`.
    ///
    /// A signal the process started with ignored (`nohup`, a background job) stays ignored;
    /// the signals are unblocked in the calling thread, whose mask the threads started later
    /// inherit. Call once, early, from the main thread of a command-line tool.
    package static func installSignalHandlers() {
        // Touch the table now: its lazy initialisation must not first happen in a handler.
        _ = (paths, inUse, mutex)
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for number in signals {
            let previous = signal(number, handleSignal)
            if let previous, unsafeBitCast(previous, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) {
                signal(number, SIG_IGN)
            }
            sigaddset(&unblock, number)
        }
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    }
}

/// The handler of ``TemporaryFiles/signals``.
private func handleSignal(_ number: Int32) {
    TemporaryFiles.removeAll()
    _exit(128 + number)
}
