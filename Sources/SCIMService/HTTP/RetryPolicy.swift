#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// When and how long to wait before sending a request again.
///
/// A 429 or 503 with `Retry-After` waits what the server asks (seconds or an HTTP-date, at
/// most ``maxDelay``); everything else waits a random time between zero and
/// `baseDelay × 2^(attempt−1)`, at most ``maxDelay`` ("full jitter": clients that failed
/// together do not come back together).
public struct RetryPolicy: Sendable, Equatable {
    /// Retries after the first attempt at most.
    public var maxRetries: Int
    /// The first backoff's upper bound, in seconds.
    public var baseDelay: Double
    /// The longest wait, in seconds.
    public var maxDelay: Double

    /// Creates a policy.
    public init(maxRetries: Int = 5, baseDelay: Double = 0.25, maxDelay: Double = 60) {
        self.maxRetries = maxRetries
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// Statuses worth sending again: rate limited, unavailable, and gateway failures.
    public static func isRetryable(status: Int) -> Bool {
        status == 429 || status == 502 || status == 503 || status == 504
    }

    /// Seconds to wait before attempt `attempt + 1` (`attempt` ≥ 1 failed).
    ///
    /// - Parameters:
    ///   - retryAfter: the response's `Retry-After` value, if any.
    ///   - now: seconds since 1970, for an HTTP-date.
    ///   - random: a number in 0..<1.
    public func delay(afterAttempt attempt: Int, retryAfter: String?, now: Double, random: Double) -> Double {
        if let retryAfter, let seconds = Self.seconds(retryAfter: retryAfter, now: now) {
            return min(max(seconds, 0), maxDelay)
        }
        let ceiling = min(maxDelay, baseDelay * Double(1 << min(attempt - 1, 30)))
        return ceiling * random
    }

    /// `Retry-After` as seconds from `now`: a number of seconds, or an IMF-fixdate
    /// (`Wed, 02 Dec 2026 01:53:41 GMT`, RFC 9110 §10.2.3); nil when it is neither.
    public static func seconds(retryAfter value: String, now: Double) -> Double? {
        let text = value.trimmingWhitespace
        if let n = Int(text) { return n >= 0 ? Double(n) : nil }
        guard let date = HTTPDate.parse(text) else { return nil }
        return date - now
    }
}

/// RFC 9110's preferred date format, `Sun, 06 Nov 1994 08:49:37 GMT`.
enum HTTPDate {
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Seconds since 1970 of an IMF-fixdate, or nil.
    static func parse(_ text: String) -> Double? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[0].hasSuffix(","), parts[5] == "GMT",
            let day = Int(parts[1]), let month = months.firstIndex(of: String(parts[2])), let year = Int(parts[3])
        else { return nil }
        let clock = parts[4].split(separator: ":")
        guard clock.count == 3, let h = Int(clock[0]), let m = Int(clock[1]), let s = Int(clock[2]),
            (1...9999).contains(year), (1...31).contains(day), (0..<24).contains(h), (0..<60).contains(m), (0...60).contains(s)
        else { return nil }
        return Double(daysSince1970(year: year, month: month + 1, day: day) * 86400 + h * 3600 + m * 60 + s)
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date.
    static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The current time in seconds since 1970.
    static var now: Double {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and line ends (`"\r\n"` is one Character);
    /// SCIMStream's `trimmingSpaces` keeps line ends.
    var trimmingWhitespace: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0.isNewline }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
