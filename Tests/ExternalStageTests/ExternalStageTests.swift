// A stage and a writer written outside the library, with its public API only (no
// `@testable`): what a user of the package can build on.
import Foundation
import SCIMStream
import Testing

/// Upper-cases `title` and adds a default `department` through the built-in `SetStage`.
struct TitleCaseStage: RecordStage {
    var name: String { "title-case" }
    /// Keeps nothing between records: copies may run on threads.
    var runsOnCopies: Bool { true }
    var department = SetStage(
        try! AttributePath(parsing: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"),
        to: .string("Support"), onlyWhereAbsent: true)

    mutating func process(_ record: inout UserRecord) throws -> StageVerdict {
        guard record.userName != nil else { throw StageRejection(stage: name, reason: "no userName") }
        if let title = record.title {
            record.setMember(named: "title", json: JSONValue.string(title.uppercased()).jsonBytes)
        }
        return try department.process(&record)
    }
}

/// Writes `userName<TAB>title` lines; each line depends on its record only.
struct UserNameWriter: RecordWriter {
    var runsOnCopies: Bool { true }

    mutating func begin(to out: OutputBuffer) throws { out.append("userName\ttitle\n") }

    mutating func write(_ record: UserRecord, to out: OutputBuffer) throws {
        out.append("\(record.userName ?? "")\t\(record.title ?? "")\n")
    }
}

@Suite struct ExternalStageTests {
    static let input = """
        {"userName":"ann","title":"Agent","password":"s3cret"}
        {"userName":"bob","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Sales"}}
        {"title":"no name"}

        """

    func run(_ stages: [any RecordStage], _ writer: any RecordWriter, threads: Int = 1) throws -> (String, RunStatistics) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("external-\(UUID().uuidString).ndjson")
        try Data(Self.input.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let pipeline = Pipeline(readerOptions: .init(errorPolicy: .skip), stages: stages, writer: writer)
        pipeline.threads = threads
        let sink = MemorySink()
        let statistics = try pipeline.run([.file(url.path)], to: OutputBuffer(sink: sink))
        return (String(decoding: sink.bytes, as: UTF8.self), statistics)
    }

    @Test func anOutsideStageEditsRecordsThroughThePublicAPI() throws {
        let (out, statistics) = try run([TitleCaseStage()], NDJSONWriter())
        #expect(
            out == """
                {"userName":"ann","title":"AGENT","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Support"}}
                {"userName":"bob","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Sales"}}

                """)
        #expect(statistics.recordsRejected == 1)
    }

    @Test func anOutsideWriterWritesEachRecord() throws {
        let (out, _) = try run([TitleCaseStage()], UserNameWriter(), threads: 2)
        #expect(out == "userName\ttitle\nann\tAGENT\nbob\t\n")
    }
}
