public import SCIMJSON
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reader → stages → writer, over one or more inputs, with counts and an error policy.
///
/// A class: it keeps the run's counts, and its stages and writer keep state between records.
///
/// The pipeline is what the `scimstream` command runs; Swift programs use it the same way.
///
/// ```swift
/// let pipeline = Pipeline(stages: [try CaseNormalization.lowercase("userName")], writer: NDJSONWriter())
/// let out = OutputBuffer(sink: FileDescriptorSink(fd: 1, name: "<stdout>"))
/// let stats = try pipeline.run([.file("users.json")], to: out)
/// ```
public final class Pipeline {
    /// How inputs are read (format, limits, error policy).
    public var readerOptions: UserRecordReader.Options
    // The three properties every record touches are exempt from run-time exclusivity checks
    // (about 40 instructions per access): no stage or writer can reach the pipeline, so no
    // access to them overlaps another.
    /// The stages, applied in order (the password redaction first unless turned off).
    @exclusivity(unchecked) public private(set) var stages: [any RecordStage]
    /// The writer.
    @exclusivity(unchecked) public var writer: any RecordWriter
    /// Counts so far.
    @exclusivity(unchecked) public internal(set) var statistics = RunStatistics()
    /// Where rejected records go, if anywhere.
    public var rejects: RejectsWriter?
    /// Receives each problem met while the run goes on (skip policy): the caller phrases and
    /// prints it (``PipelineDiagnostic/description`` is a plain rendering).
    public var onDiagnostic: ((PipelineDiagnostic) -> Void)?
    /// At most this many rejected records are described through ``onDiagnostic``; a final line
    /// gives the count of the rest.
    public var maxDiagnostics = 20
    /// Worker threads for NDJSON input (1: none). Used when the stages and writer allow it; see
    /// ``canRunInParallel``.
    public var threads = 1
    /// Bytes per parallel chunk, cut at the last line end (default 256 KiB: with two chunks per
    /// thread in flight, two threads stay within a few MiB more than one).
    public var chunkSize = 256 << 10
    /// Output bytes a worker gathers for one chunk before handing them over (default 1 MiB):
    /// with two chunks per worker in flight, held output stays within a few MiB per thread
    /// however much larger than its input the output is.
    public var parallelOutputBudget = 1 << 20
    /// Workers the last parallel run started (``threads``, at most four per core).
    var parallelWorkers = 0
    /// The most output bytes finished chunks held at once in a parallel run (for the tests).
    var parallelPeakHeldBytes = 0
    /// Called after every read with (bytes read so far, all inputs together; size of this input
    /// if known; records read so far).
    public var progress: ((_ bytes: Int, _ size: Int?, _ records: Int) -> Void)?
    var diagnosticsShown = 0
    /// ListResponse pages so far, checked across the inputs.
    var pageCheck = PageCheck()

    /// Counts and reports page warnings.
    func reportPageWarnings(_ warnings: [String], source: String) {
        for warning in warnings {
            statistics.pageWarnings += 1
            onDiagnostic?(.warning(source: source, warning))
        }
    }

    /// The input being read (its name as messages give it); empty before the first.
    public private(set) var currentSource = ""
    /// The last rejected record's error as read, and as its report showed it.
    var lastRejected: (original: RecordError, shown: RecordError)?

    /// Creates a pipeline.
    ///
    /// - Parameters:
    ///   - readerOptions: input format, limits and error policy.
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

    var policy: ErrorPolicy { readerOptions.errorPolicy }

    /// Runs one record through the stages and, unless a stage drops it, the writer.
    ///
    /// - Throws: ``StageRejection`` when a stage or the writer refuses the record.
    public func process(_ record: inout UserRecord, to out: OutputBuffer) throws {
        statistics.recordsRead += 1
        if let refusal = SCIMErrorMessage.refusal(record) { throw refusal }
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
    /// Under the `fail` policy the first bad record stops the run; everything before it has
    /// been written and flushed. Under `skip`, bad records are counted, reported and written to
    /// ``rejects``, and a damaged or missing input does not stop the next one; see
    /// ``statistics`` for how the run ended (inputs failed or stopped, records rejected).
    /// - Returns: the run's statistics.
    /// - Throws: ``PipelineError`` saying why the run stopped.
    @discardableResult
    public func run(_ inputs: [InputSource], to out: OutputBuffer) throws(PipelineError) -> RunStatistics {
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
            do {
                try runOne(input, to: out)
            } catch {
                if policy == .fail, !error.isWriteFailure, !error.isRemote {
                    // Keep what was good: close the output (a Bulk writer's pending document, a
                    // ListResponse's closing bracket) so everything before the error reaches it.
                    try? writer.end(to: out)
                    try? out.flush()
                }
                // A write failure or a service's failure ends the run whatever the policy.
                guard policy == .skip, !error.isWriteFailure, !error.isRemote else { throw error }
                // Skip: this input ends here; the next one still runs.
                if case .inputUnavailable = error { statistics.inputsFailed += 1 } else { statistics.inputsStopped += 1 }
                // The reader reports the error that stops an input as a reject first: say it once.
                if case .badInput(_, let e) = error, e == lastRejected?.shown { continue }
                onDiagnostic?(.stopped(error))
            }
        }
        do {
            try writer.end(to: out)
            try out.flush()
        } catch {
            throw classify(error, source: "<output>", location: nil)
        }
        pageCheck.finish()
        reportPageWarnings(pageCheck.warnings, source: currentSource)
        pageCheck.warnings.removeAll()
        if diagnosticsShown > maxDiagnostics {
            onDiagnostic?(.moreRejected(diagnosticsShown - maxDiagnostics))
        }
        return statistics
    }

    private func runOne(_ input: InputSource, to out: OutputBuffer) throws(PipelineError) {
        currentSource = input.description
        if case .stream(let stream) = input {
            try runStream(stream, to: out)
            return
        }
        let opened: (fd: Int32, size: Int?)
        do {
            opened = try input.open()
        } catch let error as IOError {
            throw .inputUnavailable(error)
        } catch {
            preconditionFailure("open threw \(error)")
        }
        defer { if case .file = input { close(opened.fd) } }
        let source = input.description
        let bytesBefore = statistics.bytesIn
        var reader = UserRecordReader(options: readerOptions)
        reader.pageCheck = pageCheck
        var current: RecordLocation?
        do {
            // The first bytes tell gzip (read through the decoder, on this thread) from JSON.
            let first = try Self.peek(opened.fd, source: source)
            if let other = Self.otherCompression(first) {
                let reading = source == "<stdin>" ? "\(other.tool) | scimstream …" : "\(other.tool) \(source) | scimstream …"
                throw CompressedDataError(
                    offset: 0, reason: "\(other.name)-compressed input is not read directly: \(reading)", isOtherFormat: true)
            }
            if GzipDecoder.isGzip(first) {
                try readGzip(&reader, first: first, fd: opened.fd, source: source, to: out, current: &current)
            } else if canRunInParallel {
                try runParallel(
                    fd: opened.fd, size: opened.size, first: first, source: source, to: out, reader: &reader, current: &current)
            } else {
                try readSequentially(
                    &reader, prefeed: [first], fd: opened.fd, size: opened.size, source: source, to: out, current: &current)
            }
            statistics.bytesIn = bytesBefore + reader.bytesConsumed
            reportPageWarnings(reader.takePageWarnings(), source: source)
            pageCheck = reader.pageCheck
        } catch {
            // Stopped by an error: count the bytes before the position the error names, not
            // what was read ahead (which depends on block sizes and threads).
            statistics.bytesIn = bytesBefore + (Self.stopOffset(of: error, at: current) ?? reader.bytesConsumed)
            throw classify(error, source: source, location: current)
        }
    }

    /// The compression format other than gzip that `first` starts with (its magic number), if
    /// any, and the command that decompresses it. JSON never starts with these bytes.
    static func otherCompression(_ first: [UInt8]) -> (name: String, tool: String)? {
        let magic: [(bytes: [UInt8], name: String, tool: String)] = [
            ([0x28, 0xB5, 0x2F, 0xFD], "zstd", "zstd -dc"), ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "xz", "xz -dc"),
            (Array("BZh".utf8), "bzip2", "bzip2 -dc"), ([0x50, 0x4B, 0x03, 0x04], "zip", "unzip -p"),
            ([0x04, 0x22, 0x4D, 0x18], "lz4", "lz4 -dc"), ([0x1F, 0x9D], "compress (.Z)", "zcat")
        ]
        if let found = magic.first(where: { first.starts(with: $0.bytes) }) { return (found.name, found.tool) }
        // zlib (pigz -z): CMF 0x78 and a header whose 16 bits are a multiple of 31.
        if first.count >= 2, first[0] == 0x78, (Int(first[0]) << 8 | Int(first[1])) % 31 == 0 { return ("zlib", "pigz -dz") }
        return nil
    }

    /// At least the first six bytes of `fd` (fewer only at its end; enough for the magic
    /// numbers), with as few reads as that takes: a slow pipe's first records are not held back.
    static func peek(_ fd: Int32, source: String) throws(IOError) -> [UInt8] {
        var first: [UInt8] = []
        let size = 64 << 10
        let block = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 8)
        defer { block.deallocate() }
        while first.count < 6 {
            let n = try SystemCall.read(fd, into: block, count: size, path: source == "<stdin>" ? nil : source)
            if n == 0 { break }
            first += UnsafeRawBufferPointer(start: block, count: n)
        }
        return first
    }

    /// Reads gzip data from `fd` (starting with `first`), decompressed as it streams, through
    /// one reader.
    func readGzip(
        _ reader: inout UserRecordReader, first: [UInt8], fd: Int32, source: String, to out: OutputBuffer,
        current: inout RecordLocation?
    ) throws {
        let bytesBefore = statistics.bytesIn
        let report = progress
        let chunkSize = self.chunkSize
        let path = source == "<stdin>" ? nil : source
        try feed(&reader, source: source, to: out, current: &current) { reader, handle in
            let decoder = GzipDecoder(first: first) {
                var block = [UInt8](repeating: 0, count: chunkSize)
                let n = try block.withUnsafeMutableBytes { buffer throws(IOError) in
                    try SystemCall.read(fd, into: buffer.baseAddress!, count: buffer.count, path: path)
                }
                guard n > 0 else { return nil }
                block.removeLast(block.count - n)
                return block
            }
            try decoder.run { chunk in
                try reader.consume(chunk, handle)
                report?(bytesBefore + reader.bytesConsumed, nil, self.statistics.recordsRead)
            }
            try reader.finish(handle)
        }
    }

    /// Reads a stream input (a live service's pages) chunk by chunk through one reader.
    private func runStream(_ stream: any ByteStreamInput, to out: OutputBuffer) throws(PipelineError) {
        let source = stream.name
        let bytesBefore = statistics.bytesIn
        var reader = UserRecordReader(options: readerOptions)
        var current: RecordLocation?
        do {
            let report = progress
            try feed(&reader, source: source, to: out, current: &current) { reader, handle in
                try stream.read { chunk in
                    try reader.consume(chunk, handle)
                    report?(bytesBefore + reader.bytesConsumed, nil, self.statistics.recordsRead)
                }
                try reader.finish(handle)
            }
            statistics.bytesIn = bytesBefore + reader.bytesConsumed
        } catch {
            statistics.bytesIn = bytesBefore + (Self.stopOffset(of: error, at: current) ?? reader.bytesConsumed)
            throw classify(error, source: source, location: current)
        }
    }

    /// The input offset where `error` stopped the reading: the position a bad record's error
    /// names, or the start of a refused record; nil for other errors (reading failed).
    static func stopOffset(of error: any Error, at current: RecordLocation?) -> Int? {
        switch error {
        case let e as RecordError: return e.location.offset
        case is StageRejection: return current?.start.offset
        default: return nil
        }
    }

    /// Feeds `prefeed` to `reader`, then reads `fd` to its end, processing every record.
    func readSequentially(
        _ reader: inout UserRecordReader, prefeed: [[UInt8]], fd: Int32, size: Int?, source: String,
        to out: OutputBuffer, current: inout RecordLocation?
    ) throws {
        let bytesBefore = statistics.bytesIn
        let report = progress
        try feed(&reader, source: source, to: out, current: &current) { reader, handle in
            for chunk in prefeed {
                try reader.consume(chunk, handle)
            }
            try reader.read(
                fileDescriptor: fd,
                progress: { n in
                    report?(bytesBefore + n, size, self.statistics.recordsRead)
                }, handle)
        }
    }

    /// Sets the reader's reject handler, then runs `body` with the handler of each record read
    /// (stages and writer; a refused record is reported and, under `fail`, stops the run).
    func feed(
        _ reader: inout UserRecordReader, source: String, to out: OutputBuffer, current: inout RecordLocation?,
        _ body: (inout UserRecordReader, (inout UserRecord) throws -> Void) throws -> Void
    ) throws {
        reader.onReject = { rejected in
            self.statistics.recordsRead += 1
            self.statistics.recordsRejected += 1
            try self.report(rejected, source: source)
        }
        var location: RecordLocation?
        defer { current = location }
        let handle: (inout UserRecord) throws -> Void = { record in
            location = record.location
            do {
                try self.process(&record, to: out)
            } catch let refusal as StageRejection {
                self.statistics.recordsRejected += 1
                let error = RecordError(
                    .refused(refusal.exceededLimit), message: refusal.description, location: record.location.start,
                    recordNumber: record.location.number, recovery: .recordSkipped)
                try self.report(Self.rejected(record, error), source: source)
                if self.policy == .fail { throw refusal }
            }
            try out.recordDone()
        }
        try body(&reader, handle)
    }

    /// A rejected record: the error and the record's first bytes as read.
    static func rejected(_ record: UserRecord, _ error: RecordError) -> RejectedRecord {
        let raw = record.originalBytes
        return RejectedRecord(
            error: error, raw: Array(raw.prefix(UserRecordReader.rawLimit)), rawIsTruncated: raw.count > UserRecordReader.rawLimit)
    }

    /// Reports a record the writer had taken but that failed afterwards (a live service refused
    /// it): counted as rejected instead of written, written to ``rejects``, and described under
    /// the skip policy. Call it on the pipeline's thread, from the writer.
    ///
    /// - Parameters:
    ///   - record: the record as the writer got it.
    ///   - message: why it failed (the service's status and detail).
    ///   - source: the input it came from (``currentSource`` when it was written).
    public func rejectAfterWriting(_ record: UserRecord, message: String, source: String) throws {
        statistics.recordsWritten -= 1
        statistics.recordsRejected += 1
        let error = RecordError(
            .refused(nil), message: message, location: record.location.start, recordNumber: record.location.number,
            recovery: .recordSkipped)
        try report(Self.rejected(record, error), source: source)
    }

    /// Writes a rejected record to the rejects file and, under `skip`, describes it; both
    /// redacted (``RedactedReject``), and remembered for when the same error stops the run.
    func report(_ rejected: RejectedRecord, source: String) throws {
        let redacted = RedactedReject(rejected)
        lastRejected = (rejected.error, redacted.error)
        try rejects?.write(source: source, redacted)
        guard policy == .skip else { return }
        diagnosticsShown += 1
        if diagnosticsShown <= maxDiagnostics {
            onDiagnostic?(.rejected(.badInput(source: source, redacted.error)))
        }
    }

    /// The error a reader throws after rejecting a record, as that record's report showed it;
    /// an error no report showed quotes no byte (its record's bytes are unknown here).
    func redacted(_ error: RecordError) -> RecordError {
        if let last = lastRejected, last.original == error { return last.shown }
        return RedactedReject.withoutQuotedByte(error)
    }

    private func classify(_ error: any Error, source: String, location: RecordLocation?) -> PipelineError {
        switch error {
        case let e as PipelineError: return e
        case let e as RecordError: return .badInput(source: source, redacted(e))
        case let e as StageRejection:
            return .refused(
                source: source,
                location: location
                    ?? RecordLocation(
                        number: 0, start: InputLocation(line: 0, column: 0, offset: 0)), e)
        case let e as IOError where e.operation == "write" || e.operation == "create" || e.operation == "rename":
            return .writeFailed(e)
        case let e as IOError: return .readFailed(e)
        case let e as RemoteError: return .remote(source: source, e)
        case let e as CompressedDataError: return .badCompressedData(source: source, e)
        default: preconditionFailure("unexpected error \(error)")
        }
    }
}

extension PipelineError {
    /// True for failures writing the output (the run cannot go on).
    var isWriteFailure: Bool {
        if case .writeFailed = self { return true }
        return false
    }

    /// True for a live service's failures.
    var isRemote: Bool {
        if case .remote = self { return true }
        return false
    }
}
