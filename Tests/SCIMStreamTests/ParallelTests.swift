import Foundation
import Testing
import SCIMTestSupport
@testable import SCIMStream
import SCIMSampleData

/// `--threads N` must give exactly what one thread gives: output, counts, messages, errors.
@Suite struct ParallelTests {
    struct Run: Equatable {
        /// Size and SHA-256 of the output (not the bytes: a failure message stays readable).
        var output: String
        var counts: [Int]
        var diagnostics: [String]
        var failure: String?
    }

    func run(
        _ text: [UInt8], threads: Int, chunk: Int = 4096, policy: ErrorPolicy = .fail,
        stages: @autoclosure () -> [any RecordStage] = [], writer: @autoclosure () -> any RecordWriter = NDJSONWriter()
    ) throws -> Run {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("parallel-\(UUID().uuidString).json")
        try Data(text).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let pipeline = Pipeline(readerOptions: .init(errorPolicy: policy), stages: stages(), writer: writer())
        pipeline.threads = threads
        pipeline.chunkSize = chunk
        var diagnostics: [String] = []
        pipeline.onDiagnostic = { diagnostics.append($0.description) }
        let sink = MemorySink()
        var failure: String?
        do {
            try pipeline.run([.file(url.path)], to: OutputBuffer(sink: sink))
        } catch {
            failure = error.description
        }
        let s = pipeline.statistics
        // Bytes in are compared for failed runs too: they count to the error, not the read-ahead.
        return Run(
            output: "\(sink.bytes.count) bytes, sha256 \(Hex.encode(SHA256.hash(sink.bytes)))",
            counts: [s.recordsRead, s.recordsWritten, s.recordsDropped, s.recordsRejected, s.bytesIn],
            diagnostics: diagnostics.map { $0.replacingOccurrences(of: url.path, with: "F") },
            failure: failure.map { $0.replacingOccurrences(of: url.path, with: "F") })
    }

    func expectSame(
        _ text: [UInt8], policy: ErrorPolicy = .fail, stages: @escaping () -> [any RecordStage] = { [] },
        writer: @escaping () -> any RecordWriter = { NDJSONWriter() }, _ what: String
    ) throws {
        let one = try run(text, threads: 1, policy: policy, stages: stages(), writer: writer())
        for threads in [2, 3] {
            let many = try run(text, threads: threads, policy: policy, stages: stages(), writer: writer())
            #expect(many == one, "\(what), \(threads) threads")
        }
    }

    static let ndjson = Array(SampleUsers.ndjson(count: 1500).utf8)

    @Test func ndjsonAndCSVAreIdentical() throws {
        try expectSame(Self.ndjson, "NDJSON")
        try expectSame(
            Self.ndjson,
            stages: {
                [
                    CaseNormalization(AttributePath(name: "userName"), .lowercase),
                    FilterStage(try! CompiledFilter(parsing: "active eq true"))
                ]
            },
            writer: { CSVWriter() }, "CSV with stages")
    }

    @Test func prettyPrintedRecordsFallBackAndStayIdentical() throws {
        let pretty =
            SampleUsers.ndjson(count: 300).split(separator: "\n")
            .map { $0.replacingOccurrences(of: ",\"", with: ",\n  \"") }.joined(separator: "\n") + "\n"
        try expectSame(Array(pretty.utf8), "pretty-printed")
        try expectSame(Array(SampleUsers.listResponsePages(count: 400, pageSize: 50).utf8), "ListResponse pages")
    }

    @Test func errorsAreReportedAtTheSamePlace() throws {
        var text = Self.ndjson
        let middle = text.count / 2
        let lineStart = text[..<middle].lastIndex(of: 0x0A)! + 1
        text.insert(contentsOf: Array("{\"broken\": ,}\n".utf8), at: lineStart)
        text += Array("{\"id\":\"".utf8) + [0xFF] + Array("\"}\n".utf8)
        try expectSame(text, policy: .fail, "fail policy")
        try expectSame(text, policy: .skip, "skip policy")
        let one = try run(text, threads: 1, policy: .skip)
        #expect(one.counts[3] == 2 && one.diagnostics.count == 2)
    }

    /// Issue 11: `bytes_in` of a run stopped by an error differed between 1 and 2 threads.
    @Test func bytesInOfAStoppedRunIsTheSame() throws {
        let base = Self.ndjson
        let lineStarts = base.indices.filter { $0 == 0 || base[$0 - 1] == 0x0A }
        for k in stride(from: 7, to: lineStarts.count, by: 97) {
            var text = base
            text.insert(contentsOf: Array("{\"broken\": ,}\n".utf8), at: lineStarts[k])
            try expectSame(text, policy: .fail, "bad record at line \(k + 1)")
        }
        let one = try run(Array("{\"a\":1}\n{\"b\": ,}\n".utf8), threads: 1)
        #expect(one.counts[4] == 14)  // the bytes before the error's position (the comma)
    }

    /// Review finding: a line longer than a chunk after submitted chunks shifted positions.
    @Test func aLongLineAfterShortOnesKeepsPositions() throws {
        var text = Array(SampleUsers.ndjson(count: 20).utf8)
        text += Array(("{\"id\":\"long\",\"x\":\"" + String(repeating: "y", count: 12_000) + "\"}\n").utf8)
        text += Array("{\"broken\": ,}\n".utf8) + Array(SampleUsers.ndjson(count: 5, seed: 3).utf8)
        try expectSame(text, policy: .skip, "long line, then damage")
        try expectSame(text, policy: .fail, "long line, then damage (fail)")
    }

    /// Review finding: record numbers after a first input counted the records of all inputs.
    @Test func recordNumbersCountWithinEachInput() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("parallel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.ndjson")
        let bad = dir.appendingPathComponent("bad.ndjson")
        try Data(SampleUsers.ndjson(count: 200).utf8).write(to: good)
        try Data(("{\"id\":\"1\"}\n" + "{\"broken\": ,}\n").utf8).write(to: bad)
        var messages: [String] = []
        for threads in [1, 2] {
            let pipeline = Pipeline(readerOptions: .init(errorPolicy: .skip))
            pipeline.threads = threads
            pipeline.chunkSize = 4096
            var diagnostics: [String] = []
            pipeline.onDiagnostic = { diagnostics.append($0.description) }
            try pipeline.run([.file(good.path), .file(bad.path)], to: OutputBuffer(sink: MemorySink()))
            messages.append(diagnostics.joined(separator: "\n"))
        }
        #expect(messages[0] == messages[1])
        #expect(messages[0].contains("(record 2)"))
    }

    @Test func dedupeAndBulkStaySequential() {
        let pipeline = Pipeline(stages: [DedupeStage(AttributePath(name: "userName"))])
        pipeline.threads = 4
        #expect(!pipeline.canRunInParallel)
        let bulk = Pipeline(writer: BulkWriter())
        bulk.threads = 4
        #expect(!bulk.canRunInParallel)
        let csv = Pipeline(writer: CSVWriter())
        csv.threads = 4
        #expect(csv.canRunInParallel)
    }

    /// A stage from outside the library that remembers records: it did not declare
    /// `runsOnCopies`, so the pipeline must not copy it to threads.
    struct CountingStage: RecordStage {
        var name: String { "count" }
        var seen = 0
        mutating func process(_ record: inout UserRecord) throws -> StageVerdict {
            seen += 1
            return seen % 2 == 0 ? .drop : .keep
        }
    }

    @Test func onlyStagesAndWritersThatDeclareItRunOnCopies() {
        let outside = Pipeline(stages: [CountingStage()])
        outside.threads = 4
        #expect(!outside.canRunInParallel)
        let stateless = Pipeline(stages: [FilterStage(try! CompiledFilter(parsing: "active eq true"))])
        stateless.threads = 4
        #expect(stateless.canRunInParallel)
    }

    /// With `--from auto`, a ListResponse (or an array) starts no worker thread: no chunk is
    /// parsed on a thread only to be thrown away. NDJSON still runs on the threads.
    @Test func autoDetectedListResponsesStartNoThreads() throws {
        let pages = Array(SampleUsers.listResponsePages(count: 300, pageSize: 100).utf8)
        let ndjson = Self.ndjson
        for (input, parallel) in [
            (pages, false), (ndjson, true),
            (Array(("[" + SampleUsers.ndjson(count: 50).split(separator: "\n").joined(separator: ",") + "]").utf8), false)
        ] {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("auto-\(UUID().uuidString).json")
            try Data(input).write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            let pipeline = Pipeline(readerOptions: .init(format: .auto))
            pipeline.threads = 2
            pipeline.chunkSize = 4096
            let sink = MemorySink()
            try pipeline.run([.file(url.path)], to: OutputBuffer(sink: sink))
            #expect((pipeline.parallelWorkers > 0) == parallel)
            let single = Pipeline(readerOptions: .init(format: .auto))
            let one = MemorySink()
            try single.run([.file(url.path)], to: OutputBuffer(sink: one))
            #expect(sink.bytes == one.bytes)
        }
    }
}
