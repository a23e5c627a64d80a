import Foundation
import SCIMJSON
import SCIMStream
import Testing
@testable import SCIMService

/// The token every fake client sends; tests check it appears nowhere else.
let fakeToken = "tok-SECRET-4711"

/// A client of `fake` with a bearer token, waits recorded in `sleeps`.
func makeClient(_ fake: FakeService, retries: Int = 3, sleeps: SleepLog = SleepLog(), credentials: Credentials? = nil) -> ServiceClient {
    ServiceClient(
        url: ServiceURL(fake.base)!, credentials: credentials ?? .bearer(Secret(fakeToken)), transport: fake,
        retry: RetryPolicy(maxRetries: retries), sleep: sleeps.sleep)
}

/// A folder for one test's files, removed by the caller.
func temporaryDirectory() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("scimservice-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// `n` source users as NDJSON: ids `s1`…, user i ≥ 2 managed by user i / 2.
func sourceUsers(_ n: Int) -> String {
    (1...n).map { i in
        var user =
            #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"s\#(i)","userName":"user\#(i)@example.com","password":"pw-\#(i)","meta":{"resourceType":"User"}"#
        if i >= 2 {
            user += #","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":{"value":"s\#(i / 2)"}}"#
        }
        return user + "}\n"
    }.joined()
}

/// What one migration run left.
struct MigrationRun {
    var pipeline: Pipeline
    var writer: ServiceWriter
    var error: PipelineError?
    var out: String
    var results: [JSONValue]
    var resultsText: String
    var rejectsText: String
}

/// Runs `input` (NDJSON) through a pipeline whose writer is a ``ServiceWriter`` on `fake`.
func migrate(
    _ input: String, into fake: FakeService, settings: ServiceWriter.Settings = .init(), policy: ErrorPolicy = .fail,
    resume: URL? = nil, results: URL? = nil, client: ServiceClient? = nil, stages: [any RecordStage] = []
) throws -> MigrationRun {
    let dir = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let inputFile = dir.appendingPathComponent("in.ndjson")
    try Data(input.utf8).write(to: inputFile)
    let resultsFile = results ?? dir.appendingPathComponent("results.ndjson")
    let rejectsFile = dir.appendingPathComponent("rejects.ndjson")
    var settings = settings
    settings.stopsAtFailure = policy == .fail
    let writer = ServiceWriter(
        client: client ?? makeClient(fake), settings: settings, resultsPath: resultsFile.path, resumePath: resume?.path)
    let pipeline = Pipeline(readerOptions: .init(errorPolicy: policy), stages: stages, writer: writer)
    pipeline.rejects = try RejectsWriter(path: rejectsFile.path)
    var hooks = ServiceWriter.Hooks()
    hooks.currentSource = { [unowned pipeline] in pipeline.currentSource }
    hooks.rejected = { [unowned pipeline] record, message in
        try pipeline.rejectAfterWriting(record, message: message, source: pipeline.currentSource)
    }
    writer.hooks = hooks
    let sink = MemorySink()
    var failure: PipelineError?
    do {
        try pipeline.run([.file(inputFile.path)], to: OutputBuffer(sink: sink))
    } catch {
        failure = error
    }
    try pipeline.rejects?.close()
    let resultsText = (try? String(contentsOf: resultsFile, encoding: .utf8)) ?? ""
    return MigrationRun(
        pipeline: pipeline, writer: writer, error: failure, out: String(decoding: sink.bytes, as: UTF8.self),
        results: resultsText.split(separator: "\n").compactMap { try? JSONValue(parsing: String($0)) },
        resultsText: resultsText, rejectsText: (try? String(contentsOf: rejectsFile, encoding: .utf8)) ?? "")
}
