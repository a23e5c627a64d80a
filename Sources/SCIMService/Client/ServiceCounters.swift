public import SCIMStream

/// Counts of one service's requests and outcomes, shared by the request threads.
public final class ServiceCounters: @unchecked Sendable {
    private let lock = Monitor()
    private var statuses: [Int: Int] = [:]
    private var outcomes: [String: Int] = [:]
    private var retriedCount = 0
    private var lostAnswers = 0

    /// Creates empty counters.
    public init() {}

    /// Counts one response.
    func count(status: Int) {
        lock.withLock { statuses[status, default: 0] += 1 }
    }

    /// Counts one request sent again.
    func countRetry() {
        lock.withLock { retriedCount += 1 }
    }

    /// Counts one request whose answer never came (connection lost or timed out).
    func countLostAnswer() {
        lock.withLock { lostAnswers += 1 }
    }

    /// Counts one user's outcome (`created`, `existing`, …).
    func count(outcome: String) {
        lock.withLock { outcomes[outcome, default: 0] += 1 }
    }

    /// Requests sent again so far.
    public var retried: Int { lock.withLock { retriedCount } }

    /// The number of users with this outcome.
    public func outcomes(_ name: String) -> Int { lock.withLock { outcomes[name, default: 0] } }

    /// Responses by status so far.
    public var responsesByStatus: [Int: Int] { lock.withLock { statuses } }

    /// `"service": {created, updated, existing, deleted, failed, skipped, retried, …, "requests": {status: n}}`.
    public func section(name: String, outcomeNames: [String]) -> StatisticsSection {
        lock.withLock {
            var counts = outcomeNames.map { StatisticsSection.Count($0, outcomes[$0, default: 0]) }
            counts.append(.init("retried", retriedCount))
            counts.append(.init("answers_lost", lostAnswers))
            let requests = statuses.keys.sorted().map { StatisticsSection.Count(String($0), statuses[$0]!) }
            return StatisticsSection(name: name, counts: counts, subsections: [StatisticsSection(name: "requests", counts: requests)])
        }
    }
}
