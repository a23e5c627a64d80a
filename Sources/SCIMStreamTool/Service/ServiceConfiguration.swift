package import SCIMService
import SCIMStream

/// The live-service part of a run's configuration.
package struct ServiceConfiguration {
    /// `--page-size`, `--attributes`, `--excluded-attributes`.
    package var query = ServerQuery()
    /// `--server-filter`, each a listing of its own (in order).
    package var serverFilters: [String] = []
    /// Credentials of the inputs and of the target, as the options named them.
    package var source = CredentialOptions(prefix: "", environment: "SCIMSTREAM_TOKEN")
    package var target = CredentialOptions(prefix: "target-", environment: "SCIMSTREAM_TARGET_TOKEN")
    /// `--bulk`.
    package var bulk = BulkMode.auto
    /// How users are written.
    package var writer = ServiceWriter.Settings()
    /// `--max-retries`.
    package var maxRetries = 5
    /// `--timeout`.
    package var timeout = 30.0
    /// `--results`, `--resume`.
    package var resultsPath: String?
    package var resumePath: String?
    /// The target (`--to scim -o URL`).
    package var targetURL: ServiceURL?
    /// The client of the target, built by ``ConfigurationBuilder``.
    package var targetClient: ServiceClient?
    /// Options given, for the checks against the inputs and `--to`.
    var inputOptionsUsed: [String] = []
    var outputOptionsUsed: [String] = []
    var eitherOptionsUsed: [String] = []

    /// The defaults.
    package init() {}

    /// The retry policy of both sides.
    var retry: RetryPolicy { RetryPolicy(maxRetries: maxRetries) }
}

/// One side's credential options: a token file, or OAuth client credentials, or the environment.
package struct CredentialOptions {
    /// `target-` for the output's options.
    let prefix: String
    /// The variable read when no option names a credential.
    let environment: String
    var tokenFile: String?
    var oauthTokenURL: String?
    var clientID: String?
    var clientSecretFile: String?

    /// The credentials the options (or the environment) name.
    ///
    /// - Throws: ``UsageError`` for an incomplete OAuth setting or an unreadable secret file.
    func resolve(environmentValue: String?) throws(UsageError) -> Credentials {
        let oauth = [oauthTokenURL, clientID, clientSecretFile]
        if oauth.contains(where: { $0 != nil }) {
            guard let url = oauthTokenURL, let id = clientID, let secretFile = clientSecretFile else {
                throw UsageError("--\(prefix)oauth-token-url, --\(prefix)client-id and --\(prefix)client-secret-file go together")
            }
            guard tokenFile == nil else { throw UsageError("--\(prefix)token-file and --\(prefix)oauth-token-url exclude each other") }
            // No user:password@ and no query: messages name this URL, and must not show a secret.
            guard ServiceURL(url) != nil else {
                throw UsageError("--\(prefix)oauth-token-url needs an http:// or https:// URL without user:password@ or a query")
            }
            return .clientCredentials(tokenURL: url, clientID: id, secret: try read(secretFile, option: "client-secret-file"))
        }
        if let tokenFile { return .bearer(try read(tokenFile, option: "token-file")) }
        if let secret = Secret.fromEnvironment(environmentValue) {
            guard secret.value.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
                throw UsageError("$\(environment) holds spaces or characters a header cannot carry")
            }
            return .bearer(secret)
        }
        return .none
    }

    private func read(_ path: String, option: String) throws(UsageError) -> Secret {
        do {
            return try Secret.read(file: path)
        } catch {
            throw UsageError("--\(prefix)\(option) \(error)")
        }
    }
}
