package import SCIMJSON
package import SCIMStream
/// Every option of `scimstream`, in `--help` order within each group.
package enum OptionTable {
    /// The full table.
    package static let all: [OptionSpec] = [
        // Input
        OptionSpec("from", value: "FORMAT", group: .input,
                   "input shape: auto, ndjson, list (SCIM ListResponse pages) or array", default: "auto"),
        OptionSpec("max-record-bytes", value: "N", group: .input,
                   "reject a record larger than N bytes (suffixes K, M, G)", default: "16M"),
        OptionSpec("max-depth", value: "N", group: .input,
                   "reject nesting deeper than N levels", default: "256"),
        OptionSpec("threads", value: "N", group: .input,
                   "threads for NDJSON input (output in input order, identical to 1 thread)", default: "the number of cores"),
        // Stages
        OptionSpec("strip", value: "PATH[,PATH…]", group: .stages,
                   "remove attributes or selected elements: --strip 'meta,emails[type eq \"other\"]'"),
        OptionSpec("keep", value: "PATH[,PATH…]", group: .stages,
                   "keep only these attributes (and schemas): --keep id,userName,emails.value"),
        OptionSpec("lowercase", value: "PATH", group: .stages, "lower-case string values (Unicode)"),
        OptionSpec("uppercase", value: "PATH", group: .stages, "upper-case string values (Unicode)"),
        OptionSpec("normalize-username", group: .stages, "short for --lowercase userName"),
        OptionSpec("set", value: "PATH=JSON", group: .stages,
                   "set or add a value: --set 'active=true' --set 'title=\"Agent\"'"),
        OptionSpec("default", value: "PATH=JSON", group: .stages, "set a value only where absent or null"),
        OptionSpec("rename", value: "OLD=NEW", group: .stages, "rename an attribute: --rename title=jobTitle"),
        OptionSpec("replace-domain", value: "OLD=NEW", group: .stages,
                   "move e-mail domains in userName and emails.value (case-insensitive match)"),
        OptionSpec("filter", value: "EXPR", group: .stages,
                   "keep records matching a SCIM filter: --filter 'active eq true'"),
        OptionSpec("for-create", group: .stages,
                   "migration preset: drop id, meta, groups, password, read-only emails and Genesys-owned externalIds"),
        OptionSpec("id-to-external-id", group: .stages,
                   "copy id into a missing externalId (before --for-create drops id)"),
        OptionSpec("pseudonymize", value: "PATH[,PATH…]", group: .stages,
                   "replace values with hex HMAC-SHA256 under --key-file"),
        OptionSpec("key-file", value: "FILE", group: .stages, "the secret key for --pseudonymize"),
        OptionSpec("dedupe", value: "PATH", group: .stages, "drop later records whose PATH value was already seen"),
        OptionSpec("pipeline", value: "FILE", group: .stages, "read stages from FILE, one option per line, # comments"),
        OptionSpec("keep-password", group: .stages,
                   "write the password attribute (it is stripped by default)"),
        // Output
        OptionSpec("to", value: "FORMAT", group: .output, "output format: ndjson, csv, tsv, bulk or list", default: "ndjson"),
        OptionSpec("output", short: "o", value: "FILE", group: .output,
                   "write to FILE (atomically: a temporary file renamed on success); DIR/ for --to bulk", default: "stdout"),
        OptionSpec("columns", value: "SPEC", group: .output,
                   "CSV/TSV columns: [HEADER=]PATH,… (see --help columns)", default: "the ScimV2User set"),
        OptionSpec("columns-file", value: "FILE", group: .output, "CSV/TSV columns, one [HEADER=]PATH per line"),
        OptionSpec("join", value: "SEP", group: .output, "separator of several values in one cell", default: "|"),
        OptionSpec("no-header", group: .output, "CSV/TSV without the header row"),
        OptionSpec("crlf", group: .output, "CSV/TSV lines end with CRLF"),
        OptionSpec("spreadsheet-safe", group: .output, "prefix cells starting with = + - @ tab CR with ' (formula injection)"),
        OptionSpec("bulk-method", value: "METHOD", group: .output, "Bulk operation: POST, PUT, PATCH or DELETE", default: "POST"),
        OptionSpec("bulk-max-operations", value: "N", group: .output, "operations per Bulk document at most", default: "1000"),
        OptionSpec("bulk-max-bytes", value: "N", group: .output, "bytes per Bulk document at most", default: "1048576"),
        OptionSpec("bulk-limits-from", value: "FILE", group: .output,
                   "take both Bulk limits from a saved ServiceProviderConfig JSON"),
        OptionSpec("fail-on-errors", value: "N", group: .output, "write failOnErrors N into each Bulk document"),
        // Errors
        OptionSpec("on-error", value: "POLICY", group: .errors,
                   "fail: stop at the first bad record; skip: report it and go on", default: "fail"),
        OptionSpec("rejects", value: "FILE", group: .errors,
                   "write each rejected record as a JSON line (position, error, raw bytes, password masked)"),
        OptionSpec("strict-exit", group: .errors, "with --on-error skip, exit 65 when any record was rejected"),
        // Reporting
        OptionSpec("stats", group: .reporting, "print counts, bytes, time and throughput on stderr at the end"),
        OptionSpec("stats-json", value: "FILE", group: .reporting, "write the same statistics as JSON"),
        OptionSpec("progress", group: .reporting, "show progress on stderr even when it is not a terminal"),
        OptionSpec("quiet", short: "q", group: .reporting, "no progress and no per-record messages"),
        OptionSpec("help", short: "h", group: .reporting, "show this help, or help on a topic: --help TOPIC"),
        OptionSpec("version", group: .reporting, "print the version"),
        OptionSpec("completion", value: "SHELL", group: .reporting, "print the bash or zsh completion script"),
    ]

    /// The option named `long`; the table must have it.
    static func spec(_ long: String) -> OptionSpec {
        guard let spec = all.first(where: { $0.long == long }) else { preconditionFailure("no option --\(long)") }
        return spec
    }
}
