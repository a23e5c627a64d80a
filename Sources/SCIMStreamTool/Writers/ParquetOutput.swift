import SCIMStream

extension WriterDefinition {
    /// `--to parquet`: ``ParquetWriter`` with the configuration's columns.
    package static let parquet: WriterDefinition = WriterDefinition(
        "parquet", settings: .parquet,
        readme: "a typed Parquet file (`-o FILE`): the CSV columns as strings, booleans, UTC timestamps and doubles"
    ) { configuration in
        ParquetWriter(
            options: .init(
                columns: configuration.csv.columns, joinSeparator: configuration.csv.joinSeparator,
                headerCase: configuration.csv.headerCase, rowGroupBytes: configuration.rowGroupBytes))
    }
}
