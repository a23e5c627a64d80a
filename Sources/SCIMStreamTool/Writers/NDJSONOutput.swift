import SCIMStream

extension WriterDefinition {
    /// `--to ndjson`: ``NDJSONWriter``.
    package static let ndjson: WriterDefinition = WriterDefinition(
        "ndjson", readme: "one compact JSON record per line; untouched values byte for byte"
    ) { _ in NDJSONWriter() }
}
