import Foundation

/// A fixed number of threads that run submitted jobs in submission order of start (the
/// `--concurrency` requests in flight). Jobs block on HTTP; the pipeline's thread does not.
final class RequestPool: @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var head = 0
    private var closed = false

    /// Starts `threads` threads.
    init(threads: Int) {
        for _ in 0..<max(1, threads) {
            let thread = Thread { [self] in run() }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Queues a job.
    func submit(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Lets the threads end once the queue is empty.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while head == jobs.count && !closed { condition.wait() }
            if head == jobs.count {
                condition.unlock()
                return
            }
            let job = jobs[head]
            head += 1
            if head > 1024 && head * 2 > jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            condition.unlock()
            job()
        }
    }
}

/// A job's result, waited for by the pipeline's thread.
final class Pending<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Value?

    /// A result still to come.
    init() {}

    /// A result known now.
    init(_ value: Value) { self.value = value }

    /// Sets the result and wakes the waiter.
    func fulfil(_ result: Value) {
        condition.lock()
        value = result
        condition.broadcast()
        condition.unlock()
    }

    /// True when the result is there.
    var isDone: Bool {
        condition.lock()
        defer { condition.unlock() }
        return value != nil
    }

    /// Waits for the result.
    func wait() -> Value {
        condition.lock()
        defer { condition.unlock() }
        while value == nil { condition.wait() }
        return value!
    }
}
