import SCIMStream

extension WriterDefinition {
    /// `--to list`: ``ListResponseWriter``.
    package static let list: WriterDefinition = WriterDefinition(
        "list", readme: "one SCIM ListResponse, streamed (`totalResults` follows `Resources`)"
    ) { _ in ListResponseWriter() }
}
