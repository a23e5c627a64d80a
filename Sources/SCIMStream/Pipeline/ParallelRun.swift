import SCIMJSON
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a pipeline over NDJSON chunks on several threads, with output in input order.
///
/// The input is cut at line ends into chunks (256 KiB by default). Each worker runs its own copy of
/// the stages and writer over a chunk into memory; the calling thread reads, cuts, and writes
/// the results in order. Cutting at a line end is only safe where no record spans the cut:
/// a cut inside a (pretty-printed) record always makes one of the two chunks fail, so any error
/// or reject in a chunk ends the parallel part, and the rest of the input — from the failed
/// chunk on — runs through the sequential path. Output and messages are therefore exactly those
/// of `--threads 1`.
///
/// Memory is bounded whatever the output: at most two chunks per worker are in flight, and a
/// worker whose output for a chunk passes ``outputBudget`` cuts the chunk at the next record's
/// line: it hands over the output so far with ``Result/rest`` set, and the main thread queues
/// the rest of the chunk as a new job, first in line.
package final class ParallelRun: @unchecked Sendable {
    /// One chunk of complete lines.
    struct Job {
        let sequence: Int
        let bytes: [UInt8]
        let offset: Int
    }

    /// What a worker made of a chunk.
    struct Result {
        var output: [UInt8] = []
        var read = 0
        var written = 0
        var dropped: [Int] = []
        /// The chunk held only good records from its first byte to its last.
        var clean = false
        /// Line ends in the chunk (counted here, off the main thread).
        var lines = 0
        /// Set when the output passed the budget: the chunk was cut at this offset (a line
        /// start, relative to the chunk); output, counts and lines cover the bytes before it.
        var rest: Int?
    }

    /// Thrown inside a chunk to cut it where the output passed the budget.
    struct Cut: Error {
        let offset: Int
        let outputBytes: Int
        let read: Int
        let written: Int
    }

    let template: (stages: [any RecordStage], writer: any RecordWriter, options: UserRecordReader.Options)
    /// Allocated (not stored properties): pthread objects must not move.
    let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    var queue: [Job] = []
    var results: [Int: Result] = [:]
    var stopping = false
    var threads: [pthread_t] = []
    /// Output bytes a worker may gather for one chunk before cutting it.
    let outputBudget: Int
    /// Output bytes of finished results not yet taken, and the most there ever were.
    var held = 0
    var peakHeld = 0

    /// Starts `workers` threads; nil when none could be started.
    init?(
        stages: [any RecordStage], writer: any RecordWriter, options: UserRecordReader.Options, workers: Int, chunkSize: Int,
        outputBudget: Int = 1 << 20
    ) {
        self.outputBudget = outputBudget
        var workerOptions = options
        workerOptions.errorPolicy = .fail
        // A worker's reader holds one chunk: its buffer needs no more than the chunk.
        workerOptions.readSize = min(options.readSize, max(chunkSize, 4096))
        template = (stages, writer, workerOptions)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(changed, nil)
        for _ in 0..<workers {
            let box = Unmanaged.passRetained(self)
            var thread = pthread_t()
            let status = pthread_create(
                &thread, nil,
                { context in
                    let run = Unmanaged<ParallelRun>.fromOpaque(context!).takeRetainedValue()
                    run.work()
                    return nil
                }, box.toOpaque())
            guard status == 0 else {
                box.release()
                break
            }
            threads.append(thread)
        }
        if threads.isEmpty { return nil }
    }

    deinit {
        pthread_mutex_destroy(mutex)
        pthread_cond_destroy(changed)
        mutex.deallocate()
        changed.deallocate()
    }

    /// Queues a chunk, at the end or (the rest of a cut chunk, awaited next) at the front.
    func submit(_ job: Job, first: Bool = false) {
        pthread_mutex_lock(mutex)
        if first { queue.insert(job, at: 0) } else { queue.append(job) }
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
    }

    /// Waits for the result of chunk `sequence`.
    func result(_ sequence: Int) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while results[sequence] == nil { pthread_cond_wait(changed, mutex) }
        let result = results.removeValue(forKey: sequence)!
        held -= result.output.count
        return result
    }

    /// Drops queued chunks, lets running ones finish, and ends the workers (again: a no-op).
    func stop() {
        guard !threads.isEmpty else { return }
        pthread_mutex_lock(mutex)
        stopping = true
        queue.removeAll()
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
        for thread in threads { pthread_join(thread, nil) }
        threads.removeAll()
    }

    private func work() {
        var stages = template.stages
        var writer = template.writer
        // Reused from chunk to chunk: no buffer is allocated per chunk.
        var reader = UserRecordReader(options: template.options)
        let out = OutputBuffer(sink: MemorySink(), flushThreshold: max(template.options.readSize, 4096))
        while true {
            pthread_mutex_lock(mutex)
            while queue.isEmpty && !stopping { pthread_cond_wait(changed, mutex) }
            if stopping && queue.isEmpty {
                pthread_mutex_unlock(mutex)
                return
            }
            let job = queue.removeFirst()
            pthread_mutex_unlock(mutex)
            let result = process(job, &stages, &writer, &reader, out)
            pthread_mutex_lock(mutex)
            results[job.sequence] = result
            held += result.output.count
            peakHeld = max(peakHeld, held)
            pthread_cond_broadcast(changed)
            pthread_mutex_unlock(mutex)
        }
    }

    private func process(
        _ job: Job, _ stages: inout [any RecordStage], _ writer: inout any RecordWriter,
        _ reader: inout UserRecordReader, _ out: OutputBuffer
    ) -> Result {
        var result = Result()
        result.dropped = Array(repeating: 0, count: stages.count)
        // The output stays in `out` until the chunk ends (nothing calls `recordDone`), then
        // goes to a fresh sink in one piece.
        let sink = MemorySink()
        out.sink = sink
        // Line numbers inside a chunk only show in errors, and a chunk with any error is read
        // again sequentially with its true position; so each chunk counts lines from 1.
        reader.restart(atOffset: job.offset, line: 1, recordsBefore: 0)
        result.lines = job.bytes.withUnsafeBytes { ByteSearch.count(0x0A, $0) }
        var rejected = false
        reader.onReject = { _ in rejected = true }
        // Work on locals (closures cannot capture inout parameters); hand the state back after.
        var localStages = stages
        var localWriter = writer
        defer {
            stages = localStages
            writer = localWriter
        }
        let budget = outputBudget
        let handle: (inout UserRecord) throws -> Void = { record in
            let before = (bytes: out.count + sink.bytes.count, read: result.read, written: result.written)
            result.read += 1
            // An Error message is refused: the chunk is read again sequentially, which reports it.
            if let refusal = SCIMErrorMessage.refusal(record) { throw refusal }
            for i in localStages.indices where try localStages[i].process(&record) == .drop {
                result.dropped[i] += 1
                return
            }
            try localWriter.write(record, to: out)
            result.written += 1
            if out.count + sink.bytes.count > budget && !rejected,
                let cut = Self.lineStart(of: record.location.start.offset - job.offset, in: job.bytes), cut > 0
            {
                throw Cut(offset: cut, outputBytes: before.bytes, read: before.read, written: before.written)
            }
        }
        do {
            try reader.consume(job.bytes, handle)
            try reader.finish(handle)
            try out.flush()
            // A worker's reader starts afresh: in `auto` it may take a line for a ListResponse
            // that the sequential reader, past users already, would read as a user.
            result.clean = !rejected && !reader.framer.sawEnvelopeOrArray
        } catch let cut as Cut where !reader.framer.sawEnvelopeOrArray {
            // Clean so far: hand over the output before the cut; the rest becomes a new job.
            try? out.flush()
            result.output = Array(sink.bytes[..<cut.outputBytes])
            result.read = cut.read
            result.written = cut.written
            result.lines = job.bytes[..<cut.offset].withUnsafeBytes { ByteSearch.count(0x0A, $0) }
            result.rest = cut.offset
            result.clean = true
            return result
        } catch {
            result.clean = false
            out.truncate(by: out.count)  // a failed chunk's output is never used
        }
        result.output = sink.bytes
        return result
    }

    /// The start of the line holding the record that starts at `offset` in `bytes`, when only
    /// spaces, tabs or CRs precede the record on its line (nothing else is cut off); else nil.
    static func lineStart(of offset: Int, in bytes: [UInt8]) -> Int? {
        var k = min(offset, bytes.count)
        while k > 0 {
            switch bytes[k - 1] {
            case 0x0A: return k
            case ._space, ._tab, 0x0D: k -= 1
            default: return nil
            }
        }
        return 0
    }

    /// The most worker threads a run starts: four per core (more only add memory).
    package static var maxThreads: Int { 4 * processorCount }

    /// Number of online processors.
    package static var processorCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}
