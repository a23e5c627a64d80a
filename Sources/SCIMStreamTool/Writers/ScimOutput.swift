import SCIMService
import SCIMStream

extension WriterDefinition {
    /// `--to scim -o URL`: ``ServiceWriter``, users written to a live SCIM service.
    package static let scim: WriterDefinition = WriterDefinition(
        "scim", settings: .bulk,
        readme: "users written to a live SCIM service (`-o https://…/scim/v2`), one request each, with retries and `--results`"
    ) { configuration in
        ServiceWriter(
            client: configuration.service.targetClient!, settings: configuration.service.writer,
            resultsPath: configuration.service.resultsPath, resumePath: configuration.service.resumePath)
    }
}
