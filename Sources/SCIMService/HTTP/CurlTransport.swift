import CCurl

/// ``HTTPTransport`` over the system's libcurl (HTTP/1.1 and HTTP/2, TLS, proxies from the
/// usual environment variables), one easy handle per request in flight, handles reused so
/// their connections are kept alive. libcurl is loaded when the first transport is made
/// (`dlopen`), so runs without a service never load it.
///
/// Why libcurl directly and not FoundationNetworking's `URLSession` (itself built on libcurl):
/// on Linux, when a server closes a connection after reading a POST without answering (the
/// lost answer this layer must handle), `URLSession` reports nothing until the request
/// timeout and spins a core meanwhile (measured with Swift 6.3: 5.0 s for a 5 s timeout,
/// 1.0 s user and 4.0 s system CPU); libcurl reports it at once. Linking Foundation also
/// costs every run ~30 M instructions of dynamic relocation at start-up, files-only runs too.
///
/// A POST always gets a fresh connection that is not reused: libcurl sends a request again
/// by itself when a reused connection turns out dead, and a create must never be sent again
/// blindly (``ServiceClient`` looks the user up instead).
public final class CurlTransport: HTTPTransport, @unchecked Sendable {
    let timeout: Double
    private let monitor = Monitor()
    private var idle: [UnsafeMutableRawPointer] = []

    /// Creates a transport; libcurl is loaded by the first request.
    ///
    /// - Parameter timeout: seconds to connect, and seconds without a byte before a request is lost.
    public init(timeout: Double) {
        self.timeout = timeout
    }

    deinit {
        if let api = Self.library { for handle in idle { api.pointee.easy_cleanup(handle) } }
    }

    /// libcurl, loaded and initialised once per process; nil when it cannot be loaded.
    /// (Written once, by the lazy initialisation; read-only afterwards.)
    nonisolated(unsafe) private static let library: UnsafePointer<scim_curl_api>? = {
        let api = UnsafeMutablePointer<scim_curl_api>.allocate(capacity: 1)
        api.initialize(to: scim_curl_api())
        guard scim_curl_load(api) != 0, api.pointee.global_init(Int(SCIM_CURL_GLOBAL_DEFAULT)) == SCIM_CURLE_OK else { return nil }
        return UnsafePointer(api)
    }()

    /// Sends the request and waits for the whole response.
    public func send(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        guard let api = Self.library else {
            throw TransportError(
                .invalid, "libcurl is not installed (Debian and Ubuntu: apt-get install libcurl4); http(s) URLs need it")
        }
        guard request.url.hasPrefix("http://") || request.url.hasPrefix("https://") else {
            throw TransportError(.invalid, "not an http(s) URL: \(request.url)")
        }
        guard let handle = monitor.withLock({ idle.popLast() }) ?? api.pointee.easy_init() else {
            throw TransportError(.notSent, "libcurl could not start a request")
        }
        defer { monitor.withLock { idle.append(handle) } }
        api.pointee.easy_reset(handle)
        let exchange = Exchange()
        var headers: OpaquePointer?
        defer { api.pointee.slist_free_all(headers) }
        // No "Expect: 100-continue" (a one-second pause with servers that ignore it).
        for line in request.headers.map({ "\($0.name): \($0.value)" }) + ["Expect:"] {
            headers = api.pointee.slist_append(headers, line)
        }
        let code: Int32 = request.url.withCString { url in
            request.method.withCString { method in
                let body = request.body ?? []
                return body.withUnsafeBytes { bodyBytes in
                    withExtendedLifetime(exchange) {
                        let context = Unmanaged.passUnretained(exchange).toOpaque()
                        scim_curl_setopt_pointer(api, handle, SCIM_CURLOPT_URL, url)
                        scim_curl_setopt_long(api, handle, SCIM_CURLOPT_NOSIGNAL, 1)
                        scim_curl_setopt_long(api, handle, SCIM_CURLOPT_CONNECTTIMEOUT_MS, Int(timeout * 1000))
                        // Lost when not one byte arrives for `timeout` seconds.
                        scim_curl_setopt_long(api, handle, SCIM_CURLOPT_LOW_SPEED_LIMIT, 1)
                        scim_curl_setopt_long(api, handle, SCIM_CURLOPT_LOW_SPEED_TIME, max(1, Int(timeout.rounded(.up))))
                        scim_curl_setopt_pointer(api, handle, SCIM_CURLOPT_HTTPHEADER, UnsafeRawPointer(headers))
                        scim_curl_setopt_callback(api, handle, SCIM_CURLOPT_WRITEFUNCTION, Exchange.receiveBody)
                        scim_curl_setopt_pointer(api, handle, SCIM_CURLOPT_WRITEDATA, context)
                        scim_curl_setopt_callback(api, handle, SCIM_CURLOPT_HEADERFUNCTION, Exchange.receiveHeader)
                        scim_curl_setopt_pointer(api, handle, SCIM_CURLOPT_HEADERDATA, context)
                        scim_curl_setopt_pointer(api, handle, SCIM_CURLOPT_ACCEPT_ENCODING, "")
                        if request.method == "POST" {
                            scim_curl_setopt_long(api, handle, SCIM_CURLOPT_FRESH_CONNECT, 1)
                            scim_curl_setopt_long(api, handle, SCIM_CURLOPT_FORBID_REUSE, 1)
                        }
                        if request.method != "GET" { scim_curl_setopt_pointer(api, handle, SCIM_CURLOPT_CUSTOMREQUEST, method) }
                        if request.body != nil {
                            scim_curl_setopt_size(api, handle, SCIM_CURLOPT_POSTFIELDSIZE_LARGE, Int64(bodyBytes.count))
                            scim_curl_setopt_pointer(api, handle, SCIM_CURLOPT_POSTFIELDS, bodyBytes.baseAddress ?? UnsafeRawPointer(url))
                        }
                        return api.pointee.easy_perform(handle)
                    }
                }
            }
        }
        guard code == SCIM_CURLE_OK else { throw Self.classify(code, api) }
        return HTTPResponse(status: scim_curl_response_code(api, handle), headers: exchange.headers, body: exchange.body)
    }

    /// Whether a failed request may have reached the server.
    static func classify(_ code: Int32, _ api: UnsafePointer<scim_curl_api>) -> TransportError {
        let text = (api.pointee.easy_strerror(code).map { String(cString: $0) } ?? "error") + " (curl \(code))"
        switch code {
        case SCIM_CURLE_COULDNT_CONNECT, SCIM_CURLE_COULDNT_RESOLVE_HOST, SCIM_CURLE_COULDNT_RESOLVE_PROXY:
            return TransportError(.notSent, text)
        case SCIM_CURLE_UNSUPPORTED_PROTOCOL, SCIM_CURLE_URL_MALFORMAT:
            return TransportError(.invalid, text)
        default:
            return TransportError(.answerLost, text)
        }
    }

    /// What arrives for one request: the body, and the header fields of the final response.
    private final class Exchange {
        var body: [UInt8] = []
        var headers: [String: String] = [:]

        static let receiveBody: scim_curl_data_callback = { data, size, count, context in
            let exchange = Unmanaged<Exchange>.fromOpaque(context!).takeUnretainedValue()
            let n = size * count
            if let data, n > 0 {
                exchange.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: n))
            }
            return n
        }

        static let receiveHeader: scim_curl_data_callback = { data, size, count, context in
            let exchange = Unmanaged<Exchange>.fromOpaque(context!).takeUnretainedValue()
            let n = size * count
            guard let data, n > 0 else { return n }
            let line = String(decoding: UnsafeRawBufferPointer(start: data, count: n), as: UTF8.self)
            if line.hasPrefix("HTTP/") {
                // A new response (after 100 Continue or a redirect): only the last one counts.
                exchange.headers = [:]
            } else if let colon = line.firstIndex(of: ":") {
                let name = line[..<colon].lowercased()
                exchange.headers[name] = String(line[line.index(after: colon)...]).trimmingWhitespace
            }
            return n
        }
    }
}
