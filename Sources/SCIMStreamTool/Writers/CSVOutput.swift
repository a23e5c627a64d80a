import SCIMStream

extension WriterDefinition {
    /// `--to csv`: ``CSVWriter`` in the CSV dialect.
    package static let csv: WriterDefinition = WriterDefinition(
        "csv", settings: .csv,
        readme: "one row per user (RFC 4180), columns fixed before the first row (see below)"
    ) { configuration in csvWriter(configuration, dialect: .csv) }

    /// `--to tsv`: ``CSVWriter`` in the TSV dialect.
    package static let tsv: WriterDefinition = WriterDefinition(
        "tsv", settings: .csv,
        readme: "the same rows, tab-separated (tab, CR, LF and backslash escaped)"
    ) { configuration in csvWriter(configuration, dialect: .tsv) }

    /// A CSV writer with the configuration's CSV settings in `dialect`.
    private static func csvWriter(_ configuration: ToolConfiguration, dialect: CSVWriter.Dialect) -> CSVWriter {
        var options = configuration.csv
        options.dialect = dialect
        return CSVWriter(options: options)
    }
}
