import SCIMJSON
import SCIMStream

extension ConfigurationBuilder {
    /// Applies one tool option (every case handled: a new ``ToolOption`` does not compile
    /// until it is handled here); returns the command when the option decides it.
    mutating func apply(_ option: ToolOption, _ value: String) throws(UsageError) -> Command? {
        let name = option.rawValue
        switch option {
        case .pipeline: try readPipeline(value)
        case .keyFile: keyFile = value; filesRead.append(("--key-file", value))
        case .strictPaths: paths.strict = true
        case .config: break  // read before the command line's options (CommandLineInterface.parse)
        case .stats: config.printsStatistics = true
        case .statsJSON: config.statisticsJSONPath = value
        case .threads: config.threads = min(try OptionValues.positiveInteger(value, option: name), ParallelRun.maxThreads)
        case .onError: config.readerOptions.errorPolicy = try OptionValues.choice(value, option: name)
        case .rejects: config.rejectsPath = value
        case .strictExit: config.strictExit = true
        case .progress: config.showsProgress = true
        case .quiet: config.quiet = true; config.showsProgress = false
        case .columns:
            try chooseColumns(by: name)
            do {
                config.csv.columns = try CSVColumn.parseList(value)
            } catch {
                throw UsageError(columnsError: error)
            }
            tableOptionsUsed.append(name)
        case .columnsFile: try chooseColumns(by: name); try readColumnsFile(value); tableOptionsUsed.append(name)
        case .columnsPreset:
            try chooseColumns(by: name)
            config.csv.columns = (try OptionValues.choice(value, option: name) as CSVColumnPreset).columns
            tableOptionsUsed.append(name)
        case .join: config.csv.joinSeparator = value; tableOptionsUsed.append(name)
        case .noHeader: config.csv.header = false; csvOptionsUsed.append(name)
        case .null: config.csv.nullText = value; csvOptionsUsed.append(name)
        case .emitDDL: config.emitDDL = try OptionValues.choice(value, option: name)
        case .headerCase: config.csv.headerCase = try OptionValues.choice(value, option: name); tableOptionsUsed.append(name)
        case .rowGroupSize:
            config.rowGroupBytes = try OptionValues.byteCount(value, option: name)
            // The footer keeps a few bytes per column and row group: tiny groups would grow it with the input.
            guard config.rowGroupBytes >= 1 << 20 else { throw UsageError("--row-group-size is at least 1M (got \(value))") }
            parquetOptionsUsed.append(name)
        case .crlf: config.csv.crlf = true; csvOptionsUsed.append(name)
        case .spreadsheetSafe: config.csv.spreadsheetSafe = true; csvOptionsUsed.append(name)
        case .bulkMethod: config.bulk.method = try OptionValues.choice(value, option: name); bulkOptionsUsed.append(name)
        case .ignoreVersion: config.bulk.sendsVersion = false; bulkOptionsUsed.append(name)
        case .bulkMaxOperations: maxOperations = try OptionValues.positiveInteger(value, option: name); bulkOptionsUsed.append(name)
        case .bulkMaxBytes: maxBytes = try OptionValues.byteCount(value, option: name); bulkOptionsUsed.append(name)
        case .bulkLimitsFrom: try readBulkLimits(value); bulkOptionsUsed.append(name)
        case .failOnErrors: config.bulk.failOnErrors = try OptionValues.positiveInteger(value, option: name); bulkOptionsUsed.append(name)
        case .help: return .help(topic: operands.first)
        case .version: return .version
        case .completion: return .completion(try OptionValues.choice(value, option: name))
        case .manPage: return .manPage
        case .from: config.readerOptions.format = try OptionValues.choice(value, option: name)
        case .maxRecordBytes: config.readerOptions.maxRecordBytes = try OptionValues.byteCount(value, option: name)
        case .maxDepth:
            let depth = try OptionValues.positiveInteger(value, option: name)
            guard depth <= NestingLimits.maxDepth else {
                throw UsageError("--max-depth is at most \(NestingLimits.maxDepth) (got \(depth))")
            }
            config.readerOptions.maxDepth = depth
        case .keepPassword: config.redactsPassword = false
        case .to: config.writer = try OptionValues.choice(value, option: name, among: WriterRegistry.all.map { ($0.name, $0) })
        case .output: config.outputPath = value
        }
        return nil
    }

    /// Records that `option` chooses the columns; a second option choosing them is a usage error.
    private mutating func chooseColumns(by option: String) throws(UsageError) {
        if let earlier = columnsChosenBy, earlier != option {
            throw UsageError("--\(earlier) and --\(option) both choose the CSV/TSV columns: give one")
        }
        columnsChosenBy = option
    }

    /// `--pipeline FILE`: each line applied as if written on the command line.
    private mutating func readPipeline(_ path: String) throws(UsageError) {
        filesRead.append(("--pipeline", path))
        let text: String
        do {
            text = try FileContents.text(path)
        } catch {
            throw UsageError("--pipeline: \(error)")
        }
        for entry in try PipelineFile.parse(text, name: path) {
            _ = try apply(entry.command, entry.value)
        }
    }

    /// `--columns-file FILE`: one `[HEADER=]PATH` per line.
    private mutating func readColumnsFile(_ path: String) throws(UsageError) {
        filesRead.append(("--columns-file", path))
        let text: String
        do {
            text = try FileContents.text(path)
        } catch {
            throw UsageError("--columns-file: \(error)")
        }
        do {
            config.csv.columns = try CSVColumn.parseFile(text)
        } catch .noColumns {
            throw UsageError("--columns-file \(path): no columns in the file")
        } catch {
            throw UsageError("--columns-file \(path): \(UsageError(columnsError: error).message)")
        }
    }

    /// `--bulk-limits-from FILE`: both Bulk limits from a saved ServiceProviderConfig.
    private mutating func readBulkLimits(_ path: String) throws(UsageError) {
        filesRead.append(("--bulk-limits-from", path))
        let limits: BulkLimits
        do {
            limits = try BulkLimits.read(from: path)
        } catch .unreadable(let error) {
            throw UsageError("--bulk-limits-from: \(error)")
        } catch {
            throw UsageError("--bulk-limits-from \(path): \(error)")
        }
        config.bulk.maxOperations = limits.maxOperations
        config.bulk.maxBytes = limits.maxPayloadSize
    }
}
