import SCIMJSON
import SCIMStream

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Prints messages on stderr in compiler style, with colour only when stderr is a terminal.
struct Diagnostics {
    let colour = isatty(STDERR_FILENO) == 1

    /// Writes `text` to standard error.
    func writeStderr(_ text: String) {
        try? FileDescriptorSink(fd: STDERR_FILENO, name: "<stderr>").write(text)
    }

    /// Writes `text` to standard output (help, version).
    func writeStdout(_ text: String) {
        try? FileDescriptorSink(fd: STDOUT_FILENO, name: "<stdout>").write(text)
    }

    /// `Error: …`, the usage line and where to find help.
    func usageError(_ error: UsageError) {
        writeStderr("\(label("Error:")) \(error.message)\n\(HelpText.usage)\n  See 'scimstream --help'.\n")
    }

    /// A run failure: bad input with its position, or an I/O error with its path.
    func runError(_ error: PipelineError) {
        var text = Messages.describe(error)
        if colour, let range = text.firstRange(of: "error:") {
            text.replaceSubrange(range, with: label("error:"))
        }
        writeStderr(text + "\n")
    }

    private func label(_ word: String) -> String {
        colour ? "\u{1B}[1;31m\(word)\u{1B}[0m" : word
    }
}
