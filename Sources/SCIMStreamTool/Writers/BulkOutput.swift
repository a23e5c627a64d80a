import SCIMStream

extension WriterDefinition {
    /// `--to bulk`: ``BulkWriter``, to the output or one file per document in `-o DIR/`.
    package static let bulk: WriterDefinition = WriterDefinition(
        "bulk", settings: .bulk, writesDirectory: true,
        readme: "SCIM Bulk requests (RFC 7644 §3.7), split to fit the server's limits"
    ) { configuration in
        BulkWriter(options: configuration.bulk, destination: configuration.bulkDirectory.map { .directory($0) } ?? .stream)
    }
}
