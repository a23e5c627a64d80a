import SCIMService
import SCIMStream

/// The options of live SCIM services: reading an `http(s)://` input page by page, and
/// writing users to `--to scim -o URL`. Secrets are only ever named by a file or the
/// environment (`SCIMSTREAM_TOKEN`, `SCIMSTREAM_TARGET_TOKEN`), never given as values.
package enum ServiceOption: String, Sendable, CaseIterable {
    case pageSize = "page-size", serverFilter = "server-filter", attributes, excludedAttributes = "excluded-attributes"
    case tokenFile = "token-file", oauthTokenURL = "oauth-token-url", clientID = "client-id"
    case clientSecretFile = "client-secret-file"
    case targetTokenFile = "target-token-file", targetOAuthTokenURL = "target-oauth-token-url"
    case targetClientID = "target-client-id", targetClientSecretFile = "target-client-secret-file"
    case bulk, concurrency, maxRetries = "max-retries", timeout, onConflict = "on-conflict"
    case results, resume, remapReferences = "remap-references", dryRun = "dry-run"

    /// Which side the option is about: reading (`http(s)://` inputs), writing (`--to scim`), or both.
    enum Side { case input, output, both }

    /// Which side the option is about.
    var side: Side {
        switch self {
        case .pageSize, .serverFilter, .attributes, .excludedAttributes, .tokenFile, .oauthTokenURL, .clientID, .clientSecretFile:
            .input
        case .maxRetries, .timeout: .both
        default: .output
        }
    }

    /// The option's spelling, value, help line and completion.
    package var spec: OptionSpec {
        switch self {
        case .pageSize: spec(value: "N", "users per page read from an http(s):// input (the SCIM count)", default: "100")
        case .serverFilter: spec(value: "FILTER", "SCIM filter the source applies (checked here); repeat: one listing each")
        case .attributes: spec(value: "A,B", "attributes the source service returns")
        case .excludedAttributes: spec(value: "A,B", "attributes the source service leaves out")
        case .tokenFile:
            spec(value: "FILE", "bearer token of the http(s):// inputs (or $SCIMSTREAM_TOKEN)", completion: .files)
        case .oauthTokenURL: spec(value: "URL", "OAuth 2.0 client-credentials token endpoint of the inputs")
        case .clientID: spec(value: "ID", "OAuth client id of the inputs")
        case .clientSecretFile: spec(value: "FILE", "OAuth client secret of the inputs", completion: .files)
        case .targetTokenFile:
            spec(value: "FILE", "bearer token of --to scim (or $SCIMSTREAM_TARGET_TOKEN)", completion: .files)
        case .targetOAuthTokenURL: spec(value: "URL", "OAuth token endpoint of --to scim")
        case .targetClientID: spec(value: "ID", "OAuth client id of --to scim")
        case .targetClientSecretFile: spec(value: "FILE", "OAuth client secret of --to scim", completion: .files)
        case .bulk:
            spec(
                value: "WHEN", "--to scim through /Bulk: auto, always or never (one request per user)", default: "auto",
                completion: .words(BulkMode.allCases.map(\.rawValue)))
        case .concurrency: spec(value: "N", "--to scim requests in flight", default: "4")
        case .maxRetries: spec(value: "N", "retries of a request (429, 503, lost connection)", default: "5")
        case .timeout: spec(value: "SECONDS", "a request with no answer this long is lost", default: "30")
        case .onConflict:
            spec(
                value: "WHAT", "when the user exists on the target: skip, update or fail", default: "skip",
                completion: .words(ConflictPolicy.allCases.map(\.rawValue)))
        case .results: spec(value: "FILE", "write one JSON line per user: status, target id, attempts, error", completion: .files)
        case .resume: spec(value: "FILE", "skip the users a --results FILE of an earlier run finished", completion: .files)
        case .remapReferences: spec(value: nil, "set each manager to the manager's id on the target, after all users")
        case .dryRun: spec(value: nil, "print the --to scim requests (JSON lines) instead of sending them")
        }
    }

    private func spec(
        value: String?, _ summary: String, default defaultValue: String? = nil, completion: CompletionKind = .text
    ) -> OptionSpec {
        OptionSpec(rawValue, value: value, group: .service, summary, default: defaultValue, completion: completion)
    }
}
