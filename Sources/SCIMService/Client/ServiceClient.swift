import SCIMStream

/// Sends requests to one SCIM service: adds the credentials, retries what may be retried,
/// counts every response, and turns a refused token into ``RemoteError``.
///
/// Thread-safe: the request threads share one client.
public final class ServiceClient: @unchecked Sendable {
    /// The service.
    public let url: ServiceURL
    /// The retry settings.
    public let retry: RetryPolicy
    /// Counts of requests and outcomes.
    public let counters: ServiceCounters
    let transport: any HTTPTransport
    let tokens: TokenProvider
    /// Waits `seconds` (tests pass one that only records).
    let sleep: @Sendable (Double) -> Void
    private let randomLock = Monitor()
    private var generator = SystemRandomNumberGenerator()

    /// Creates a client.
    public init(
        url: ServiceURL, credentials: Credentials, transport: any HTTPTransport, retry: RetryPolicy = RetryPolicy(),
        counters: ServiceCounters = ServiceCounters(),
        sleep: (@Sendable (Double) -> Void)? = nil
    ) {
        self.url = url
        self.retry = retry
        self.counters = counters
        self.transport = transport
        self.tokens = TokenProvider(credentials: credentials, transport: transport)
        self.sleep = sleep ?? { SCIMService.sleep(seconds: $0) }
    }

    /// A response and how many times the request was sent for it.
    public struct Exchange: Sendable {
        /// The final response (a 429 or 503 when the retries ran out).
        public var response: HTTPResponse
        /// Times the request was sent.
        public var attempts: Int
        /// Times an answer was lost (connection dropped, timeout, gateway error) before this one:
        /// an earlier attempt may have been applied.
        public var answersLost = 0
    }

    /// The answer to a request that may have been applied was lost (POST only: other methods
    /// are sent again).
    public struct AnswerLost: Error, Sendable {
        /// Times the request was sent.
        public var attempts: Int
        /// Why.
        public var reason: String
    }

    /// Sends `request` until it gets a final answer.
    ///
    /// 429, 502, 503 and 504 are retried after ``RetryPolicy/delay(afterAttempt:retryAfter:now:random:)``;
    /// a request that was never sent is retried; one whose answer was lost is retried unless it
    /// is a POST (then ``AnswerLost`` is thrown, so the caller can look the user up first).
    /// A 401 fetches a new OAuth token once.
    ///
    /// - Throws: ``AnswerLost``; ``RemoteError`` `.unauthorized` for 401/403,
    ///   `.unavailable` when no answer came after every retry.
    public func send(_ request: HTTPRequest) throws -> Exchange {
        var attempts = 0
        var lost = 0
        var refreshed = false
        while true {
            attempts += 1
            var request = request
            let authorization = try tokens.authorization()
            if let authorization { request.headers.append(("Authorization", authorization)) }
            let response: HTTPResponse
            do {
                response = try transport.send(request)
            } catch {
                counters.countLostAnswer()
                let canResend = error.kind == .notSent || request.method != "POST"
                guard error.kind != .invalid else { throw RemoteError(.unavailable, "\(request.method) \(request.url): \(error.message)") }
                guard canResend else { throw AnswerLost(attempts: attempts, reason: error.message) }
                if error.kind == .answerLost { lost += 1 }
                guard attempts <= retry.maxRetries else {
                    throw RemoteError(.unavailable, "\(request.method) \(request.url): \(error.message), \(attempts) attempts")
                }
                wait(afterAttempt: attempts, retryAfter: nil)
                continue
            }
            counters.count(status: response.status)
            if response.status == 401, tokens.canRefresh, !refreshed {
                refreshed = true
                tokens.invalidate(authorization)
                attempts -= 1
                continue
            }
            if response.status == 401 || response.status == 403 {
                throw RemoteError(
                    .unauthorized,
                    "\(request.method) \(request.url): \(SCIMErrorBody(response: response)) (the service refused the credentials)")
            }
            if RetryPolicy.isRetryable(status: response.status), attempts <= retry.maxRetries {
                if request.method == "POST", response.status == 502 || response.status == 504 {
                    // A gateway failure may come after the service created the user.
                    throw AnswerLost(attempts: attempts, reason: "\(response.status) from a gateway")
                }
                if response.status == 502 || response.status == 504 { lost += 1 }
                wait(afterAttempt: attempts, retryAfter: response.headers["retry-after"])
                continue
            }
            return Exchange(response: response, attempts: attempts, answersLost: lost)
        }
    }

    /// Counts a retry and sleeps before it.
    private func wait(afterAttempt attempts: Int, retryAfter: String?) {
        counters.countRetry()
        let random = randomLock.withLock { Double.random(in: 0..<1, using: &generator) }
        sleep(retry.delay(afterAttempt: attempts, retryAfter: retryAfter, now: HTTPDate.now, random: random))
    }

    /// Reads the ServiceProviderConfig; a service without one (404) supports nothing optional.
    ///
    /// - Throws: ``RemoteError``.
    public func serviceProviderConfig() throws -> ServiceProviderConfig {
        let exchange = try send(HTTPRequest(method: "GET", url: url.serviceProviderConfig))
        guard exchange.response.isSuccess else {
            if exchange.response.status == 404 { return ServiceProviderConfig() }
            throw RemoteError(.unavailable, "GET \(url.serviceProviderConfig): \(SCIMErrorBody(response: exchange.response))")
        }
        do {
            return try ServiceProviderConfig(json: exchange.response.body)
        } catch {
            throw RemoteError(.protocolError, "GET \(url.serviceProviderConfig): the answer is not JSON (\(error))")
        }
    }
}
