import Foundation
import Testing
import SCIMTestSupport
@testable import SCIMStream

/// `--threads` must not hold a chunk's whole output (issue 11: 637 MB with 2 threads for
/// `--set` of a 10 KB title over tiny records), nor start unbounded threads.
@Suite struct ParallelMemoryTests {
    static let title = String(repeating: "t", count: 10_000)

    func run(_ input: String, threads: Int, budget: Int, stages: [any RecordStage], writer: any RecordWriter = NDJSONWriter())
        throws -> (output: [UInt8], statistics: RunStatistics, pipeline: Pipeline, failure: String?)
    {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("memory-\(UUID().uuidString).ndjson")
        try Data(input.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let pipeline = Pipeline(stages: stages, writer: writer)
        pipeline.threads = threads
        pipeline.chunkSize = 64 << 10
        pipeline.parallelOutputBudget = budget
        let sink = MemorySink()
        var failure: String?
        do {
            try pipeline.run([.file(url.path)], to: OutputBuffer(sink: sink))
        } catch {
            failure = error.description.replacingOccurrences(of: url.path, with: "F")
        }
        return (sink.bytes, pipeline.statistics, pipeline, failure)
    }

    @Test func heldOutputStaysWithinTheBudget() throws {
        // 4,000 tiny records become 40 MB: each 64 KiB chunk makes about 6 MB of output.
        let input = (0..<4000).map { #"{"id":"\#($0)"}"# }.joined(separator: "\n") + "\n"
        let set = { [SetStage(AttributePath(name: "title"), to: .string(Self.title))] as [any RecordStage] }
        let budget = 256 << 10
        let one = try run(input, threads: 1, budget: budget, stages: set())
        for threads in [2, 3] {
            let many = try run(input, threads: threads, budget: budget, stages: set())
            #expect(many.output == one.output)
            #expect(many.statistics == one.statistics)
            // Held at once: at most two results per worker, each within the budget plus one record.
            let bound = 2 * threads * (budget + 12_000)
            #expect(many.pipeline.parallelPeakHeldBytes > 0)
            #expect(many.pipeline.parallelPeakHeldBytes <= bound, "\(many.pipeline.parallelPeakHeldBytes) > \(bound)")
        }
    }

    @Test func aRejectAfterTheBudgetStillFallsBackExactly() throws {
        var lines = (0..<3000).map { #"{"id":"\#($0)"}"# }
        lines[2500] = #"{"id": ,}"#
        let input = lines.joined(separator: "\n") + "\n"
        let set = { [SetStage(AttributePath(name: "title"), to: .string(Self.title))] as [any RecordStage] }
        let one = try run(input, threads: 1, budget: 128 << 10, stages: set())
        let two = try run(input, threads: 2, budget: 128 << 10, stages: set())
        #expect(one.failure != nil && two.failure == one.failure)
        #expect(two.output == one.output)
        #expect(two.statistics == one.statistics)
    }

    @Test func threadsAreCappedAtAMultipleOfTheCores() throws {
        let input = (0..<50).map { #"{"id":"\#($0)"}"# }.joined(separator: "\n") + "\n"
        let many = try run(input, threads: 1000, budget: 1 << 20, stages: [])
        #expect(many.pipeline.parallelWorkers == ParallelRun.maxThreads)
        #expect(ParallelRun.maxThreads == 4 * ParallelRun.processorCount)
    }
}
