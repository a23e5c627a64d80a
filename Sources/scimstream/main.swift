// scimstream: the command-line front of the SCIMStream library. Parses options, runs the
// pipeline, prints diagnostics and sets the exit status; all the work is in the library.
import SCIMStream

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Before anything is opened: a closed stdout must not lend its number to the --rejects file.
StandardDescriptors.ensureOpen()
// A closed stdout pipe must surface as EPIPE (a quiet stop), not kill the process.
signal(SIGPIPE, SIG_IGN)
// SIGINT, SIGTERM, SIGHUP, SIGQUIT: remove the temporary output files, exit 128 + n.
TemporaryFiles.installSignalHandlers()

let diagnostics = Diagnostics()

do {
    switch try CommandLineInterface.parse(Array(CommandLine.arguments.dropFirst())) {
    case .version:
        diagnostics.writeStdout("scimstream \(CommandLineInterface.version)\n")
    case .completion(let shell):
        diagnostics.writeStdout(Completions.script(for: shell))
    case .help(let topic):
        if let topic {
            guard let text = HelpText.topic(topic) else {
                throw UsageError("no help topic '\(topic)'; topics: \(HelpText.topics.keys.sorted().joined(separator: ", "))")
            }
            diagnostics.writeStdout(text + "\n")
        } else {
            diagnostics.writeStdout(HelpText.main)
        }
    case .run(let configuration):
        exit(Runner(configuration: configuration, diagnostics: diagnostics).run())
    }
} catch let error as UsageError {
    diagnostics.usageError(error)
    exit(64)
}
