import Dispatch
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// ``HTTPTransport`` over Foundation's `URLSession` (libcurl on Linux: TLS, proxies, keep-alive).
///
/// Each ``send(_:)`` blocks its caller until the response is complete; callers run several at
/// once from their own threads (``RequestWindow``).
public final class URLSessionTransport: HTTPTransport, @unchecked Sendable {
    let session: URLSession

    /// Creates a transport.
    ///
    /// - Parameters:
    ///   - timeout: seconds a request may wait for data before it fails as lost.
    ///   - connections: connections per host at most (the concurrency).
    public init(timeout: Double, connections: Int) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout * 4
        configuration.httpMaximumConnectionsPerHost = max(1, connections)
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        session = URLSession(configuration: configuration)
    }

    deinit { session.finishTasksAndInvalidate() }

    /// Sends the request and waits for the response.
    public func send(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        guard let url = URL(string: request.url), url.scheme == "http" || url.scheme == "https" else {
            throw TransportError(.invalid, "not an http(s) URL: \(request.url)")
        }
        var urlRequest = URLRequest(url: url)
        urlRequest.httpMethod = request.method
        for (name, value) in request.headers { urlRequest.addValue(value, forHTTPHeaderField: name) }
        if let body = request.body { urlRequest.httpBody = Data(body) }
        let box = ResultBox()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: urlRequest) { data, response, error in
            if let http = response as? HTTPURLResponse, error == nil {
                var headers: [String: String] = [:]
                for (key, value) in http.allHeaderFields {
                    if let key = key as? String, let value = value as? String { headers[key] = value }
                }
                box.result = .success(HTTPResponse(status: http.statusCode, headers: headers, body: data.map { [UInt8]($0) } ?? []))
            } else {
                box.result = .failure(Self.classify(error))
            }
            done.signal()
        }
        task.resume()
        done.wait()
        switch box.result! {
        case .success(let response): return response
        case .failure(let error): throw error
        }
    }

    /// Whether a failed request may have reached the server.
    static func classify(_ error: (any Error)?) -> TransportError {
        guard let error = error as? URLError else {
            return TransportError(.answerLost, "no HTTP response (\(error.map { "\($0)" } ?? "unknown error"))")
        }
        let notSent: [URLError.Code] = [.cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet]
        let text = "\(error.code.description) (\(error.code.rawValue))"
        if notSent.contains(error.code) { return TransportError(.notSent, text) }
        if [.unsupportedURL, .badURL].contains(error.code) { return TransportError(.invalid, text) }
        return TransportError(.answerLost, text)
    }

    /// The completion handler's result, handed to the waiting thread (the semaphore orders the accesses).
    private final class ResultBox: @unchecked Sendable {
        var result: Result<HTTPResponse, TransportError>?
    }
}

extension URLError.Code {
    /// A short English name for the common codes.
    var description: String {
        switch self {
        case .timedOut: "timed out"
        case .cannotConnectToHost: "could not connect"
        case .cannotFindHost, .dnsLookupFailed: "host not found"
        case .networkConnectionLost: "connection lost"
        case .badServerResponse: "bad or empty server response"
        case .secureConnectionFailed: "TLS failed"
        default: "network error"
        }
    }
}
