import SCIMStream

/// Every option that is not a stage: input, output, errors, reporting, and the stage
/// helpers `--key-file`, `--pipeline`, `--keep-password`. Stages are ``StageDefinition``s.
///
/// Declared in `--help` order within each group; ``CommandLineInterface`` handles each case
/// in an exhaustive `switch`, so an option without a handler does not compile.
package enum ToolOption: String, Sendable, CaseIterable {
    case from, maxRecordBytes = "max-record-bytes", maxDepth = "max-depth", threads
    case config, keyFile = "key-file", pipeline, keepPassword = "keep-password", strictPaths = "strict-paths"
    case to, output, columns, columnsFile = "columns-file", columnsPreset = "columns-preset", join, noHeader = "no-header", crlf, null
    case headerCase = "header-case", emitDDL = "emit-ddl", rowGroupSize = "row-group-size"
    case spreadsheetSafe = "spreadsheet-safe", bulkMethod = "bulk-method", ignoreVersion = "ignore-version"
    case bulkMaxOperations = "bulk-max-operations", bulkMaxBytes = "bulk-max-bytes"
    case bulkLimitsFrom = "bulk-limits-from", failOnErrors = "fail-on-errors"
    case onError = "on-error", rejects, strictExit = "strict-exit"
    case stats, statsJSON = "stats-json", progress, quiet, help, version, completion, manPage = "man-page"

    /// The option's spelling, value, help line and completion.
    package var spec: OptionSpec {
        switch self {
        case .from:
            spec(
                value: "FORMAT", .input, "input shape: auto, ndjson, list (SCIM ListResponse pages) or array",
                default: "auto", completion: .words(InputFormat.allCases.map(\.rawValue)))
        case .maxRecordBytes:
            spec(value: "N", .input, "reject a record larger than N bytes (suffixes K, M, G)", default: "16M")
        case .maxDepth: spec(value: "N", .input, "reject nesting deeper than N levels", default: "256")
        case .threads:
            spec(
                value: "N", .input, "threads for NDJSON input (output in input order, identical to 1 thread)",
                default: "the number of cores")
        case .config:
            spec(
                value: "FILE", .input, "a job file: any option per line, input FILE lines; the command line wins",
                completion: .files)
        case .keyFile: spec(value: "FILE", .stages, "the secret key for --pseudonymize", completion: .files)
        case .pipeline:
            spec(value: "FILE", .stages, "read stages from FILE, one option per line, # comments", completion: .files)
        case .keepPassword: spec(.stages, "write the password attribute (it is stripped by default)")
        case .strictPaths:
            spec(.stages, "a path naming no attribute of the known schemas is an error (default: a warning)")
        case .to:
            spec(
                value: "FORMAT", .output, "output format: \(WriterRegistry.formatList)",
                default: WriterRegistry.standard.name, completion: .words(WriterRegistry.all.map(\.name)))
        case .output:
            OptionSpec(
                rawValue, short: "o", value: "FILE", group: .output,
                "write to FILE (atomically: a temporary file renamed on success); DIR/ for --to bulk",
                default: "stdout", completion: .files)
        case .columns:
            spec(value: "SPEC", .output, "CSV/TSV columns: [HEADER=]PATH,… (see --help columns)", default: "the ScimV2User set")
        case .columnsFile: spec(value: "FILE", .output, "CSV/TSV columns, one [HEADER=]PATH per line", completion: .files)
        case .columnsPreset:
            spec(
                value: "NAME", .output, "CSV/TSV column set: genesys, rfc or minimal (see --help columns)",
                default: "genesys", completion: .words(CSVColumnPreset.allCases.map(\.rawValue)))
        case .join: spec(value: "SEP", .output, "separator of several values in one cell", default: "|")
        case .noHeader: spec(.output, "CSV/TSV without the header row")
        case .null:
            spec(value: "TEXT", .output, "CSV/TSV text of an absent or null cell (\"\" stays apart)", default: "CSV empty, TSV \\N")
        case .emitDDL:
            spec(
                value: "SQL", .output, "print CREATE TABLE for the CSV/TSV columns: postgres, duckdb or bigquery",
                completion: .words(SQLDialect.allCases.map(\.rawValue)))
        case .headerCase:
            spec(
                value: "CASE", .output, "CSV/TSV header names: snake (manager_id), camel or as-is", default: "as-is",
                completion: .words(HeaderCase.allCases.map(\.rawValue)))
        case .rowGroupSize:
            spec(value: "N", .output, "Parquet: bytes of values per row group, the memory it holds", default: "64M")
        case .crlf: spec(.output, "CSV/TSV lines end with CRLF")
        case .spreadsheetSafe: spec(.output, "prefix cells starting with = + - @ tab CR with ' (formula injection)")
        case .bulkMethod:
            spec(
                value: "METHOD", .output, "Bulk operation: POST, PUT, PATCH or DELETE", default: "POST",
                completion: .words(BulkWriter.Method.allCases.map(\.rawValue)))
        case .ignoreVersion:
            spec(.output, "PUT, PATCH, DELETE without meta.version (Bulk version, If-Match): overwrite changes")
        case .bulkMaxOperations: spec(value: "N", .output, "operations per Bulk document at most", default: "1000")
        case .bulkMaxBytes: spec(value: "N", .output, "bytes per Bulk document at most", default: "1048576")
        case .bulkLimitsFrom:
            spec(value: "FILE", .output, "take both Bulk limits from a saved ServiceProviderConfig JSON", completion: .files)
        case .failOnErrors: spec(value: "N", .output, "write failOnErrors N into each Bulk document")
        case .onError:
            spec(
                value: "POLICY", .errors, "fail: stop at the first bad record; skip: report it and go on",
                default: "fail", completion: .words(ErrorPolicy.allCases.map(\.rawValue)))
        case .rejects:
            spec(
                value: "FILE", .errors,
                "write each rejected record as a JSON line (position, error, raw bytes, password masked)", completion: .files)
        case .strictExit: spec(.errors, "with --on-error skip, exit 65 when any record was rejected")
        case .stats: spec(.reporting, "print counts, bytes, time and throughput on stderr at the end")
        case .statsJSON: spec(value: "FILE", .reporting, "write the same statistics as JSON", completion: .files)
        case .progress: spec(.reporting, "show progress on stderr even when it is not a terminal")
        case .quiet: OptionSpec(rawValue, short: "q", group: .reporting, "no progress and no per-record messages")
        case .help:
            OptionSpec(
                rawValue, short: "h", group: .reporting, "show this help, or help on a topic: --help TOPIC",
                completion: .words(HelpText.topicNames))
        case .version: spec(.reporting, "print the version")
        case .completion:
            spec(
                value: "SHELL", .reporting, "print the bash, zsh or fish completion script",
                completion: .words(Completions.Shell.allCases.map(\.rawValue)))
        case .manPage: spec(.reporting, "print the man page (roff): scimstream --man-page > scimstream.1")
        }
    }

    /// May appear in a `--pipeline` file besides the stages.
    package var isAllowedInPipelineFile: Bool { self == .keepPassword || self == .strictPaths }

    /// The spec of this option without a short alias.
    private func spec(
        value: String? = nil, _ group: OptionGroup, _ summary: String, default defaultValue: String? = nil,
        completion: CompletionKind = .text
    ) -> OptionSpec {
        OptionSpec(rawValue, value: value, group: group, summary, default: defaultValue, completion: completion)
    }
}
