import Foundation
import SCIMJSON
import Testing
@testable import SCIMStream

/// Issue 14: a SCIM Error message in the input (an expired token in the middle of a curl
/// export) became a user, and then a Bulk POST.
@Suite struct ErrorMessageInputTests {
    static let error = #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"401","detail":"token expired"}"#

    func run(_ text: String, policy: ErrorPolicy, threads: Int, format: InputFormat = .auto) throws -> (
        out: String, stats: RunStatistics, error: PipelineError?
    ) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("error-\(UUID().uuidString).json")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let pipeline = Pipeline(readerOptions: .init(format: format, errorPolicy: policy), writer: NDJSONWriter())
        pipeline.threads = threads
        pipeline.chunkSize = 64
        let sink = MemorySink()
        var failure: PipelineError?
        do {
            try pipeline.run([.file(url.path)], to: OutputBuffer(sink: sink))
        } catch {
            failure = error
        }
        return (String(decoding: sink.bytes, as: UTF8.self), pipeline.statistics, failure)
    }

    @Test(arguments: [1, 2])
    func anErrorMessageLineIsNotAUser(threads: Int) throws {
        let input = (0..<6).map { #"{"userName":"u\#($0)"}"# }.joined(separator: "\n") + "\n" + Self.error + "\n" + #"{"userName":"last"}"# + "\n"
        let stopped = try run(input, policy: .fail, threads: threads)
        guard case .refused(_, let location, let refusal)? = stopped.error else {
            Issue.record("expected a refusal, got \(String(describing: stopped.error))")
            return
        }
        #expect(location.number == 7)
        #expect(refusal.description.contains("a SCIM Error message, not a user: status 401, \"token expired\""))
        #expect(!stopped.out.contains("token expired") && !stopped.out.contains("last"))
        #expect(stopped.out.contains("u5"))

        let skipped = try run(input, policy: .skip, threads: threads)
        #expect(skipped.error == nil)
        #expect(skipped.stats.recordsRejected == 1 && skipped.stats.recordsWritten == 7)
        #expect(!skipped.out.contains("token expired") && skipped.out.contains("last"))
    }

    /// The pages after an Error page are still pages (an `auto` stream did turn NDJSON at the
    /// first top-level object that was not a ListResponse, and wrote the next page as one user).
    @Test func pagesAfterAnErrorPageAreStillPages() throws {
        let page = { (names: [String]) in
            #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":4,"Resources":["#
                + names.map { #"{"userName":"\#($0)"}"# }.joined(separator: ",") + "]}"
        }
        let input = page(["a", "b"]) + "\n" + Self.error + "\n" + page(["c", "d"]) + "\n"
        let skipped = try run(input, policy: .skip, threads: 1)
        #expect(skipped.stats.recordsWritten == 4 && skipped.stats.recordsRejected == 1)
        let list = try run(input, policy: .fail, threads: 1, format: .list)
        guard case .badInput(_, let error)? = list.error else {
            Issue.record("expected bad input, got \(String(describing: list.error))")
            return
        }
        #expect(error.message == #"a SCIM Error message, not a ListResponse: status 401, "token expired""#)
    }

    @Test func anErrorPageAmongListResponsePagesIsNotAUser() throws {
        let page = #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":2,"Resources":[{"userName":"a"}]}"#
        let run = try run(page + "\n" + Self.error + "\n", policy: .skip, threads: 1)
        #expect(run.stats.recordsRejected == 1 && run.stats.recordsWritten == 1)
        #expect(!run.out.contains("token expired"))
    }
}

/// Issue 14: a missing page of an export went unnoticed.
@Suite struct PageCheckTests {
    static func page(_ start: Int, total: Int = 6, users: Int = 2) -> String {
        let resources = (0..<users).map { #"{"userName":"u\#(start + $0)"}"# }.joined(separator: ",")
        return
            #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":\#(total),"startIndex":\#(start),"Resources":[\#(resources)]}"#
    }

    func warnings(_ pages: [String], format: InputFormat = .auto) throws -> (warnings: [String], stats: RunStatistics) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pages-\(UUID().uuidString).json")
        try Data(pages.joined(separator: "\n").utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let pipeline = Pipeline(readerOptions: .init(format: format))
        var found: [String] = []
        pipeline.onDiagnostic = { if case .warning(_, let text) = $0 { found.append(text) } }
        try pipeline.run([.file(url.path)], to: OutputBuffer(sink: MemorySink()))
        return (found, pipeline.statistics)
    }

    @Test(arguments: [InputFormat.auto, .list])
    func pagesThatAddUpSayNothing(format: InputFormat) throws {
        let run = try warnings([Self.page(1), Self.page(3), Self.page(5)], format: format)
        #expect(run.warnings.isEmpty && run.stats.pageWarnings == 0 && run.stats.recordsWritten == 6)
    }

    @Test(arguments: [InputFormat.auto, .list])
    func aMissingPageIsAWarningWithTheNumbers(format: InputFormat) throws {
        let run = try warnings([Self.page(1), Self.page(5)], format: format)
        #expect(
            run.warnings == [
                "page 2 starts at startIndex 5, expected 3 (page 1 started at 1 with 2 users): a page is missing or repeated",
                "the 2 ListResponse pages hold 4 users, totalResults says 6: users are missing (a page?)"
            ])
        #expect(run.stats.pageWarnings == 2)
    }

    /// An export saved page by page, one file each (README's journey 1), runs on across files;
    /// a page with startIndex 1 starts another export.
    @Test func pagesRunOnAcrossFiles() throws {
        func run(_ files: [[String]]) throws -> [String] {
            let urls = try files.map { pages -> URL in
                let url = FileManager.default.temporaryDirectory.appendingPathComponent("page-\(UUID().uuidString).json")
                try Data(pages.joined(separator: "\n").utf8).write(to: url)
                return url
            }
            defer { for url in urls { try? FileManager.default.removeItem(at: url) } }
            let pipeline = Pipeline()
            var found: [String] = []
            pipeline.onDiagnostic = { if case .warning(_, let text) = $0 { found.append(text) } }
            try pipeline.run(urls.map { .file($0.path) }, to: OutputBuffer(sink: MemorySink()))
            return found
        }
        #expect(try run([[Self.page(1)], [Self.page(3)], [Self.page(5)]]).isEmpty)
        #expect(try run([[Self.page(1), Self.page(3), Self.page(5)], [Self.page(1), Self.page(3), Self.page(5)]]).isEmpty)
        #expect(
            try run([[Self.page(1)], [Self.page(5)]]) == [
                "page 2 starts at startIndex 5, expected 3 (page 1 started at 1 with 2 users): a page is missing or repeated",
                "the 2 ListResponse pages hold 4 users, totalResults says 6: users are missing (a page?)"
            ])
        #expect(
            try run([[Self.page(1)], [Self.page(1), Self.page(3), Self.page(5)]]) == [
                "the 1 ListResponse pages hold 2 users, totalResults says 6: users are missing (a page?)"
            ])
    }

    @Test func aChangingTotalIsAWarning() throws {
        let run = try warnings([Self.page(1), Self.page(3, total: 7), Self.page(5)])
        #expect(run.warnings.contains("totalResults changed from 6 to 7 at page 2"))
        #expect(run.warnings.contains("totalResults changed from 7 to 6 at page 3"))
    }

    @Test func startIndexAfterResourcesCountsToo() throws {
        // Our own ListResponse writer puts Resources first.
        let late =
            #"{"Resources":[{"userName":"a"}],"totalResults":3,"startIndex":1}"# + "\n"
            + #"{"Resources":[{"userName":"c"}],"totalResults":3,"startIndex":3}"#
        let run = try warnings([late])
        #expect(run.warnings.first == "page 2 starts at startIndex 3, expected 2 (page 1 started at 1 with 1 users): a page is missing or repeated")
    }
}
