import SCIMJSON
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Descriptors 0, 1 and 2 at start-up.
package enum StandardDescriptors {
    /// Opens `/dev/null` on any of descriptors 0–2 that is closed, so that no file the run
    /// opens later gets one of their numbers (a closed stdout would otherwise send the output
    /// into the `--rejects` file). Each is opened the wrong way round (stdin write-only,
    /// stdout and stderr read-only), so using a descriptor that was closed still fails with
    /// `EBADF`, as it would have. Call first thing, before opening anything.
    package static func ensureOpen() {
        for fd in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(fd, F_GETFD) < 0 && errno == EBADF {
            let opened = open("/dev/null", fd == STDIN_FILENO ? O_WRONLY : O_RDONLY)
            if opened >= 0 && opened != fd {
                dup2(opened, fd)
                close(opened)
            }
        }
    }
}
