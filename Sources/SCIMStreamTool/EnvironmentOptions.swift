#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `SCIMSTREAM_*` environment variables: the settings people keep per machine. Each stands
/// for one option and applies first, so a `--config` file and the command line win over it.
/// (The tokens, `SCIMSTREAM_TOKEN` and `SCIMSTREAM_TARGET_TOKEN`, are read by the live
/// services' options.)
package enum EnvironmentOptions {
    /// One variable: its name, the option it stands for (nil: read elsewhere) and what it does.
    package struct Variable: Sendable {
        /// `SCIMSTREAM_THREADS`.
        package let name: String
        /// `threads`, or nil for a variable that is no option.
        package let option: String?
        /// One line for the README and the man page.
        package let summary: String
    }

    /// Every variable, in the order the documentation lists them.
    package static let documented: [Variable] = [
        Variable(name: "SCIMSTREAM_CONFIG", option: nil, summary: "a job file read as --config FILE when the command line gives none"),
        Variable(name: "SCIMSTREAM_THREADS", option: "threads", summary: "--threads N"),
        Variable(name: "SCIMSTREAM_MAX_RECORD_BYTES", option: "max-record-bytes", summary: "--max-record-bytes N"),
        Variable(name: "SCIMSTREAM_MAX_DEPTH", option: "max-depth", summary: "--max-depth N"),
        Variable(name: "SCIMSTREAM_KEY_FILE", option: "key-file", summary: "--key-file FILE (the --pseudonymize key)"),
        Variable(name: "SCIMSTREAM_PAGE_SIZE", option: "page-size", summary: "--page-size N"),
        Variable(name: "SCIMSTREAM_CONCURRENCY", option: "concurrency", summary: "--concurrency N"),
        Variable(name: "SCIMSTREAM_TIMEOUT", option: "timeout", summary: "--timeout SECONDS"),
        Variable(name: "SCIMSTREAM_MAX_RETRIES", option: "max-retries", summary: "--max-retries N"),
        Variable(name: "SCIMSTREAM_TOKEN", option: nil, summary: "bearer token of http(s):// inputs (when no --token-file)"),
        Variable(name: "SCIMSTREAM_TARGET_TOKEN", option: nil, summary: "bearer token of --to scim (when no --target-token-file)")
    ]

    /// The process's environment, or the given one.
    package typealias Lookup = @Sendable (String) -> String?

    /// Reads the real environment.
    package static let process: Lookup = { name in getenv(name).map { String(cString: $0) } }

    /// The options the variables set in `environment` stand for, in the documented order.
    ///
    /// - Throws: ``UsageError`` naming the variable when its option is unknown (a table error).
    static func entries(_ environment: Lookup) throws(UsageError) -> [PipelineFile.Entry] {
        var out: [PipelineFile.Entry] = []
        for variable in documented {
            guard let option = variable.option, let value = environment(variable.name), !value.isEmpty else { continue }
            guard let command = OptionTable.entries.first(where: { $0.spec.long == option }) else {
                throw UsageError("\(variable.name): no option --\(option)")
            }
            out.append(PipelineFile.Entry(command: command, value: value))
        }
        return out
    }
}
