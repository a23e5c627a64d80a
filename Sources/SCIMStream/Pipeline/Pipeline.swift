#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reader → stages → writer, over one or more inputs, with counts.
///
/// The pipeline is what the `scimstream` command runs; Swift programs use it the same way.
///
/// ```swift
/// var pipeline = Pipeline(stages: [CaseNormalization.lowercase("userName")], writer: NDJSONWriter())
/// let out = OutputBuffer(sink: FileDescriptorSink(fd: 1, name: "<stdout>"))
/// let stats = try pipeline.run([.file("users.json")], to: out)
/// ```
public struct Pipeline {
    /// How inputs are read.
    public var readerOptions: UserRecordReader.Options
    /// The stages, applied in order (the password redaction first unless turned off).
    public private(set) var stages: [any RecordStage]
    /// The writer.
    public var writer: any RecordWriter
    /// Counts so far.
    public private(set) var statistics = RunStatistics()
    /// Called after every read with (bytes of this input so far, size of this input if known).
    public var progress: ((_ bytes: Int, _ size: Int?) -> Void)?

    /// Creates a pipeline.
    ///
    /// - Parameters:
    ///   - readerOptions: input format and limits.
    ///   - stages: the transforms, in order.
    ///   - writer: the output format.
    ///   - redactsPassword: strip `password` before any other stage (the secure default).
    public init(
        readerOptions: UserRecordReader.Options = .init(),
        stages: [any RecordStage] = [],
        writer: any RecordWriter = NDJSONWriter(),
        redactsPassword: Bool = true
    ) {
        self.readerOptions = readerOptions
        self.stages = (redactsPassword ? [RedactPassword()] : []) + stages
        self.writer = writer
        statistics.droppedByStage = self.stages.map { ($0.name, 0) }
    }

    /// Runs one record through the stages and, unless a stage drops it, the writer.
    ///
    /// - Throws: ``StageRejection`` when a stage or the writer refuses the record.
    public mutating func process(_ record: inout UserRecord, to out: OutputBuffer) throws {
        statistics.recordsRead += 1
        for i in stages.indices {
            if try stages[i].process(&record) == .drop {
                statistics.droppedByStage[i].count += 1
                return
            }
        }
        try writer.write(record, to: out)
        statistics.recordsWritten += 1
    }

    /// Reads every input in order and writes the results to `out`, flushing at the end.
    ///
    /// Records written before an error are flushed before the error is thrown.
    /// - Returns: the run's statistics.
    /// - Throws: ``PipelineError`` with the exit status to use.
    @discardableResult
    public mutating func run(_ inputs: [InputSource], to out: OutputBuffer) throws(PipelineError) -> RunStatistics {
        let clock = ContinuousClock()
        let started = clock.now
        let bytesOutBefore = out.totalBytes
        defer {
            let elapsed = clock.now - started
            statistics.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            statistics.bytesOut = out.totalBytes - bytesOutBefore + writer.externalBytes
        }
        do {
            try writer.begin(to: out)
        } catch {
            throw classify(error, source: "<output>", location: nil)
        }
        for input in inputs {
            try runOne(input, to: out)
        }
        do {
            try writer.end(to: out)
            try out.flush()
        } catch {
            throw classify(error, source: "<output>", location: nil)
        }
        return statistics
    }

    private mutating func runOne(_ input: InputSource, to out: OutputBuffer) throws(PipelineError) {
        let opened: (fd: Int32, size: Int?)
        do {
            opened = try input.open()
        } catch let error as IOError {
            statistics.inputsFailed += 1
            throw .inputUnavailable(error)
        } catch {
            preconditionFailure("open threw \(error)")
        }
        defer { if case .file = input { close(opened.fd) } }
        var reader = UserRecordReader(options: readerOptions)
        var current: RecordLocation?
        let bytesBefore = statistics.bytesIn
        let report = progress
        do {
            try reader.read(fileDescriptor: opened.fd, progress: { [opened] n in report?(n, opened.size) }) { record in
                current = record.location
                try process(&record, to: out)
                try out.recordDone()
            }
            statistics.bytesIn = bytesBefore + reader.bytesConsumed
        } catch {
            statistics.bytesIn = bytesBefore + reader.bytesConsumed
            let failure = classify(error, source: input.description, location: current)
            if case .badInput = failure { statistics.recordsRead += 1; statistics.recordsRejected += 1 }
            if case .refused = failure { statistics.recordsRejected += 1 }
            // Keep what was good: close the output (a Bulk writer's pending document, a
            // ListResponse's closing bracket) so everything before the error reaches it.
            if case .writeFailed = failure {} else {
                try? writer.end(to: out)
                try? out.flush()
            }
            throw failure
        }
    }

    private func classify(_ error: any Error, source: String, location: RecordLocation?) -> PipelineError {
        switch error {
        case let e as PipelineError: return e
        case let e as RecordError: return .badInput(source: source, e)
        case let e as StageRejection:
            return .refused(source: source, location: location ?? RecordLocation(
                number: 0, start: InputLocation(line: 0, column: 0, offset: 0)), e)
        case let e as IOError where e.operation == "write": return .writeFailed(e)
        case let e as IOError: return .readFailed(e)
        default: preconditionFailure("unexpected error \(error)")
        }
    }
}
