import SCIMJSON
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Pipeline {
    /// True when inputs may be cut into NDJSON chunks and run on ``threads`` threads: NDJSON
    /// (or auto-detected) input, and a writer and stages that all declare they run on copies
    /// (``RecordStage/runsOnCopies``, ``RecordWriter/runsOnCopies``). Results are identical to
    /// one thread either way. Auto-detected input runs in parallel only once its start is
    /// known to be NDJSON (see ``startsAsNDJSON(_:)``).
    public var canRunInParallel: Bool {
        threads > 1
            && (readerOptions.format == .auto || readerOptions.format == .ndjson)
            && writer.runsOnCopies
            && stages.allSatisfy(\.runsOnCopies)
    }

    /// Reads `fd`, runs chunks on worker threads, writes their results in order; at the first
    /// chunk that is not clean, continues sequentially from that chunk's first byte.
    ///
    /// - Parameter first: the input's first bytes, already read.
    func runParallel(
        fd: Int32, size: Int?, first: [UInt8], source: String, to out: OutputBuffer,
        reader: inout UserRecordReader, current: inout RecordLocation?
    ) throws {
        var carry = first
        if readerOptions.format == .auto {
            // Threads start only once the input is known to be NDJSON: a ListResponse or an
            // array is read by this thread alone, and no chunk is parsed only to be discarded.
            carry = try SystemCall.read(fd, upTo: chunkSize, after: first, path: source == "<stdin>" ? nil : source)
            guard Self.startsAsNDJSON(carry) else {
                try readSequentially(&reader, prefeed: [carry], fd: fd, size: size, source: source, to: out, current: &current)
                return
            }
        }
        let threads = min(self.threads, ParallelRun.maxThreads)
        guard
            let run = ParallelRun(
                stages: stages, writer: writer, options: readerOptions, workers: threads, chunkSize: chunkSize,
                outputBudget: parallelOutputBudget)
        else {
            // No thread could be started: run sequentially.
            try readSequentially(&reader, prefeed: [carry], fd: fd, size: size, source: source, to: out, current: &current)
            return
        }
        defer {
            run.stop()
            parallelWorkers = threads
            parallelPeakHeldBytes = max(parallelPeakHeldBytes, run.peakHeld)
        }
        let recordsAtStart = statistics.recordsRead
        var pending: [ParallelRun.Job] = []  // submitted, result not yet written
        var offset = 0  // absolute offset of carry[0]
        var line = 1  // line number at the start of the oldest chunk not yet written
        var sequence = 0
        var finished = false
        var failedAt: (job: ParallelRun.Job, line: Int)?
        var longLine = false
        let bytesBefore = statistics.bytesIn
        let chunkSize = self.chunkSize
        var consumed = 0
        // A write that fails (a full disk, a closed pipe) stops the run: its statistics count
        // the input whose records reached the output, not zero.
        defer { if reader.bytesConsumed == 0 && consumed > 0 { reader.resume(atOffset: consumed, line: line, recordsBefore: 0) } }

        /// Writes the result of the oldest pending chunk; false when it was not clean.
        func drainOne() throws -> Bool {
            let job = pending.removeFirst()
            let result = run.result(job.sequence)
            guard result.clean else {
                failedAt = (job, line)
                return false
            }
            line += result.lines
            out.append(result.output)
            statistics.recordsRead += result.read
            statistics.recordsWritten += result.written
            for (i, n) in result.dropped.enumerated() { statistics.droppedByStage[i].count += n }
            // The input behind everything handed to the output so far (what a stopped run reports).
            consumed = job.offset + (result.rest ?? job.bytes.count)
            try out.recordDone()
            if let rest = result.rest {
                // Cut where its output passed the budget: the rest is awaited next.
                let tail = ParallelRun.Job(sequence: sequence, bytes: Array(job.bytes[rest...]), offset: job.offset + rest)
                sequence += 1
                run.submit(tail, first: true)
                pending.insert(tail, at: 0)
            }
            return true
        }

        readLoop: while !finished {
            // The next chunk: the carried partial line, then a block read straight after it.
            var chunk = try SystemCall.read(fd, upTo: chunkSize, after: carry, path: source == "<stdin>" ? nil : source)
            if chunk.count - carry.count < chunkSize { finished = true }
            progress?(bytesBefore + offset + chunk.count, size, statistics.recordsRead)
            // Cut at the last line end (the whole rest at the end of the input).
            var cut = chunk.count
            if !finished {
                guard let last = chunk.lastIndex(of: 0x0A) else {
                    // A line longer than a block: let the sequential path (and its limits) handle it,
                    // after the chunks already submitted.
                    carry = chunk
                    longLine = true
                    break readLoop
                }
                cut = last + 1
            }
            carry = Array(chunk[cut...])
            if cut > 0 {
                chunk.removeLast(chunk.count - cut)
                let job = ParallelRun.Job(sequence: sequence, bytes: chunk, offset: offset)
                run.submit(job)
                pending.append(job)
                sequence += 1
                offset += cut
            }
            // Keep at most two chunks per worker in flight.
            while pending.count >= 2 * threads {
                if try !drainOne() { break readLoop }
            }
        }
        while failedAt == nil && !pending.isEmpty {
            if try !drainOne() { break }
        }
        if failedAt == nil && longLine {
            failedAt = (ParallelRun.Job(sequence: sequence, bytes: [], offset: offset), line)
        }
        run.stop()
        guard let failed = failedAt else {
            // Everything ran in parallel; the reader only reports the bytes consumed.
            reader.resume(atOffset: offset + carry.count, line: line, recordsBefore: 0)
            return
        }
        // Sequential from the first chunk that was not clean, with positions and record numbers
        // counted from the start of the input.
        // Record numbers count within this input, as the sequential reader counts them.
        reader.resume(atOffset: failed.job.offset, line: failed.line, recordsBefore: statistics.recordsRead - recordsAtStart)
        let prefeed = [failed.job.bytes] + pending.map(\.bytes) + [carry]
        statistics.bytesIn = bytesBefore
        try readSequentially(&reader, prefeed: prefeed, fd: fd, size: size, source: source, to: out, current: &current)
    }

    /// True when `block`, the input's first bytes, begins (after a byte order mark and
    /// whitespace) with a line holding one whole JSON object that is a user rather than a
    /// ListResponse (no `Resources` or `totalResults` member, no ListResponse URN): auto-detected
    /// input is then NDJSON from its first record. Anything else is read sequentially.
    static func startsAsNDJSON(_ block: [UInt8]) -> Bool {
        var i = block.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < block.count, block[i] == ._space || block[i] == ._tab || block[i] == ._newline || block[i] == ._return {
            i += 1
        }
        guard i < block.count, block[i] == ._openBrace, let end = block[i...].firstIndex(of: ._newline),
            let record = try? UserRecord(json: block[i..<end])
        else { return false }
        let urn = Array("urn:ietf:params:scim:api:messages:2.0:ListResponse".utf8)
        return record.fieldIndex(named: SCIMNames.resources) == nil
            && record.fieldIndex(named: SCIMNames.totalResults) == nil
            && block[i..<end].firstRange(of: urn) == nil
    }
}
