/// Every option of `scimstream`, in `--help` order within each group.
public enum OptionTable {
    /// The full table.
    public static let all: [OptionSpec] = [
        // Input
        OptionSpec("from", value: "FORMAT", group: .input,
                   "input shape: auto, ndjson, list (SCIM ListResponse pages) or array", default: "auto"),
        OptionSpec("max-record-bytes", value: "N", group: .input,
                   "reject a record larger than N bytes (suffixes K, M, G)", default: "16M"),
        OptionSpec("max-depth", value: "N", group: .input,
                   "reject nesting deeper than N levels", default: "256"),
        // Stages
        OptionSpec("keep-password", group: .stages,
                   "write the password attribute (it is stripped by default)"),
        // Output
        OptionSpec("to", value: "FORMAT", group: .output, "output format: ndjson", default: "ndjson"),
        OptionSpec("output", short: "o", value: "FILE", group: .output,
                   "write to FILE (atomically: a temporary file renamed on success)", default: "stdout"),
        // Reporting
        OptionSpec("help", short: "h", group: .reporting, "show this help, or help on a topic: --help TOPIC"),
        OptionSpec("version", group: .reporting, "print the version"),
    ]

    /// The option named `long`; the table must have it.
    static func spec(_ long: String) -> OptionSpec {
        guard let spec = all.first(where: { $0.long == long }) else { preconditionFailure("no option --\(long)") }
        return spec
    }
}
