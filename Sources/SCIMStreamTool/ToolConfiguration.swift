package import SCIMStream
/// Everything one `scimstream` run needs, built from the command line.
package struct ToolConfiguration {
    /// Inputs in order (standard input when none was named).
    package var inputs: [InputSource] = [.standardInput]
    /// The inputs were named (on the command line or in a job file), not standard input by default.
    package var inputsNamed = false
    /// Output file, or nil for standard output.
    package var outputPath: String?
    /// Input shape and limits.
    package var readerOptions = UserRecordReader.Options()
    /// Strip `password` first (on unless `--keep-password`).
    package var redactsPassword = true
    /// Stages in command-line order.
    package var stages: [any RecordStage] = []
    /// The output format (`--to`).
    package var writer: WriterDefinition = WriterRegistry.standard
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
    /// `--emit-ddl`: print the table for the columns instead of running.
    package var emitDDL: SQLDialect?
    /// `--row-group-size`: bytes of values a Parquet row group holds.
    package var rowGroupBytes = 64 << 20
    /// Bulk settings.
    package var bulk = BulkWriter.Options()
    /// Live services: the inputs' query and credentials, the target and how users are written.
    package var service = ServiceConfiguration()
    /// Directory for Bulk documents (`-o DIR/` with `--to bulk`).
    package var bulkDirectory: String?

    /// The writer this configuration describes.
    package func makeWriter() -> any RecordWriter {
        writer.make(self)
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
    /// Print the man page (`--man-page`).
    case manPage
    /// Print `CREATE TABLE` for the CSV/TSV columns (`--emit-ddl`).
    case emitDDL(SQLDialect, CSVWriter.Options)
}
