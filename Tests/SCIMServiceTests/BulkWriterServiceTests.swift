import Foundation
import SCIMJSON
import SCIMStream
import Testing
@testable import SCIMService

/// Users sent through the target's `/Bulk` when it says it supports it.
@Suite struct BulkServiceTests {
    func bulkTarget(maxOperations: Int = 25) -> FakeService {
        let fake = FakeService()
        fake.serviceProviderConfig = #"{"bulk":{"supported":true,"maxOperations":\#(maxOperations),"maxPayloadSize":1048576}}"#
        return fake
    }

    @Test func autoUsesBulkWithinTheTargetsLimitsAndMapsAnswersByBulkId() throws {
        let fake = bulkTarget()
        var settings = ServiceWriter.Settings()
        settings.concurrency = 3
        let run = try migrate(sourceUsers(60), into: fake, settings: settings)
        #expect(run.error == nil)
        #expect(run.writer.usesBulk)
        #expect(fake.bulkRequests == 3)
        #expect(fake.requests.filter { $0.method == "POST" && $0.url.hasSuffix("/Users") }.isEmpty)
        #expect(fake.userCount == 60)
        let results = run.results.filter { $0[member: "phase"] == nil }
        #expect(results.map { $0[member: "userName"]?.stringValue ?? "" } == (1...60).map { "user\($0)@example.com" })
        // Each user's target id is the one the target gave that user.
        for result in results {
            let name = result[member: "userName"]!.stringValue!
            #expect(result[member: "targetId"]?.stringValue == fake.user(named: name)?[member: "id"]?.stringValue)
            #expect(result[member: "outcome"] == .string("created"))
        }
    }

    @Test func ourOwnLimitAppliesWhenLower() throws {
        let fake = bulkTarget(maxOperations: 1000)
        var settings = ServiceWriter.Settings()
        settings.bulkMaxOperations = 10
        _ = try migrate(sourceUsers(35), into: fake, settings: settings)
        #expect(fake.bulkRequests == 4)
        #expect(fake.userCount == 35)
    }

    @Test func aConflictInsideTheDocumentIsSettledAlone() throws {
        let fake = bulkTarget()
        fake.seed(#"{"userName":"user3@example.com"}"#)
        let run = try migrate(sourceUsers(5), into: fake)
        #expect(run.error == nil)
        #expect(fake.userCount == 5)
        let third = run.results[2]
        #expect(third[member: "outcome"] == .string("existing"))
        #expect(third[member: "note"]?.stringValue?.contains("the Bulk operation got 409; sent alone") == true)
    }

    @Test func aLostBulkAnswerSendsEachUserAloneWithoutDuplicates() throws {
        let fake = bulkTarget()
        fake.intercept = { request, n throws(TransportError) in
            guard request.url.hasSuffix("/Bulk"), n == 1 else { return nil }
            _ = fake.sendToStore(request)
            throw TransportError(.answerLost, "connection lost")
        }
        let run = try migrate(sourceUsers(8), into: fake)
        #expect(run.error == nil)
        #expect(fake.userCount == 8)
        #expect(run.results.allSatisfy { $0[member: "outcome"] == .string("existing") })
    }

    @Test func alwaysStopsWhenTheTargetHasNoBulk() throws {
        let fake = FakeService()
        var settings = ServiceWriter.Settings()
        settings.bulk = .always
        let run = try migrate(sourceUsers(2), into: fake, settings: settings)
        guard case .remote(_, let error)? = run.error else {
            Issue.record("expected the run to stop, got \(String(describing: run.error))")
            return
        }
        #expect(error.kind == .protocolError)
        #expect(error.message.contains("bulk.supported is false"))
        #expect(fake.userCount == 0)
    }

    @Test func neverSendsOneRequestPerUser() throws {
        let fake = bulkTarget()
        var settings = ServiceWriter.Settings()
        settings.bulk = .never
        _ = try migrate(sourceUsers(4), into: fake, settings: settings)
        #expect(fake.bulkRequests == 0)
        #expect(fake.userCount == 4)
    }
}
