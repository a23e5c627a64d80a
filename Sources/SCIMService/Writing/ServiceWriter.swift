import SCIMJSON
public import SCIMStream

/// `--to scim`: writes each user to a live SCIM service, one request per user, with
/// ``Settings/concurrency`` requests in flight, and reports each user in input order (to the
/// results file, the statistics and, for failures, the pipeline's rejects).
///
/// With ``Settings/remapsReferences``, users are created without `manager`; once every user is
/// written, each one whose manager was migrated too gets a PATCH naming the manager's new id.
public final class ServiceWriter: RecordWriter {
    /// How users are written.
    public struct Settings: Sendable {
        /// POST (create), PUT, PATCH or DELETE (these three address the record's `id`).
        public var method: BulkWriter.Method = .post
        /// Requests in flight at most.
        public var concurrency = 4
        /// What a 409 (the user exists) leads to.
        public var onConflict: ConflictPolicy = .skip
        /// Point `manager.value` at the manager's id on the target after all users exist.
        public var remapsReferences = false
        /// Print the requests instead of sending them.
        public var dryRun = false
        /// Stop at the first user the service refuses (`--on-error fail`).
        public var stopsAtFailure = true
        /// PUT, PATCH and DELETE carry the record's `meta.version` (`If-Match`, or `version` in Bulk).
        public var sendsVersion = true
        /// When to send users through the target's `/Bulk`.
        public var bulk = BulkMode.auto
        /// Operations per Bulk document at most (the lower of this and the target's limit applies).
        public var bulkMaxOperations = 1000
        /// Bytes per Bulk document at most (the lower of this and the target's limit applies).
        public var bulkMaxBytes = 1_048_576

        /// The defaults.
        public init() {}
    }

    /// What the writer tells its caller.
    public struct Hooks {
        /// The input being read (for the results' `source`).
        public var currentSource: () -> String = { "" }
        /// A user the service refused for good: the caller counts and reports it as rejected.
        public var rejected: (UserRecord, String) throws -> Void = { _, _ in }
        /// A warning to print.
        public var warning: (String) -> Void = { _ in }
        /// Called after each user is reported (for a progress line).
        public var progress: () -> Void = {}

        /// No hooks.
        public init() {}
    }

    /// The settings.
    public let settings: Settings
    /// The client (counts included).
    public let client: ServiceClient
    /// The caller's hooks.
    public var hooks = Hooks()
    let requests: UserRequests
    let resultsPath: String?
    let resumePath: String?
    private var results: ResultsLog?
    private var resume = ResumeLog()
    private var pool: RequestPool?
    /// The Bulk document being filled, when users go through `/Bulk`.
    private var batch: BulkBatch?
    /// The pending outcomes of the users in ``batch``.
    private var batchOutcomes: [Pending<UserOutcome>] = []
    /// True when users go through the target's `/Bulk`.
    public var usesBulk: Bool { batch != nil }
    /// Users handed over and not yet reported, in input order.
    private var window: [(operation: UserOperation, record: UserRecord, outcome: Pending<UserOutcome>)] = []
    private var windowHead = 0
    /// Users reported so far.
    public private(set) var usersFinished = 0
    /// Users handed over and not yet reported (requests in flight, or waiting for one).
    public var usersPending: Int { window.count - windowHead }
    private var sequence = 0
    /// Target id by source id, and the users whose manager is to be set: for remapping.
    private var targetBySourceID: [String: String]
    private var managerEdges: [(targetId: String, manager: String, userName: String?)] = []

    /// Creates the writer; nothing is opened or sent before ``begin(to:)``.
    ///
    /// - Parameters:
    ///   - resultsPath: the `--results` file (created, or added to when it is the resume file).
    ///   - resumePath: an earlier run's results: the users it finished are skipped.
    public init(client: ServiceClient, settings: Settings, resultsPath: String?, resumePath: String?) {
        self.client = client
        self.settings = settings
        self.resultsPath = resultsPath
        self.resumePath = resumePath
        self.targetBySourceID = [:]
        requests = UserRequests(client: client, onConflict: settings.onConflict)
    }

    /// Users an earlier run finished (from the resume file).
    public var resumedUsers: Int { resume.count }

    /// Reads the resume file, opens the results file, starts the request threads.
    ///
    /// - Throws: ``IOError`` when a file cannot be read or created.
    public func begin(to out: OutputBuffer) throws {
        if let resumePath {
            resume = try ResumeLog(path: resumePath)
            targetBySourceID = resume.targetBySourceID
        }
        if let resultsPath {
            let appending = resumePath.map { ResultsLog.sameFile($0, resultsPath) } ?? false
            results = try ResultsLog(path: resultsPath, appending: appending)
        }
        guard !settings.dryRun else { return }
        if settings.bulk != .never {
            let config = try client.serviceProviderConfig()
            if config.bulkSupported {
                batch = BulkBatch(
                    maxOperations: min(settings.bulkMaxOperations, config.bulkMaxOperations ?? .max),
                    maxBytes: min(settings.bulkMaxBytes, config.bulkMaxPayloadSize ?? .max))
            } else if settings.bulk == .always {
                throw RemoteError(
                    .protocolError,
                    "\(client.url.serviceProviderConfig) says bulk.supported is false, and --bulk always was asked (use --bulk auto or never)")
            }
        }
        pool = RequestPool(threads: settings.concurrency)
    }

    /// Hands the user to a request thread (or, resumed or dry, decides at once), then reports
    /// the users that have finished, in order; waits while too many are unreported.
    public func write(_ record: UserRecord, to out: OutputBuffer) throws {
        // A manager already on the target is named at once; the others are set afterwards.
        var manager = UserOperation.ManagerHandling.keep
        if settings.remapsReferences {
            manager = record.enterprise?.managerID.flatMap { targetBySourceID[$0] }.map { .set($0) } ?? .remove
        }
        var operation = UserOperation(
            record: record, sequence: sequence, source: hooks.currentSource(), method: settings.method, manager: manager,
            sendsVersion: settings.sendsVersion)
        sequence += 1
        let pending: Pending<UserOutcome>
        if let key = operation.resumeKey, let target = resume.done[key] {
            // Not sent: its manager (if any) is set by the remapping.
            operation.managerSetAtCreate = false
            let note = resume.written.contains(key) ? UserOutcome.writtenBeforeNote : UserOutcome.foundBeforeNote
            pending = Pending(UserOutcome(kind: .skipped, targetId: target.isEmpty ? nil : target, note: note))
        } else if settings.dryRun {
            try printRequest(operation, to: out)
            pending = Pending(UserOutcome(kind: .dryRun))
        } else if batch != nil {
            pending = Pending()
            try addToBatch(operation, pending)
        } else {
            pending = Pending()
            let (requests, sent) = (self.requests, operation)
            pool!.submit { pending.fulfil(requests.perform(sent)) }
        }
        window.append((operation, record, pending))
        // Unreported users at most: a few per request thread, or a Bulk document per thread.
        try report(waitingWhileOver: batch.map { $0.maxOperations * (settings.concurrency + 1) } ?? 4 * settings.concurrency)
    }

    /// Adds the operation to the Bulk document, sending the document first when it is full
    /// (a user too large for any document is sent alone).
    private func addToBatch(_ operation: UserOperation, _ pending: Pending<UserOutcome>) throws {
        if batch!.add(operation) {
            batchOutcomes.append(pending)
            return
        }
        sendBatch()
        if batch!.add(operation) {
            batchOutcomes.append(pending)
        } else {
            let requests = self.requests
            pool!.submit { pending.fulfil(requests.perform(operation)) }
        }
    }

    /// Hands the Bulk document to a request thread.
    private func sendBatch() {
        guard let full = batch, !full.isEmpty else { return }
        batch = BulkBatch(maxOperations: full.maxOperations, maxBytes: full.maxBytes)
        let outcomes = batchOutcomes
        batchOutcomes = []
        let requests = self.requests
        pool!.submit {
            for (pending, outcome) in zip(outcomes, requests.perform(full)) { pending.fulfil(outcome) }
        }
    }

    /// Waits for every user, then remaps managers.
    public func end(to out: OutputBuffer) throws {
        defer { pool?.close() }
        sendBatch()
        try report(waitingWhileOver: 0)
        if settings.remapsReferences { try remapManagers(to: out) }
    }

    /// Reports finished users from the front of the window; waits for the front while more than
    /// `limit` are unreported.
    private func report(waitingWhileOver limit: Int) throws {
        while windowHead < window.count {
            let entry = window[windowHead]
            guard window.count - windowHead > limit || entry.outcome.isDone else { break }
            // The user waited for may be in the document being filled: send it first.
            if !entry.outcome.isDone { sendBatch() }
            let outcome = entry.outcome.wait()
            windowHead += 1
            if windowHead > 256 && windowHead * 2 > window.count {
                window.removeFirst(windowHead)
                windowHead = 0
            }
            try finish(entry.operation, entry.record, outcome)
            usersFinished += 1
            hooks.progress()
        }
    }

    /// Counts, records and reports one user's outcome.
    private func finish(_ operation: UserOperation, _ record: UserRecord, _ outcome: UserOutcome) throws {
        if let fatal = outcome.fatal { throw fatal }
        client.counters.count(outcome: outcome.kind.rawValue)
        try results?.write(outcome.resultLine(for: operation, url: requests.url(of: operation)))
        if let target = outcome.targetId, outcome.isDone {
            if let source = operation.sourceId { targetBySourceID[source] = target }
            // The body named the manager only if it was applied (created or updated, not found).
            let managerApplied = operation.managerSetAtCreate && (outcome.kind == .created || outcome.kind == .updated)
            if let manager = operation.managerReference, settings.remapsReferences, !managerApplied,
                outcome.isOurs(resume: resume, key: operation.resumeKey, externalId: operation.externalId), operation.method != .delete
            {
                managerEdges.append((target, manager, operation.userName))
            }
        }
        guard outcome.kind == .failed else { return }
        let message = "\(operation.method.rawValue) \(requests.url(of: operation)): \(outcome.error.map { "\($0)" } ?? "failed")"
        try hooks.rejected(record, message)
        if settings.stopsAtFailure { throw RemoteError(.userRefused, message) }
    }

    /// `--dry-run`: one line `{"method":…,"url":…,"body":…}` per request.
    private func printRequest(_ operation: UserOperation, to out: OutputBuffer) throws {
        var line = Array(#"{"method":"#.utf8)
        JSONEscaping.appendQuoted(operation.method.rawValue, to: &line)
        line += Array(#","url":"#.utf8)
        JSONEscaping.appendQuoted(requests.url(of: operation), to: &line)
        if let body = operation.body { line += Array(#","body":"#.utf8) + body }
        line += Array("}\n".utf8)
        out.append(line)
        try out.recordDone()
    }

    /// PATCHes every migrated user whose manager was migrated too; reports the others.
    private func remapManagers(to out: OutputBuffer) throws {
        let edges = managerEdges
        managerEdges = []
        var pending: [(edge: (targetId: String, manager: String, userName: String?), managerTarget: String?, result: Pending<UserOutcome>)] = []
        for edge in edges {
            guard let managerTarget = targetBySourceID[edge.manager] else {
                pending.append((edge, nil, Pending(UserOutcome(kind: .failed))))
                continue
            }
            let result = Pending<UserOutcome>()
            if settings.dryRun {
                result.fulfil(UserOutcome(kind: .dryRun))
            } else {
                let request = HTTPRequest(method: "PATCH", url: client.url.user(edge.targetId), body: UserOperation.patchManager(managerTarget))
                let client = self.client
                pool!.submit {
                    do {
                        let exchange = try client.send(request)
                        result.fulfil(
                            UserOutcome(
                                kind: exchange.response.isSuccess ? .updated : .failed, status: exchange.response.status,
                                attempts: exchange.attempts, error: exchange.response.isSuccess ? nil : SCIMErrorBody(response: exchange.response)))
                    } catch let error as RemoteError {
                        result.fulfil(UserOutcome(kind: .failed, fatal: error))
                    } catch {
                        result.fulfil(UserOutcome(kind: .failed, fatal: RemoteError(.unavailable, "\(error)")))
                    }
                }
            }
            pending.append((edge, managerTarget, result))
        }
        var missing = 0
        for entry in pending {
            let outcome = entry.result.wait()
            if let fatal = outcome.fatal { throw fatal }
            let name: String
            if entry.managerTarget == nil {
                name = "manager-missing"
                missing += 1
            } else {
                name = outcome.kind == .updated ? "remapped" : outcome.kind == .dryRun ? "dry-run" : "failed"
            }
            client.counters.count(outcome: name == "manager-missing" ? "managers_missing" : name == "failed" ? "remap_failed" : name)
            try results?.write(Self.remapLine(entry.edge, managerTarget: entry.managerTarget, outcome: outcome, name: name))
            if name == "failed" {
                hooks.warning(
                    "could not set the manager of \(entry.edge.userName ?? entry.edge.targetId): PATCH \(client.url.user(entry.edge.targetId)): \(outcome.error.map { "\($0)" } ?? "failed")"
                )
            }
        }
        if missing > 0 {
            hooks.warning("\(missing) users name a manager that was not migrated; their manager was left unset (see --results)")
        }
        let failed = client.counters.outcomes("remap_failed")
        if failed > 0 && settings.stopsAtFailure {
            throw RemoteError(.userRefused, "the manager of \(failed) users could not be set (see the warnings and --results)")
        }
    }

    /// A `--results` line of the remapping phase.
    static func remapLine(
        _ edge: (targetId: String, manager: String, userName: String?), managerTarget: String?, outcome: UserOutcome, name: String
    ) -> [UInt8] {
        var line = Array(#"{"phase":"remap","targetId":"#.utf8)
        JSONEscaping.appendQuoted(edge.targetId, to: &line)
        line += Array(#","userName":"#.utf8)
        if let userName = edge.userName { JSONEscaping.appendQuoted(userName, to: &line) } else { line += Array("null".utf8) }
        line += Array(#","managerSourceId":"#.utf8)
        JSONEscaping.appendQuoted(edge.manager, to: &line)
        line += Array(#","managerTargetId":"#.utf8)
        if let managerTarget { JSONEscaping.appendQuoted(managerTarget, to: &line) } else { line += Array("null".utf8) }
        line += Array(#","status":\#(outcome.status.map(String.init) ?? "null"),"attempts":\#(outcome.attempts),"outcome":"#.utf8)
        JSONEscaping.appendQuoted(name, to: &line)
        line += Array("}\n".utf8)
        return line
    }

    /// The outcome names of the statistics, in order.
    public static let outcomeNames = [
        "created", "updated", "existing", "deleted", "failed", "skipped", "dry-run", "remapped", "remap_failed", "managers_missing"
    ]
}
