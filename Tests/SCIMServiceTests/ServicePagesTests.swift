import Foundation
import SCIMJSON
import SCIMStream
import Testing
@testable import SCIMService

/// Reading a service page by page into the pipeline.
@Suite struct ServicePagesTests {
    /// A fake with `n` users `u1`…`un`.
    func seeded(_ n: Int) -> FakeService {
        let fake = FakeService()
        for i in 1...n { fake.seed(#"{"userName":"u\#(i)","password":"pw"}"#) }
        return fake
    }

    /// Runs the pages through a pipeline; returns the NDJSON, the warnings and the error.
    func read(_ pages: ServicePages) -> (out: [String], warnings: [String], error: PipelineError?) {
        let warnings = WarningLog()
        pages.onWarning = warnings.add
        let pipeline = Pipeline(stages: [SeenUsers()])
        let sink = MemorySink()
        var failure: PipelineError?
        do {
            try pipeline.run([.stream(pages)], to: OutputBuffer(sink: sink))
        } catch {
            failure = error
        }
        let lines = String(decoding: sink.bytes, as: UTF8.self).split(separator: "\n").map(String.init)
        return (lines, warnings.lines, failure)
    }

    @Test func advancesByWhatEachPageHoldsWhenTheServiceReturnsFewerThanAsked() throws {
        let fake = seeded(20)
        // The service caps pages at 7 users whatever the count asked.
        let pages = ServicePages(client: makeClient(fake).with(transport: CappingTransport(inner: fake, cap: 7)), query: ServerQuery(pageSize: 50))
        let result = read(pages)
        #expect(result.error == nil)
        #expect(result.out.count == 20)
        #expect(result.out.allSatisfy { !$0.contains("password") })
        let starts = fake.requests.filter { $0.url.contains("/Users?") }.map {
            FakeService.query(String($0.url.split(separator: "?")[1]))["startIndex"]!
        }
        #expect(starts == ["1", "8", "15"])
        #expect(pages.pagesRead == 3)
    }

    @Test func aUserSeenTwiceIsWrittenOnceAndATotalThatChangesIsAWarning() throws {
        let fake = seeded(6)
        // After the first page a user is added at the front: the second page repeats the
        // last user of the first.
        let pages = ServicePages(client: makeClient(fake).with(transport: MovingTransport(inner: fake)), query: ServerQuery(pageSize: 3))
        let result = read(pages)
        #expect(result.error == nil)
        let ids = result.out.compactMap { (try? JSONValue(parsing: $0))?[member: "id"]?.stringValue }
        #expect(ids.count == Set(ids).count)
        #expect(ids.count == 6)
        #expect(result.warnings.contains { $0.contains("totalResults changed from 6 to 7") })
    }

    @Test func anErrorDocumentWithStatus200IsNeverReadAsUsers() throws {
        let fake = seeded(3)
        fake.intercept = { request, _ in
            request.url.contains("/Users?") ? HTTPResponse(status: 200, body: FakeService.error(401, nil, "token expired").body) : nil
        }
        let result = read(ServicePages(client: makeClient(fake), query: ServerQuery()))
        #expect(result.out.isEmpty)
        guard case .remote(_, let error)? = result.error else {
            Issue.record("expected a remote error, got \(String(describing: result.error))")
            return
        }
        #expect(error.kind == .protocolError)
        #expect(error.message.contains("SCIM Error"))
        #expect(error.message.contains("token expired"))
    }

    @Test func anHTTPErrorStopsTheInputWithItsDetail() throws {
        let fake = seeded(3)
        fake.intercept = { request, _ in request.url.contains("/Users?") ? FakeService.error(400, "invalidFilter", "bad filter") : nil }
        let result = read(ServicePages(client: makeClient(fake), query: ServerQuery(filter: "x eq 1")))
        guard case .remote(_, let error)? = result.error else {
            Issue.record("expected a remote error")
            return
        }
        #expect(error.kind == .protocolError)
        #expect(error.message.contains("400 invalidFilter: bad filter"))
        #expect(error.message.contains("filter=x%20eq%201"))
    }

    @Test func pageSizeIsClampedToMaxResultsWithAWarning() throws {
        let fake = seeded(30)
        fake.serviceProviderConfig = #"{"filter":{"supported":true,"maxResults":25}}"#
        let result = read(ServicePages(client: makeClient(fake), query: ServerQuery(pageSize: 100)))
        #expect(result.out.count == 30)
        #expect(result.warnings.contains { $0.contains("at most 25") })
        #expect(fake.requests.filter { $0.url.contains("count=100") }.isEmpty)
    }

    @Test func cursorPagingFollowsNextCursorWhenAnnounced() throws {
        let fake = seeded(5)
        fake.serviceProviderConfig = #"{"pagination":{"cursor":true,"index":true}}"#
        fake.intercept = { request, _ in
            guard request.url.contains("cursor=") else { return nil }
            let query = FakeService.query(String(request.url.split(separator: "?")[1]))
            let start = Int(query["cursor"]!.isEmpty ? "0" : query["cursor"]!)!
            let users = (start..<min(start + 2, 5)).map { i in JSONValue.object([.init("id", .string("c\(i)"))]) }
            var page = try! JSONValue(json: FakeService.listResponse(users, total: 5, start: 1))
            if start + 2 < 5, case .object(var members) = page {
                members.append(.init("nextCursor", .string(String(start + 2))))
                page = .object(members)
            }
            return HTTPResponse(status: 200, body: page.jsonBytes)
        }
        let result = read(ServicePages(client: makeClient(fake), query: ServerQuery(pageSize: 2)))
        #expect(result.error == nil)
        #expect(result.out.count == 5)
        #expect(fake.requests.filter { $0.url.contains("startIndex") }.isEmpty)
        #expect(fake.requests.filter { $0.url.contains("cursor=") }.count == 3)
    }
}

/// Collects warnings.
final class WarningLog: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var lines: [String] = []
    var add: @Sendable (String) -> Void { { line in self.lock.withLock { self.lines.append(line) } } }
}

/// Returns at most `cap` users a page, as a service that caps `count` does.
struct CappingTransport: HTTPTransport {
    let inner: FakeService
    let cap: Int
    func send(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        var request = request
        if let range = request.url.range(of: "count=") {
            request.url = String(request.url[..<range.upperBound]) + String(cap)
        }
        return try inner.send(request)
    }
}

/// Adds a user at the front of the listing after the first page (ids sort before the others).
final class MovingTransport: HTTPTransport, @unchecked Sendable {
    let inner: FakeService
    private var pages = 0
    init(inner: FakeService) { self.inner = inner }
    func send(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        let response = try inner.send(request)
        if request.url.contains("startIndex=") {
            pages += 1
            if pages == 1 { inner.insertAtFront(#"{"userName":"u0"}"#) }
        }
        return response
    }
}

extension ServiceClient {
    /// The same client over another transport.
    func with(transport: any HTTPTransport) -> ServiceClient {
        ServiceClient(url: url, credentials: .bearer(Secret(fakeToken)), transport: transport, retry: retry, sleep: { _ in })
    }
}
