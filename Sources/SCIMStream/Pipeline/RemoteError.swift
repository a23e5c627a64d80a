/// A failure of a live service, as a reader of its pages or a writer of its users met it.
///
/// The message is safe to print: it names URLs and statuses, never a credential.
public struct RemoteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure, for a tool's exit status.
    public enum Kind: Sendable, Equatable {
        /// The service could not be reached, or kept failing after every retry.
        case unavailable
        /// The service refused the credentials (401 or 403), even after a fresh token.
        case unauthorized
        /// The service answered something that is not what the protocol allows.
        case protocolError
        /// The service refused a user for good (a 4xx other than a rate limit), and errors stop the run.
        case userRefused
    }

    /// What kind of failure.
    public var kind: Kind
    /// What happened, with the method, URL and status where known.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
