import SCIMJSON
import SCIMStream

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `scimstream` command: parses the arguments, runs the pipeline, prints diagnostics and
/// returns the exit status. The executable's `main.swift` only calls ``main(arguments:)``.
public enum Tool {
    /// Runs the command with `arguments` (without the program name) and returns the exit status.
    ///
    /// Prepares the process first: standard descriptors 0–2 open, `SIGPIPE` ignored (a closed
    /// pipe is `EPIPE`, a quiet stop), and signal handlers that remove temporary output files.
    public static func main(arguments: [String]) -> Int32 {
        // Before anything is opened: a closed stdout must not lend its number to the --rejects file.
        StandardDescriptors.ensureOpen()
        signal(SIGPIPE, SIG_IGN)
        // SIGINT, SIGTERM, SIGHUP, SIGQUIT: remove the temporary output files, exit 128 + n.
        TemporaryFiles.installSignalHandlers()
        return run(arguments: arguments, diagnostics: Diagnostics())
    }

    /// Parses and runs `arguments`, reporting through `diagnostics`.
    static func run(arguments: [String], diagnostics: Diagnostics) -> Int32 {
        do throws(UsageError) {
            var warnings: [String] = []
            let command = try CommandLineInterface.parse(arguments, warnings: &warnings)
            for warning in warnings { diagnostics.writeStderr("scimstream: warning: \(warning)\n") }
            switch command {
            case .version:
                diagnostics.writeStdout("scimstream \(CommandLineInterface.version)\n")
            case .manPage:
                diagnostics.writeStdout(ManPage.text)
            case .completion(let shell):
                diagnostics.writeStdout(Completions.script(for: shell))
            case .emitDDL(let dialect, let csv):
                diagnostics.writeStdout(
                    TableDefinition.createTable(named: "scim_users", columns: csv.columns, headerCase: csv.headerCase, dialect: dialect))
            case .help(let topic):
                if let topic {
                    guard let text = HelpText.topic(topic) else {
                        let guess = HelpTopicAliases.topic(for: topic, among: HelpText.topicNames).map { "did you mean '\($0)'? " } ?? ""
                        throw UsageError("no help topic '\(topic)'; \(guess)topics: \(HelpText.topicNames.joined(separator: ", "))")
                    }
                    diagnostics.writeStdout(text + "\n")
                } else {
                    diagnostics.writeStdout(HelpText.main)
                }
            case .run(let configuration):
                return Runner(configuration: configuration, diagnostics: diagnostics).run()
            }
            return ExitStatus.success
        } catch {
            diagnostics.usageError(error)
            return ExitStatus.usage
        }
    }
}
