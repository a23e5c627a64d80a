import Foundation
import SCIMJSON
import SCIMStream
import Testing
@testable import SCIMService

/// Writing users to a service: order, lost answers, conflicts, failures, resume, remapping.
@Suite struct ServiceWriterTests {
    func userNames(_ run: MigrationRun) -> [String] {
        run.results.filter { $0[member: "phase"] == nil }.compactMap { $0[member: "userName"]?.stringValue }
    }

    @Test func resultsComeInInputOrderWhateverOrderTheAnswersCameIn() throws {
        let fake = FakeService()
        fake.jitterMicroseconds = 3000
        var settings = ServiceWriter.Settings()
        settings.concurrency = 8
        let run = try migrate(sourceUsers(60), into: fake, settings: settings)
        #expect(run.error == nil)
        #expect(userNames(run) == (1...60).map { "user\($0)@example.com" })
        #expect(run.results.allSatisfy { $0[member: "outcome"]?.stringValue == "created" && $0[member: "status"] == .number("201") })
        #expect(fake.userCount == 60)
        #expect(run.writer.client.counters.outcomes("created") == 60)
        #expect(run.pipeline.statistics.recordsWritten == 60)
        // What is sent carries no password, id or meta (read-only), and no token anywhere else.
        let bodies = fake.requests.compactMap(\.body).map { String(decoding: $0, as: UTF8.self) }
        #expect(bodies.allSatisfy { !$0.contains("pw-") && !$0.contains(#""id""#) && !$0.contains(#""meta""#) })
        #expect(!run.resultsText.contains(fakeToken))
        // The source id is recorded with the target id.
        #expect(run.results[0][member: "sourceId"] == .string("s1"))
        #expect(run.results[0][member: "targetId"]?.stringValue?.hasPrefix("t") == true)
    }

    @Test func aCreateWhoseAnswerWasLostIsLookedUpNotSentAgain() throws {
        let fake = FakeService()
        // The third POST creates the user, then the connection drops.
        fake.intercept = { request, n throws(TransportError) in
            guard request.method == "POST", n == 3 else { return nil }
            _ = fake.sendToStore(request)
            throw TransportError(.answerLost, "connection lost")
        }
        var settings = ServiceWriter.Settings()
        settings.concurrency = 1
        let run = try migrate(sourceUsers(5), into: fake, settings: settings)
        #expect(run.error == nil)
        #expect(fake.userCount == 5)
        #expect(fake.userNames().sorted() == (1...5).map { "user\($0)@example.com" }.sorted())
        let third = run.results[2]
        #expect(third[member: "outcome"] == .string("existing"))
        #expect(third[member: "note"]?.stringValue?.contains("answer lost") == true)
        #expect(third[member: "targetId"]?.stringValue != nil)
        #expect(fake.requests.filter { $0.method == "POST" }.count == 5)
    }

    @Test func aLostCreateThatNeverArrivedIsSentAgainAfterTheLookup() throws {
        let fake = FakeService()
        fake.intercept = { request, n throws(TransportError) in
            if request.method == "POST", n == 1 { throw TransportError(.answerLost, "timed out") }
            return nil
        }
        let run = try migrate(sourceUsers(1), into: fake)
        #expect(run.results[0][member: "outcome"] == .string("created"))
        #expect(fake.userCount == 1)
    }

    @Test func conflictsAreSkippedUpdatedOrFailedAsAsked() throws {
        for policy in ConflictPolicy.allCases {
            let fake = FakeService()
            fake.seed(#"{"userName":"user2@example.com","title":"old"}"#)
            var settings = ServiceWriter.Settings()
            settings.onConflict = policy
            let run = try migrate(sourceUsers(3), into: fake, settings: settings, policy: .skip)
            let second = run.results.first { $0[member: "userName"] == .string("user2@example.com") }
            #expect(fake.userCount == 3)
            switch policy {
            case .skip:
                #expect(second?[member: "outcome"] == .string("existing"))
                #expect(run.pipeline.statistics.recordsRejected == 0)
            case .update:
                #expect(second?[member: "outcome"] == .string("updated"))
                #expect(fake.user(named: "user2@example.com")?[member: "title"] == nil)
            case .fail:
                #expect(second?[member: "outcome"] == .string("failed"))
                #expect(second?[member: "error"]?[member: "status"] == .number("409"))
                #expect(run.pipeline.statistics.recordsRejected == 1)
                #expect(run.pipeline.statistics.recordsWritten == 2)
                #expect(run.pipeline.statistics.isBalanced)
                #expect(run.rejectsText.contains("409"))
            }
        }
    }

    @Test func aRefusedUserIsARejectUnderSkipAndStopsTheRunUnderFail() throws {
        let fake = FakeService()
        fake.intercept = { request, _ in
            let body = String(decoding: request.body ?? [], as: UTF8.self)
            return request.method == "POST" && body.contains("user2@") ? FakeService.error(400, "invalidValue", "bad title") : nil
        }
        let skipped = try migrate(sourceUsers(4), into: fake, policy: .skip)
        #expect(skipped.error == nil)
        #expect(skipped.pipeline.statistics.recordsRejected == 1)
        #expect(skipped.pipeline.statistics.isBalanced)
        #expect(skipped.rejectsText.contains("400 invalidValue: bad title"))
        #expect(!skipped.rejectsText.contains("pw-2"))
        #expect(skipped.results[1][member: "error"]?[member: "scimType"] == .string("invalidValue"))

        let other = FakeService()
        other.intercept = fake.intercept
        var settings = ServiceWriter.Settings()
        settings.concurrency = 1
        let stopped = try migrate(sourceUsers(4), into: other, settings: settings, policy: .fail)
        guard case .remote(_, let error)? = stopped.error else {
            Issue.record("expected the run to stop, got \(String(describing: stopped.error))")
            return
        }
        #expect(error.kind == .userRefused)
        #expect(error.message.contains("400 invalidValue"))
        #expect(stopped.results.count == 2)
    }

    @Test func managersAreRemappedToTargetIdsAndMissingOnesReported() throws {
        let fake = FakeService()
        var settings = ServiceWriter.Settings()
        settings.remapsReferences = true
        // User 3's manager (s1) is not in this input.
        let input = sourceUsers(4).split(separator: "\n").dropFirst().joined(separator: "\n") + "\n"
        let warnings = WarningLog()
        let run = try migrate(input, into: fake, settings: settings)
        _ = warnings
        #expect(run.error == nil)
        // A manager already on the target is named in the create; the others are left out.
        let created = fake.requests.filter { $0.method == "POST" }.map { String(decoding: $0.body!, as: UTF8.self) }
        #expect(created.filter { $0.contains("manager") }.count <= 1)
        #expect(created.allSatisfy { !$0.contains(#""value":"s"#) })
        let idOf = { (name: String) in fake.user(named: name)?[member: "id"]?.stringValue }
        let manager = { (name: String) in
            fake.user(named: name)?[member: SCIMSchema.enterpriseUser]?[member: "manager"]?[member: "value"]?.stringValue
        }
        #expect(manager("user4@example.com") == idOf("user2@example.com"))
        #expect(manager("user2@example.com") == nil)
        #expect(manager("user3@example.com") == nil)
        let remaps = run.results.filter { $0[member: "phase"] == .string("remap") }
        #expect(remaps.filter { $0[member: "outcome"] == .string("manager-missing") }.count == 2)
        // User 4's manager (user 2) is named at create when user 2 was done by then, else remapped.
        #expect(remaps.count + (created.contains { $0.contains("manager") } ? 1 : 0) == 3)
        #expect(run.writer.client.counters.outcomes("managers_missing") == 2)
    }

    @Test func aUserThatWasThereBeforeKeepsItsManagerButOthersMayPointAtIt() throws {
        let fake = FakeService()
        fake.seed(#"{"userName":"user2@example.com","title":"there before"}"#)
        var settings = ServiceWriter.Settings()
        settings.remapsReferences = true
        settings.concurrency = 1
        let run = try migrate(sourceUsers(4), into: fake, settings: settings)
        #expect(run.error == nil)
        let manager = { (name: String) in
            fake.user(named: name)?[member: SCIMSchema.enterpriseUser]?[member: "manager"]?[member: "value"]?.stringValue
        }
        // user2 was on the target before (409, skipped): left as it was.
        #expect(manager("user2@example.com") == nil)
        #expect(fake.user(named: "user2@example.com")?[member: "title"] == .string("there before"))
        // user4's manager is user2, on the target under the id it had there.
        #expect(manager("user4@example.com") == fake.user(named: "user2@example.com")?[member: "id"]?.stringValue)
        #expect(manager("user3@example.com") == fake.user(named: "user1@example.com")?[member: "id"]?.stringValue)
        // No PATCH touched user2.
        #expect(!fake.requests.contains { $0.method == "PATCH" && $0.url.hasSuffix("/t0001") })
    }

    @Test func aUserFoundWithTheExternalIdWeSendIsOursAndGetsItsManager() throws {
        let fake = FakeService()
        // An earlier run created user 2 (externalId = its source id) and died before recording it.
        fake.seed(#"{"userName":"user2@example.com","externalId":"s2"}"#)
        fake.seed(#"{"userName":"user3@example.com","externalId":"someone-else"}"#)
        var settings = ServiceWriter.Settings()
        settings.remapsReferences = true
        let input = sourceUsers(3).replacingOccurrences(of: #""id":"s(\d)""#, with: #""id":"s$1","externalId":"s$1""#, options: .regularExpression)
        let run = try migrate(input, into: fake, settings: settings)
        #expect(run.error == nil)
        let manager = { (name: String) in
            fake.user(named: name)?[member: SCIMSchema.enterpriseUser]?[member: "manager"]?[member: "value"]?.stringValue
        }
        #expect(manager("user2@example.com") == fake.user(named: "user1@example.com")?[member: "id"]?.stringValue)
        #expect(manager("user3@example.com") == nil)
        #expect(run.results[1][member: "note"]?.stringValue?.hasSuffix("the target's user has this externalId") == true)
    }

    @Test func aResumedRunSkipsWhatTheResultsRecordAndCreatesEachUserOnce() throws {
        let fake = FakeService()
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = dir.appendingPathComponent("first.ndjson")
        // The first run got through 10 users; its file ends in the middle of a line, as after a SIGKILL.
        let run1 = try migrate(sourceUsers(10), into: fake, results: first)
        #expect(run1.error == nil)
        let lines = try String(contentsOf: first, encoding: .utf8).split(separator: "\n")
        try Data((lines.prefix(7).joined(separator: "\n") + "\n" + lines[7].prefix(40)).utf8).write(to: first)
        // The first run also created user 9 without recording it (killed between the two).
        var settings = ServiceWriter.Settings()
        settings.remapsReferences = true
        let run2 = try migrate(sourceUsers(12), into: fake, settings: settings, resume: first)
        #expect(run2.error == nil)
        #expect(fake.userCount == 12)
        #expect(Set(fake.userNames()).count == 12)
        let outcomes = run2.results.filter { $0[member: "phase"] == nil }.map { $0[member: "outcome"]?.stringValue ?? "" }
        #expect(outcomes == Array(repeating: "skipped", count: 7) + ["existing", "existing", "existing", "created", "created"])
        // User 8 was created by the first run but its line was cut: found again (409) while
        // resuming, it counts as this migration's, and gets its manager.
        #expect(
            fake.user(named: "user8@example.com")?[member: SCIMSchema.enterpriseUser]?[member: "manager"]?[member: "value"]?.stringValue
                == fake.user(named: "user4@example.com")?[member: "id"]?.stringValue)
        // Managers are set also for users done in the first run, from the ids it recorded.
        let user6 = fake.user(named: "user6@example.com")
        #expect(
            user6?[member: SCIMSchema.enterpriseUser]?[member: "manager"]?[member: "value"]?.stringValue
                == fake.user(named: "user3@example.com")?[member: "id"]?.stringValue)
    }

    @Test func dryRunPrintsRequestsAndSendsNothing() throws {
        let fake = FakeService()
        var settings = ServiceWriter.Settings()
        settings.dryRun = true
        let run = try migrate(sourceUsers(3), into: fake, settings: settings)
        #expect(fake.requests.isEmpty)
        let lines = run.out.split(separator: "\n").compactMap { try? JSONValue(parsing: String($0)) }
        #expect(lines.count == 3)
        #expect(lines[0][member: "method"] == .string("POST"))
        #expect(lines[0][member: "url"] == .string(fake.base + "/Users"))
        #expect(lines[0][member: "body"]?[member: "userName"] == .string("user1@example.com"))
        #expect(!run.out.contains("pw-"))
        #expect(run.results.allSatisfy { $0[member: "outcome"] == .string("dry-run") })
    }

    @Test func putCarriesIfMatchSoAStaleVersionFailsInsteadOfOverwriting() throws {
        let fake = FakeService()
        fake.seed(#"{"userName":"a@example.com"}"#)
        fake.seed(#"{"userName":"b@example.com"}"#)
        // The target's versions: t0001 is at 2 (changed since the export), t0002 at 1.
        fake.intercept = { request, _ in
            guard request.method == "PUT" else { return nil }
            let current = request.url.hasSuffix("t0001") ? #"W/"2""# : #"W/"1""#
            if let match = request.header("If-Match"), match != current {
                return FakeService.error(412, nil, "version mismatch")
            }
            return nil
        }
        let input =
            [
                #"{"id":"t0001","userName":"a@example.com","title":"new","meta":{"version":"W/\"1\""}}"#,
                #"{"id":"t0002","userName":"b@example.com","title":"new","meta":{"version":"W/\"1\""}}"#
            ].joined(separator: "\n") + "\n"
        var settings = ServiceWriter.Settings()
        settings.method = .put
        let run = try migrate(input, into: fake, settings: settings, policy: .skip)
        #expect(run.results.map { $0[member: "status"] } == [.number("412"), .number("200")])
        #expect(fake.user(named: "a@example.com")?[member: "title"] == nil)
        #expect(fake.requests.filter { $0.method == "PUT" }.allSatisfy { $0.header("If-Match") == #"W/"1""# })
        settings.sendsVersion = false
        let forced = try migrate(input, into: fake, settings: settings, policy: .skip)
        #expect(forced.results.map { $0[member: "status"] } == [.number("200"), .number("200")])
        #expect(fake.user(named: "a@example.com")?[member: "title"] == .string("new"))
    }

    @Test func putPatchAndDeleteAddressTheRecordsId() throws {
        let fake = FakeService()
        fake.seed(#"{"userName":"a@example.com","title":"old"}"#)
        let input = #"{"id":"t0001","userName":"a@example.com","title":"new","meta":{"version":"W/\"1\""}}"# + "\n"
        for method in [BulkWriter.Method.patch, .put, .delete] {
            var settings = ServiceWriter.Settings()
            settings.method = method
            let run = try migrate(input, into: fake, settings: settings)
            #expect(run.error == nil)
            let request = fake.requests.last!
            #expect(request.method == method.rawValue)
            #expect(request.url == fake.base + "/Users/t0001")
            if method == .patch {
                let body = try JSONValue(json: request.body!)
                #expect(body[member: "schemas"] == .array([.string("urn:ietf:params:scim:api:messages:2.0:PatchOp")]))
                #expect(body[member: "Operations"]?.arrayValue.first?[member: "value"]?[member: "meta"] == nil)
                #expect(fake.user(named: "a@example.com")?[member: "title"] == .string("new"))
            }
        }
        #expect(fake.userCount == 0)
    }
}

/// Defects a hostile review found (issue 13).
@Suite struct ServiceReviewTests {
    @Test func aDeleteWhoseAnswerWasLostIsDoneWhenTheUserIsGone() throws {
        let fake = FakeService()
        fake.seed(#"{"userName":"a@example.com"}"#)
        fake.intercept = { request, n throws(TransportError) in
            guard request.method == "DELETE", n == 1 else { return nil }
            _ = fake.sendToStore(request)
            throw TransportError(.answerLost, "connection lost")
        }
        var settings = ServiceWriter.Settings()
        settings.method = .delete
        let run = try migrate(#"{"id":"t0001","userName":"a@example.com"}"# + "\n", into: fake, settings: settings)
        #expect(run.error == nil)
        #expect(run.results.first?[member: "outcome"] == .string("deleted"))
        #expect(fake.userCount == 0)
    }

    @Test func aManagerThatCouldNotBeSetStopsARunThatStopsAtFailures() throws {
        let fake = FakeService()
        fake.intercept = { request, _ in request.method == "PATCH" ? FakeService.error(400, "invalidValue", "no") : nil }
        var settings = ServiceWriter.Settings()
        settings.remapsReferences = true
        settings.concurrency = 1
        // The manager comes after the user, so its id is never known at create: a PATCH is certain.
        let input = sourceUsers(3).split(separator: "\n").reversed().joined(separator: "\n") + "\n"
        let run = try migrate(input, into: fake, settings: settings)
        #expect(fake.requests.contains { $0.method == "PATCH" })
        guard case .remote(_, let error)? = run.error else {
            Issue.record("expected the run to stop, got \(String(describing: run.error))")
            return
        }
        #expect(error.kind == .userRefused)
        let again = FakeService()
        again.intercept = fake.intercept
        let skipped = try migrate(input, into: again, settings: settings, policy: .skip)
        #expect(again.requests.contains { $0.method == "PATCH" })
        #expect(skipped.error == nil)
    }

    @Test func theResumeFileSpeltAnotherWayIsAddedToNotEmptied() throws {
        let fake = FakeService()
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let results = dir.appendingPathComponent("r.ndjson")
        _ = try migrate(sourceUsers(3), into: fake, results: results)
        let before = try String(contentsOf: results, encoding: .utf8).split(separator: "\n").count
        let spelt = URL(fileURLWithPath: dir.path + "/./r.ndjson")
        _ = try migrate(sourceUsers(4), into: fake, resume: results, results: spelt)
        let after = try String(contentsOf: results, encoding: .utf8).split(separator: "\n").count
        #expect(before == 3 && after == 7)
    }

    @Test func aCreateAnsweredOnlyByLocationStillKnowsItsTargetId() throws {
        let fake = FakeService()
        fake.intercept = { request, _ in
            guard request.method == "POST" else { return nil }
            let stored = fake.sendToStore(request)
            return HTTPResponse(status: 201, headers: ["Location": stored.headers["location"] ?? ""])
        }
        let run = try migrate(sourceUsers(1), into: fake)
        #expect(run.results.first?[member: "targetId"] == .string("t0001"))
    }

    @Test func anAbsurdRetryAfterIsIgnoredNotACrash() {
        #expect(RetryPolicy.seconds(retryAfter: "Wed, 02 Dec 9223372036854775807 01:53:41 GMT", now: 0) == nil)
        #expect(RetryPolicy.seconds(retryAfter: "Wed, 02 Dec 2026 99999999999999999:53:41 GMT", now: 0) == nil)
        #expect(RetryPolicy.seconds(retryAfter: "-5", now: 0) == nil)
    }
}
