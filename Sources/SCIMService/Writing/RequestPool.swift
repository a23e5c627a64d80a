/// A fixed number of threads that run submitted jobs in submission order of start (the
/// `--concurrency` requests in flight). Jobs block on HTTP; the pipeline's thread does not.
final class RequestPool: @unchecked Sendable {
    private let monitor = Monitor()
    private var jobs: [@Sendable () -> Void] = []
    private var head = 0
    private var closed = false

    /// Starts `threads` threads.
    init(threads: Int) {
        for _ in 0..<max(1, threads) {
            startThread { [self] in run() }
        }
    }

    /// Queues a job.
    func submit(_ job: @escaping @Sendable () -> Void) {
        monitor.withLock {
            jobs.append(job)
            monitor.broadcast()
        }
    }

    /// Lets the threads end once the queue is empty.
    func close() {
        monitor.withLock {
            closed = true
            monitor.broadcast()
        }
    }

    private func run() {
        while let job = next() { job() }
    }

    /// The next job, waiting for one; nil once closed and empty.
    private func next() -> (@Sendable () -> Void)? {
        monitor.withLock {
            while head == jobs.count && !closed { monitor.wait() }
            guard head < jobs.count else { return nil }
            let job = jobs[head]
            head += 1
            if head > 1024 && head * 2 > jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            return job
        }
    }
}

/// A job's result, waited for by the pipeline's thread.
final class Pending<Value: Sendable>: @unchecked Sendable {
    private let monitor = Monitor()
    private var value: Value?

    /// A result still to come.
    init() {}

    /// A result known now.
    init(_ value: Value) { self.value = value }

    /// Sets the result and wakes the waiter.
    func fulfil(_ result: Value) {
        monitor.withLock {
            value = result
            monitor.broadcast()
        }
    }

    /// True when the result is there.
    var isDone: Bool {
        monitor.withLock { value != nil }
    }

    /// Waits for the result.
    func wait() -> Value {
        monitor.withLock {
            while value == nil { monitor.wait() }
            return value!
        }
    }
}
