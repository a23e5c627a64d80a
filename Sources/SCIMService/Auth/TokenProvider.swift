import SCIMJSON
import SCIMStream

/// The `Authorization` header for a service's requests: a fixed bearer token, or an OAuth
/// client-credentials token fetched on first use and again before it expires or after a 401.
/// Shared by every request thread.
final class TokenProvider: @unchecked Sendable {
    let credentials: Credentials
    let transport: any HTTPTransport
    private let lock = Monitor()
    private var token: String?
    private var expires = 0.0
    /// Tokens fetched from the token endpoint so far.
    private(set) var fetched = 0

    init(credentials: Credentials, transport: any HTTPTransport) {
        self.credentials = credentials
        self.transport = transport
    }

    /// True when a 401 may be cured by fetching a new token.
    var canRefresh: Bool {
        if case .clientCredentials = credentials { return true }
        return false
    }

    /// The header value to send, fetching a token when there is none or it is about to expire.
    ///
    /// - Throws: ``RemoteError`` when the token endpoint refuses or cannot be reached.
    func authorization() throws(RemoteError) -> String? {
        switch credentials {
        case .none: return nil
        case .bearer(let secret): return "Bearer " + secret.value
        case .clientCredentials(let url, let id, let secret):
            return try lock.withLock { () throws(RemoteError) -> String in
                if let token, HTTPDate.now < expires { return "Bearer " + token }
                try fetch(url: url, clientID: id, secret: secret)
                return "Bearer " + token!
            }
        }
    }

    /// Forgets `header`'s token (the service answered 401 to it), so the next call fetches one.
    func invalidate(_ header: String?) {
        lock.withLock {
            if let token, header == "Bearer " + token { self.token = nil }
        }
    }

    /// Asks the token endpoint (client authentication by HTTP Basic, RFC 6749 §2.3.1).
    private func fetch(url: String, clientID: String, secret: Secret) throws(RemoteError) {
        let basic = Encoding.base64(Array("\(Self.formEncoded(clientID)):\(Self.formEncoded(secret.value))".utf8))
        let request = HTTPRequest(
            method: "POST", url: url,
            headers: [("Authorization", "Basic " + basic), ("Content-Type", "application/x-www-form-urlencoded")],
            body: Array("grant_type=client_credentials".utf8))
        let response: HTTPResponse
        do {
            response = try transport.send(request)
        } catch {
            throw RemoteError(.unavailable, "POST \(url): \(error.message) (the OAuth token endpoint)")
        }
        guard response.isSuccess else {
            let reason = (try? JSONValue(json: response.body))?[member: "error"]?.stringValue.map { " \($0)" } ?? ""
            throw RemoteError(.unauthorized, "POST \(url): \(response.status)\(reason): the OAuth token endpoint refused the client credentials")
        }
        guard let body = try? JSONValue(json: response.body), let token = body[member: "access_token"]?.stringValue, !token.isEmpty
        else {
            throw RemoteError(.protocolError, "POST \(url): the token endpoint's answer has no access_token")
        }
        let lifetime = body[member: "expires_in"].flatMap { value -> Double? in
            if case .number(let text) = value { return Double(text) }
            return nil
        }
        self.token = token
        fetched += 1
        // Fetch again a little before the end: a quarter of the lifetime, at most 30 s early.
        let seconds = lifetime ?? 3600
        expires = HTTPDate.now + seconds - min(30, seconds / 4)
    }

    /// `application/x-www-form-urlencoded` for a Basic credential part (RFC 6749 §2.3.1).
    static func formEncoded(_ text: String) -> String {
        ServiceURL.percentEncoded(text)
    }
}
