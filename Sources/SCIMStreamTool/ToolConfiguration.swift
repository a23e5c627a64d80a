package import SCIMJSON
package import SCIMStream
/// Everything one `scimstream` run needs, built from the command line.
package struct ToolConfiguration {
    /// Inputs in order (standard input when none was named).
    package var inputs: [InputSource] = [.standardInput]
    /// Output file, or nil for standard output.
    package var outputPath: String?
    /// Input shape and limits.
    package var readerOptions = UserRecordReader.Options()
    /// Strip `password` first (on unless `--keep-password`).
    package var redactsPassword = true
    /// Stages in command-line order.
    package var stages: [any RecordStage] = []
    /// The output format.
    package var outputFormat: OutputFormat = .ndjson
    /// Worker threads (default: the number of cores).
    package var threads = ParallelRun.processorCount
    /// Print the run's statistics on stderr.
    package var printsStatistics = false
    /// Write the run's statistics as JSON to this file.
    package var statisticsJSONPath: String?
    /// Write rejected records to this file.
    package var rejectsPath: String?
    /// With the skip policy, exit 65 when any record was rejected.
    package var strictExit = false
    /// Progress line: nil = when stderr is a terminal, true = always, false = never.
    package var showsProgress: Bool?
    /// No progress and no per-record messages.
    package var quiet = false

    /// Creates the default configuration: stdin → NDJSON on stdout, password stripped.
    package init() {}

    /// CSV and TSV settings.
    package var csv = CSVWriter.Options()
    /// Bulk settings.
    package var bulk = BulkWriter.Options()
    /// Directory for Bulk documents (`-o DIR/` with `--to bulk`).
    package var bulkDirectory: String?

    /// The output formats of `--to`.
    package enum OutputFormat: String, Sendable, CaseIterable {
        /// One compact JSON record per line.
        case ndjson
        /// CSV (RFC 4180).
        case csv
        /// Tab-separated values.
        case tsv
        /// SCIM Bulk requests.
        case bulk
        /// One SCIM ListResponse.
        case list
    }

    /// The writer this configuration describes.
    package func makeWriter() -> any RecordWriter {
        switch outputFormat {
        case .ndjson: return NDJSONWriter()
        case .csv, .tsv:
            var options = csv
            options.dialect = outputFormat == .csv ? .csv : .tsv
            return CSVWriter(options: options)
        case .bulk: return BulkWriter(options: bulk, destination: bulkDirectory.map { .directory($0) } ?? .stream)
        case .list: return ListResponseWriter()
        }
    }

    /// Builds the pipeline this configuration describes.
    package func makePipeline() -> Pipeline {
        let pipeline = Pipeline(readerOptions: readerOptions, stages: stages, writer: makeWriter(), redactsPassword: redactsPassword)
        pipeline.threads = threads
        return pipeline
    }
}

/// What the command line asks for.
package enum Command {
    /// Process records.
    case run(ToolConfiguration)
    /// Print help (on a topic).
    case help(topic: String?)
    /// Print the version.
    case version
    /// Print a shell completion script.
    case completion(Completions.Shell)
}

/// The `scimstream` command line: parsing and interpretation.
package enum CommandLineInterface {
    /// The tool's version.
    package static let version = "0.1.0"

    /// Interprets `arguments` (without the program name).
    ///
    /// - Throws: ``UsageError`` for anything that cannot run as written (exit 64).
    package static func parse(_ arguments: [String]) throws(UsageError) -> Command {
        let parsed = try ParsedArguments.parse(arguments, table: OptionTable.all)
        var config = ToolConfiguration()
        var stageOptions: [(option: String, value: String?)] = []
        var keyFile: String?
        var csvOptionsUsed: [String] = []
        var bulkOptionsUsed: [String] = []
        var maxOperations: Int?
        var maxBytes: Int?
        var filesRead: [(option: String, path: String)] = []
        for occurrence in parsed.options {
            let value = occurrence.value ?? ""
            let option = occurrence.spec.long
            if StageFactory.stageOptions.contains(option) {
                stageOptions.append((option, occurrence.value))
                continue
            }
            switch option {
            case "pipeline":
                filesRead.append(("--pipeline", value))
                let text: String
                do {
                    text = try FileContents.text(value)
                } catch {
                    throw UsageError("--pipeline: \(error)")
                }
                for entry in try PipelineFile.parse(text, name: value) {
                    if entry.option == "keep-password" { config.redactsPassword = false } else { stageOptions.append(entry) }
                }
            case "key-file": keyFile = value; filesRead.append(("--key-file", value))
            case "stats": config.printsStatistics = true
            case "stats-json": config.statisticsJSONPath = value
            case "threads": config.threads = min(try positiveInteger(value, option: option), ParallelRun.maxThreads)
            case "on-error": config.readerOptions.errorPolicy = try choice(value, option: option)
            case "rejects": config.rejectsPath = value
            case "strict-exit": config.strictExit = true
            case "progress": config.showsProgress = true
            case "quiet": config.quiet = true; config.showsProgress = false
            case "columns":
                do {
                    config.csv.columns = try CSVColumn.parseList(value)
                } catch {
                    throw UsageError(columnsError: error)
                }
                csvOptionsUsed.append(option)
            case "columns-file":
                filesRead.append(("--columns-file", value))
                let text: String
                do {
                    text = try FileContents.text(value)
                } catch {
                    throw UsageError("--columns-file: \(error)")
                }
                do {
                    config.csv.columns = try CSVColumn.parseFile(text)
                } catch .noColumns {
                    throw UsageError("--columns-file \(value): no columns in the file")
                } catch {
                    throw UsageError("--columns-file \(value): \(UsageError(columnsError: error).message)")
                }
                csvOptionsUsed.append(option)
            case "join": config.csv.joinSeparator = value; csvOptionsUsed.append(option)
            case "no-header": config.csv.header = false; csvOptionsUsed.append(option)
            case "crlf": config.csv.crlf = true; csvOptionsUsed.append(option)
            case "spreadsheet-safe": config.csv.spreadsheetSafe = true; csvOptionsUsed.append(option)
            case "bulk-method": config.bulk.method = try choice(value, option: option); bulkOptionsUsed.append(option)
            case "bulk-max-operations": maxOperations = try positiveInteger(value, option: option); bulkOptionsUsed.append(option)
            case "bulk-max-bytes": maxBytes = try byteCount(value, option: option); bulkOptionsUsed.append(option)
            case "bulk-limits-from":
                filesRead.append(("--bulk-limits-from", value))
                let limits: BulkLimits
                do {
                    limits = try BulkLimits.read(from: value)
                } catch .unreadable(let error) {
                    throw UsageError("--bulk-limits-from: \(error)")
                } catch {
                    throw UsageError("--bulk-limits-from \(value): \(error)")
                }
                config.bulk.maxOperations = limits.maxOperations
                config.bulk.maxBytes = limits.maxPayloadSize
                bulkOptionsUsed.append(option)
            case "fail-on-errors": config.bulk.failOnErrors = try positiveInteger(value, option: option); bulkOptionsUsed.append(option)
            case "help": return .help(topic: parsed.operands.first)
            case "version": return .version
            case "completion": return .completion(try choice(value, option: option))
            case "from": config.readerOptions.format = try choice(value, option: "from")
            case "max-record-bytes": config.readerOptions.maxRecordBytes = try byteCount(value, option: "max-record-bytes")
            case "max-depth":
                let depth = try positiveInteger(value, option: "max-depth")
                guard depth <= NestingLimits.maxDepth else {
                    throw UsageError("--max-depth is at most \(NestingLimits.maxDepth) (got \(depth))")
                }
                config.readerOptions.maxDepth = depth
            case "keep-password": config.redactsPassword = false
            case "to": config.outputFormat = try choice(value, option: "to")
            case "output": config.outputPath = value
            default: preconditionFailure("option --\(occurrence.spec.long) is in the table but not handled")
            }
        }
        if !parsed.operands.isEmpty {
            config.inputs = parsed.operands.map(InputSource.init(argument:))
        }
        // Explicit limits win over --bulk-limits-from, whatever the order.
        if let maxOperations { config.bulk.maxOperations = maxOperations }
        if let maxBytes { config.bulk.maxBytes = maxBytes }
        if let option = csvOptionsUsed.first, config.outputFormat != .csv && config.outputFormat != .tsv {
            throw UsageError("--\(option) applies to --to csv or --to tsv")
        }
        if let option = bulkOptionsUsed.first, config.outputFormat != .bulk {
            throw UsageError("--\(option) applies to --to bulk")
        }
        if config.outputFormat == .bulk, let path = config.outputPath, path.hasSuffix("/") || FileSystem.isDirectory(path) {
            var dir = path
            while dir.count > 1 && dir.hasSuffix("/") { dir.removeLast() }
            config.bulkDirectory = dir
            config.outputPath = nil
        }
        var context = StageFactory.Context()
        if let keyFile { context.key = try StageFactory.readKey(keyFile) }
        let names = stageOptions.map(\.option)
        context.forCreateCopiesID = names.contains("for-create") && names.contains("id-to-external-id")
        for (option, value) in stageOptions {
            if let stage = try StageFactory.make(option, value, context: context) { config.stages.append(stage) }
        }
        try OutputCollisions.check(config, optionFiles: filesRead)
        return .run(config)
    }

    /// One of an enumeration's raw values, or a usage error listing them.
    static func choice<T: RawRepresentable & CaseIterable>(_ value: String, option: String) throws(UsageError) -> T
    where T.RawValue == String {
        if let v = T.allCases.first(where: { $0.rawValue.lowercased() == value.lowercased() }) { return v }
        let names = T.allCases.map(\.rawValue).joined(separator: ", ")
        throw UsageError("invalid value '\(value)' for --\(option); expected one of: \(names)")
    }

    /// A positive integer.
    static func positiveInteger(_ value: String, option: String) throws(UsageError) -> Int {
        guard let n = Int(value), n > 0 else {
            throw UsageError("invalid value '\(value)' for --\(option); expected a positive integer")
        }
        return n
    }

    /// A byte count with an optional K, M or G suffix (powers of 1024).
    static func byteCount(_ value: String, option: String) throws(UsageError) -> Int {
        var digits = Substring(value)
        var scale = 1
        switch value.last?.uppercased() {
        case "K": scale = 1 << 10
        case "M": scale = 1 << 20
        case "G": scale = 1 << 30
        default: break
        }
        if scale != 1 { digits = digits.dropLast() }
        guard let n = Int(digits), n > 0, n <= Int.max / scale else {
            throw UsageError("invalid value '\(value)' for --\(option); expected a byte count such as 4096, 64K or 16M")
        }
        return n * scale
    }
}
