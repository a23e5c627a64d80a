/// Sends one HTTP request and returns the response: the only thing the service layer needs
/// from the network. ``URLSessionTransport`` is the real one; tests pass their own.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and waits for the whole response.
    ///
    /// - Throws: ``TransportError`` when no response arrived.
    func send(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse
}

/// No HTTP response arrived.
public struct TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Whether the request may have reached the server.
    public enum Kind: Sendable, Equatable {
        /// The connection was never made (refused, no such host): nothing was sent.
        case notSent
        /// The connection broke or timed out after the request may have been sent: a POST
        /// may have created the user.
        case answerLost
        /// The URL or request cannot be sent at all.
        case invalid
    }

    /// Whether the request may have arrived.
    public var kind: Kind
    /// What the system said (never a header or a body).
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
