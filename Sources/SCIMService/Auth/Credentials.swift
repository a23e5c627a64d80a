import SCIMStream

/// How requests to one service are authorised. Secrets are read from files or the
/// environment, never from the command line, and no description of this type shows them.
public enum Credentials: Sendable, CustomStringConvertible {
    /// No `Authorization` header.
    case none
    /// `Authorization: Bearer TOKEN`.
    case bearer(Secret)
    /// OAuth 2.0 client credentials (RFC 6749 §4.4): a token from `tokenURL`, fetched again
    /// when it expires or the service answers 401.
    case clientCredentials(tokenURL: String, clientID: String, secret: Secret)

    /// Names the kind only.
    public var description: String {
        switch self {
        case .none: "none"
        case .bearer: "bearer token"
        case .clientCredentials(let url, _, _): "OAuth client credentials from \(url)"
        }
    }
}

/// A secret string (token, client secret) that no message, dump or description reveals.
public struct Secret: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The secret itself: only for the `Authorization` header.
    public let value: String

    /// Wraps a secret.
    public init(_ value: String) { self.value = value }

    /// Reads a secret from a file: the first line without surrounding whitespace.
    ///
    /// - Throws: ``SecretFileError`` (naming the file, never its contents) when it cannot be read or is empty.
    public static func read(file path: String) throws(SecretFileError) -> Secret {
        let text: String
        do {
            text = try FileContents.text(path)
        } catch {
            throw SecretFileError(path: path, reason: "\(error)")
        }
        let line = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).first.map(String.init) ?? ""
        let value = line.trimmingWhitespace
        guard !value.isEmpty else { throw SecretFileError(path: path, reason: "the file is empty") }
        guard value.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw SecretFileError(path: path, reason: "the first line holds spaces or characters a header cannot carry")
        }
        return Secret(value)
    }

    /// A secret from an environment variable's value: without surrounding whitespace; nil when empty.
    public static func fromEnvironment(_ value: String?) -> Secret? {
        guard let value = value?.trimmingWhitespace, !value.isEmpty else { return nil }
        return Secret(value)
    }

    /// `<secret>`.
    public var description: String { "<secret>" }
    /// `<secret>`.
    public var debugDescription: String { "<secret>" }
    /// Nothing to see.
    public var customMirror: Mirror { Mirror(self, children: []) }
}

/// A secret file could not be used.
public struct SecretFileError: Error, Sendable, CustomStringConvertible {
    /// The file.
    public var path: String
    /// Why (never its contents).
    public var reason: String

    /// `PATH: REASON`.
    public var description: String { "\(path): \(reason)" }
}
