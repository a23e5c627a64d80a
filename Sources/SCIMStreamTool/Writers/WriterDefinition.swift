package import SCIMStream

/// One output format of `--to`, written once: the `--to` help line, its completion words, its
/// error message and README's format table are derived from ``WriterRegistry/all``.
package struct WriterDefinition: Sendable {
    /// Builds the writer from the run's configuration (its CSV or Bulk settings).
    package typealias Make = @Sendable (ToolConfiguration) -> any RecordWriter

    /// The value of `--to`: `csv`.
    package let name: String
    /// Which output options apply to it (the others are a usage error).
    package let settings: WriterSettings
    /// `-o DIR/` (a directory) is accepted: one file per document.
    package let writesDirectory: Bool
    /// The description in README's format table (Markdown, one line).
    package let readme: String
    /// Builds the writer.
    package let make: Make

    /// Describes an output format.
    package init(
        _ name: String, settings: WriterSettings = .none, writesDirectory: Bool = false, readme: String,
        make: @escaping Make
    ) {
        self.name = name
        self.settings = settings
        self.writesDirectory = writesDirectory
        self.readme = readme
        self.make = make
    }
}

extension WriterDefinition: Equatable {
    /// Definitions are the same when they have the same name.
    package static func == (a: WriterDefinition, b: WriterDefinition) -> Bool { a.name == b.name }
}

/// The group of output options a format reads.
package enum WriterSettings: Sendable, Equatable {
    /// None: `--columns`, `--bulk-method`, … are usage errors with it.
    case none
    /// `--columns`, `--columns-file`, `--join`, `--no-header`, `--crlf`, `--spreadsheet-safe`.
    case csv
    /// `--bulk-method`, `--bulk-max-operations`, `--bulk-max-bytes`, `--bulk-limits-from`, `--fail-on-errors`.
    case bulk
    /// The column options (`--columns`, `--columns-file`, `--columns-preset`, `--join`,
    /// `--header-case`) and `--row-group-size`.
    case parquet

    /// The format takes the column options.
    package var readsColumns: Bool { self == .csv || self == .parquet }
}
