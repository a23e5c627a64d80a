import SCIMStream

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `scimstream` command line: parsing and interpretation.
package enum CommandLineInterface {
    /// The tool's version.
    package static let version = "0.3.0"

    /// Interprets `arguments` (without the program name).
    ///
    /// - Throws: ``UsageError`` for anything that cannot run as written (exit 64).
    package static func parse(_ arguments: [String]) throws(UsageError) -> Command {
        var warnings: [String] = []
        return try parse(arguments, warnings: &warnings, environment: { _ in nil })
    }

    /// Interprets `arguments`, adding to `warnings` what is worth saying but runs (a path that
    /// names no known attribute; none under `--quiet`).
    ///
    /// - Throws: ``UsageError`` for anything that cannot run as written (exit 64).
    ///
    /// Settings come in layers, each later one winning: `SCIMSTREAM_*` variables of
    /// `environment`, then the `--config` file (or `$SCIMSTREAM_CONFIG`), then the command line.
    package static func parse(
        _ arguments: [String], warnings: inout [String], environment: EnvironmentOptions.Lookup = EnvironmentOptions.process
    ) throws(UsageError) -> Command {
        let parsed = try ParsedArguments.parse(arguments, table: OptionTable.entries)
        // Commands that print something run whatever the environment or a job file say.
        for occurrence in parsed.options {
            if case .tool(let option) = occurrence.option, [.help, .version, .completion, .manPage].contains(option) {
                var builder = ConfigurationBuilder(operands: parsed.operands)
                if let command = try builder.apply(occurrence.option, occurrence.value) { return command }
            }
        }
        let configPath =
            parsed.options.last { $0.option == .tool(.config) }?.value ?? environment("SCIMSTREAM_CONFIG").flatMap { $0.isEmpty ? nil : $0 }
        let job = try configPath.map(ConfigFile.read)
        var builder = ConfigurationBuilder(operands: parsed.operands.isEmpty ? job?.inputs ?? [] : parsed.operands)
        for entry in try EnvironmentOptions.entries(environment) {
            do {
                _ = try builder.apply(entry.command, entry.value)
            } catch {
                let variable = EnvironmentOptions.documented.first { $0.option == entry.option }!.name
                throw UsageError("\(variable): \(error.message)")
            }
        }
        if let job, let configPath {
            builder.columnsChosenBy = nil
            builder.filesRead.append(("--config", configPath))
            for entry in job.entries {
                do {
                    _ = try builder.apply(entry.command, entry.value)
                } catch {
                    throw UsageError("\(configPath):\(entry.line): \(error.message)")
                }
            }
        }
        builder.columnsChosenBy = nil
        for occurrence in parsed.options where occurrence.option != .tool(.config) {
            if let command = try builder.apply(occurrence.option, occurrence.value) { return command }
        }
        let config = try builder.finish()
        if !config.quiet { warnings += builder.paths.warnings }
        if let dialect = config.emitDDL { return .emitDDL(dialect, config.csv) }
        return .run(config)
    }
}

/// The options of one command line, applied in order, then checked together.
struct ConfigurationBuilder {
    /// The configuration so far.
    var config = ToolConfiguration()
    /// Input operands.
    let operands: [String]
    /// Stage options in order (command line and `--pipeline` files); built by ``finish()``.
    var stageOptions: [(definition: StageDefinition, value: String?)] = []
    /// `--key-file`.
    var keyFile: String?
    /// CSV options given, checked against `--to` at the end.
    var csvOptionsUsed: [String] = []
    /// Column options (CSV, TSV and Parquet) given, checked against `--to` at the end.
    var tableOptionsUsed: [String] = []
    /// Parquet options given, checked against `--to` at the end.
    var parquetOptionsUsed: [String] = []
    /// Bulk options given, checked against `--to` at the end.
    var bulkOptionsUsed: [String] = []
    /// `--bulk-max-operations`, which wins over `--bulk-limits-from`.
    var maxOperations: Int?
    /// `--bulk-max-bytes`, which wins over `--bulk-limits-from`.
    var maxBytes: Int?
    /// The option that chose the CSV columns (`--columns`, `--columns-file`, `--columns-preset`).
    var columnsChosenBy: String?
    /// Paths naming no known attribute (`--strict-paths`: the first is an error).
    let paths = PathReport()
    /// Files options read, checked against the outputs.
    var filesRead: [(option: String, path: String)] = []

    /// A builder for a command line with these operands.
    init(operands: [String]) {
        self.operands = operands
    }

    /// Applies one option; returns the command when the option decides it (`--help`).
    mutating func apply(_ option: CommandOption, _ value: String?) throws(UsageError) -> Command? {
        switch option {
        case .stage(let definition):
            stageOptions.append((definition, value))
            return nil
        case .tool(let tool):
            return try apply(tool, value ?? "")
        case .service(let option):
            try apply(option, value ?? "")
            return nil
        }
    }

    /// The configuration once every option is applied: output options checked against `--to`,
    /// stages built, outputs checked against inputs.
    mutating func finish() throws(UsageError) -> ToolConfiguration {
        if !operands.isEmpty {
            config.inputs = operands.map(InputSource.init(argument:))
            config.inputsNamed = true
        } else if isatty(STDIN_FILENO) == 1, config.emitDDL == nil {
            // Nothing named and nothing piped: waiting for typed JSON helps nobody.
            throw UsageError(
                "no input: name a file (scimstream users.ndjson) or pipe one in (… | scimstream); '-' reads typed input")
        }
        // Explicit limits win over --bulk-limits-from, whatever the order.
        if let maxOperations { config.bulk.maxOperations = maxOperations }
        if let maxBytes { config.bulk.maxBytes = maxBytes }
        if let option = csvOptionsUsed.first, config.writer.settings != .csv, config.emitDDL == nil {
            throw UsageError("--\(option) applies to \(WriterRegistry.formats(reading: .csv))")
        }
        if let option = tableOptionsUsed.first, !config.writer.settings.readsColumns, config.emitDDL == nil {
            throw UsageError("--\(option) applies to \(WriterRegistry.formats(reading: .csv)) or \(WriterRegistry.formats(reading: .parquet))")
        }
        if config.writer.settings == .parquet, config.outputPath == nil, isatty(STDOUT_FILENO) == 1 {
            throw UsageError("--to parquet writes a binary file: name it with -o FILE (or redirect standard output)")
        }
        if config.writer.settings == .parquet || config.emitDDL != nil {
            // Table columns need distinct names (SQL folds case).
            var seen: Set<String> = []
            for column in config.csv.columns {
                let name = config.csv.headerCase.apply(column.header)
                guard seen.insert(name.lowercased()).inserted else {
                    throw UsageError(
                        "the column name '\(name)' appears twice: a table needs distinct names (name one column HEADER=PATH)")
                }
            }
        }
        if let option = parquetOptionsUsed.first, config.writer.settings != .parquet {
            throw UsageError("--\(option) applies to \(WriterRegistry.formats(reading: .parquet))")
        }
        if let option = bulkOptionsUsed.first, config.writer.settings != .bulk {
            throw UsageError("--\(option) applies to \(WriterRegistry.formats(reading: .bulk))")
        }
        if config.writer.writesDirectory, let path = config.outputPath, path.hasSuffix("/") || FileSystem.isDirectory(path) {
            var dir = path
            while dir.count > 1 && dir.hasSuffix("/") { dir.removeLast() }
            config.bulkDirectory = dir
            config.outputPath = nil
        }
        var context = StageContext(stageOptions: Set(stageOptions.map(\.definition.name)))
        // The key is read only for a run that pseudonymizes ($SCIMSTREAM_KEY_FILE may name a
        // key kept for other runs).
        if let keyFile, stageOptions.contains(where: { $0.definition == .pseudonymize }) {
            context.key = try StageContext.readKey(keyFile)
        }
        // The CSV columns a writer (or --emit-ddl) uses; the default columns are known.
        if columnsChosenBy == "columns" || columnsChosenBy == "columns-file",
            config.writer.settings.readsColumns || config.emitDDL != nil
        {
            for column in config.csv.columns {
                try paths.check(column.path, option: columnsChosenBy!)
                for sub in [column.pair?.first, column.pair?.second].compactMap({ $0 }) {
                    var part = column.path
                    part.filter = nil
                    part.subAttribute = sub
                    try paths.check(part, option: columnsChosenBy!)
                }
            }
        }
        for filter in config.service.serverFilters {
            if let expression = try? FilterExpression(parsing: filter) { try paths.check(expression, option: "server-filter") }
        }
        for (definition, value) in stageOptions {
            let value = StageValue(option: definition.name, text: value ?? "", paths: paths)
            if let stage = try definition.make(value, context) { config.stages.append(stage) }
        }
        try finishService()
        try OutputCollisions.check(config, optionFiles: filesRead)
        return config
    }
}
