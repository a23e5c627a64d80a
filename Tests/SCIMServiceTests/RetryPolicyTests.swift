import Testing
@testable import SCIMService

/// `Retry-After` in both forms, and the backoff's bounds.
@Suite struct RetryPolicyTests {
    @Test func retryAfterSecondsAndHTTPDate() {
        #expect(RetryPolicy.seconds(retryAfter: "3", now: 0) == 3)
        #expect(RetryPolicy.seconds(retryAfter: " 0 ", now: 0) == 0)
        // Wed, 02 Dec 2026 01:53:41 GMT is 1796176421 s after 1970.
        let date = HTTPDate.parse("Wed, 02 Dec 2026 01:53:41 GMT")
        #expect(date == 1_796_176_421)
        #expect(RetryPolicy.seconds(retryAfter: "Wed, 02 Dec 2026 01:53:41 GMT", now: 1_796_176_419) == 2)
        #expect(RetryPolicy.seconds(retryAfter: "soon", now: 0) == nil)
        #expect(HTTPDate.parse("Wed, 32 Foo 2026 01:53:41 GMT") == nil)
    }

    @Test func delayHonoursRetryAfterUpToTheCap() {
        let policy = RetryPolicy(maxRetries: 5, baseDelay: 0.5, maxDelay: 10)
        #expect(policy.delay(afterAttempt: 1, retryAfter: "4", now: 0, random: 0.9) == 4)
        #expect(policy.delay(afterAttempt: 1, retryAfter: "400", now: 0, random: 0.9) == 10)
        // A date in the past: retry at once.
        #expect(policy.delay(afterAttempt: 1, retryAfter: "Thu, 01 Jan 1970 00:00:10 GMT", now: 100, random: 0.9) == 0)
    }

    @Test func backoffIsFullJitterUnderAnExponentialCeiling() {
        let policy = RetryPolicy(maxRetries: 5, baseDelay: 0.5, maxDelay: 10)
        #expect(policy.delay(afterAttempt: 1, retryAfter: nil, now: 0, random: 0.999) < 0.5)
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil, now: 0, random: 0.5) == 1.0)
        #expect(policy.delay(afterAttempt: 30, retryAfter: nil, now: 0, random: 1) == 10)
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil, now: 0, random: 0) == 0)
    }
}

/// Header values as libcurl hands them over end in CR LF, one Character in Swift: the
/// `location` of every result ended in "\r\n" (found by the shapes integration test).
@Suite struct HeaderValueTests {
    @Test func crlfIsTrimmed() {
        #expect(" http://t/Users/1\r\n".trimmingWhitespace == "http://t/Users/1")
        #expect("\t3 \n".trimmingWhitespace == "3")
    }
}
