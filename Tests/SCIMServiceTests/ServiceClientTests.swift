import Foundation
import SCIMJSON
import SCIMStream
import Testing
@testable import SCIMService

/// Retries, lost answers and credentials of one request.
@Suite struct ServiceClientTests {
    @Test func rateLimitWaitsWhatRetryAfterSaysThenSucceeds() throws {
        let fake = FakeService()
        fake.intercept = { request, n in
            n <= 2 ? HTTPResponse(status: 429, headers: ["Retry-After": n == 1 ? "2" : "7"]) : nil
        }
        let sleeps = SleepLog()
        let client = makeClient(fake, sleeps: sleeps)
        let exchange = try client.send(HTTPRequest(method: "GET", url: fake.base + "/Users"))
        #expect(exchange.response.status == 200)
        #expect(exchange.attempts == 3)
        #expect(sleeps.waits == [2, 7])
        #expect(client.counters.retried == 2)
        #expect(client.counters.responsesByStatus == [429: 2, 200: 1])
    }

    @Test func unavailableWithoutRetryAfterBacksOffAndGivesUpWithTheLastAnswer() throws {
        let fake = FakeService()
        fake.intercept = { _, _ in FakeService.error(503, nil, "down") }
        let sleeps = SleepLog()
        let exchange = try makeClient(fake, retries: 2, sleeps: sleeps).send(HTTPRequest(method: "GET", url: fake.base + "/Users"))
        #expect(exchange.response.status == 503)
        #expect(exchange.attempts == 3)
        #expect(sleeps.waits.count == 2)
        #expect(sleeps.waits.allSatisfy { $0 >= 0 && $0 <= 0.5 })
    }

    @Test func aLostAnswerIsRetriedForGetButReportedForPost() throws {
        let fake = FakeService()
        fake.intercept = { _, n throws(TransportError) in
            if n == 1 { throw TransportError(.answerLost, "connection lost") }
            return nil
        }
        let client = makeClient(fake)
        #expect(try client.send(HTTPRequest(method: "GET", url: fake.base + "/Users")).attempts == 2)
        #expect(throws: ServiceClient.AnswerLost.self) {
            try client.send(HTTPRequest(method: "POST", url: fake.base + "/Users", body: Array(#"{"userName":"a"}"#.utf8)))
        }
        #expect(fake.requests.filter { $0.method == "POST" }.count == 1)
    }

    @Test func aConnectionNeverMadeIsRetriedEvenForPostThenIsUnavailable() throws {
        let fake = FakeService()
        fake.intercept = { _, _ throws(TransportError) in throw TransportError(.notSent, "could not connect") }
        do {
            _ = try makeClient(fake, retries: 2).send(HTTPRequest(method: "POST", url: fake.base + "/Users", body: []))
            Issue.record("no error")
        } catch let error as RemoteError {
            #expect(error.kind == .unavailable)
            #expect(error.message.contains("3 attempts"))
        }
        #expect(fake.requests.count == 3)
    }

    @Test func bearerTokenGoesOnlyIntoTheAuthorizationHeader() throws {
        let fake = FakeService()
        fake.intercept = { _, _ in FakeService.error(401, nil, "invalid token") }
        do {
            _ = try makeClient(fake).send(HTTPRequest(method: "GET", url: fake.base + "/Users"))
            Issue.record("no error")
        } catch let error as RemoteError {
            #expect(error.kind == .unauthorized)
            #expect(!error.message.contains(fakeToken))
            #expect(!"\(error)".contains(fakeToken))
        }
        #expect(fake.requests.count == 1)
        #expect(fake.requests[0].header("Authorization") == "Bearer " + fakeToken)
        #expect(!"\(Credentials.bearer(Secret(fakeToken)))".contains(fakeToken))
        #expect(!String(reflecting: Secret(fakeToken)).contains(fakeToken))
    }

    @Test func oauthTokenIsFetchedOnceAndAgainAfterA401() throws {
        let fake = FakeService()
        let tokenURL = "http://fake.test/oauth/token"
        fake.intercept = { request, n in
            if request.url == tokenURL {
                #expect(request.header("Authorization") == "Basic " + "client-1:s3cret%21".base64)
                return HTTPResponse(status: 200, body: Array(#"{"access_token":"issued-\#(n)","expires_in":3600}"#.utf8))
            }
            // The first token is revoked after the first request.
            if request.header("Authorization") == "Bearer issued-1", n > 1 { return FakeService.error(401, nil, "expired") }
            return nil
        }
        let client = makeClient(
            fake, credentials: .clientCredentials(tokenURL: tokenURL, clientID: "client-1", secret: Secret("s3cret!")))
        for _ in 0..<3 { #expect(try client.send(HTTPRequest(method: "GET", url: fake.base + "/Users")).response.status == 200) }
        let tokenRequests = fake.requests.filter { $0.url == tokenURL }
        #expect(tokenRequests.count == 2)
        #expect(fake.requests.last?.header("Authorization") == "Bearer issued-2")
    }

    @Test func refusedClientCredentialsStopWithoutShowingTheSecret() throws {
        let fake = FakeService()
        fake.intercept = { _, _ in HTTPResponse(status: 401, body: Array(#"{"error":"invalid_client"}"#.utf8)) }
        let client = makeClient(
            fake, credentials: .clientCredentials(tokenURL: "http://fake.test/oauth/token", clientID: "c", secret: Secret("s3cret!")))
        do {
            _ = try client.send(HTTPRequest(method: "GET", url: fake.base + "/Users"))
            Issue.record("no error")
        } catch let error as RemoteError {
            #expect(error.kind == .unauthorized)
            #expect(error.message.contains("invalid_client"))
            #expect(!error.message.contains("s3cret"))
        }
    }
}

extension String {
    var base64: String { Data(utf8).base64EncodedString() }
}
