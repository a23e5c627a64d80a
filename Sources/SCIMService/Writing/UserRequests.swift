import SCIMJSON
import SCIMStream

/// The requests for one user, run on a request thread: the operation, then what its answer
/// calls for (a lookup after a lost create, the conflict policy after a 409).
struct UserRequests: Sendable {
    let client: ServiceClient
    let onConflict: ConflictPolicy

    /// The URL the operation addresses.
    func url(of operation: UserOperation) -> String {
        operation.method == .post ? client.url.users : client.url.user(operation.id ?? "")
    }

    /// Runs the operation to its end; never throws (a fatal failure is in the outcome).
    func perform(_ operation: UserOperation) -> UserOutcome {
        var attempts = 0
        do {
            switch operation.method {
            case .post: return try create(operation, &attempts)
            case .put, .patch, .delete:
                guard let id = operation.id, !id.isEmpty else {
                    return UserOutcome(
                        kind: .failed,
                        error: SCIMErrorBody(status: 0, detail: "\(operation.method.rawValue) needs the user's \"id\", and this record has none"))
                }
                // With the version the record was read at, a user changed since gets 412, not overwritten.
                let condition = operation.version.map { [(name: "If-Match", value: $0)] } ?? []
                let exchange = try client.send(
                    HTTPRequest(method: operation.method.rawValue, url: client.url.user(id), headers: condition, body: operation.body))
                attempts += exchange.attempts
                if exchange.answersLost > 0, let settled = settledAfterLostAnswer(operation, exchange, attempts: attempts, id: id) {
                    return settled
                }
                return finished(exchange.response, kind: operation.method == .delete ? .deleted : .updated, attempts: attempts, fallbackID: id)
            }
        } catch let error as RemoteError {
            return UserOutcome(kind: .failed, attempts: attempts, fatal: error)
        } catch {
            return UserOutcome(kind: .failed, attempts: attempts, fatal: RemoteError(.unavailable, "\(error)"))
        }
    }

    /// Sends a Bulk request and maps its answer back to the users; a user the answer does not
    /// settle (lost answer, refused document, missing or retryable result, 409) is then
    /// handled on its own, as without Bulk.
    func perform(_ batch: BulkBatch) -> [UserOutcome] {
        let exchange: ServiceClient.Exchange
        do {
            exchange = try client.send(HTTPRequest(method: "POST", url: client.url.bulk, body: batch.document))
        } catch let error as ServiceClient.AnswerLost {
            return batch.operations.map { alone($0, "the Bulk request's answer was lost (\(error.reason))") }
        } catch let error as RemoteError {
            return batch.operations.map { _ in UserOutcome(kind: .failed, fatal: error) }
        } catch {
            return batch.operations.map { _ in UserOutcome(kind: .failed, fatal: RemoteError(.unavailable, "\(error)")) }
        }
        guard exchange.response.isSuccess else {
            let error = SCIMErrorBody(response: exchange.response)
            return batch.operations.map { alone($0, "the Bulk request got \(error)") }
        }
        let results = BulkOperationResult.parse(exchange.response.body)
        return batch.operations.map { operation in
            guard let result = results["u\(operation.sequence)"] else {
                return alone(operation, "not in the Bulk response")
            }
            if (200..<300).contains(result.status) {
                let kind: UserOutcome.Kind = operation.method == .post ? .created : operation.method == .delete ? .deleted : .updated
                let id = result.location.flatMap { $0.split(separator: "/").last.map(String.init).flatMap(Encoding.percentDecoded) } ?? operation.id
                return UserOutcome(kind: kind, status: result.status, targetId: id, location: result.location, attempts: exchange.attempts)
            }
            if result.status == 409 || RetryPolicy.isRetryable(status: result.status) {
                return alone(operation, "the Bulk operation got \(result.status)")
            }
            return UserOutcome(kind: .failed, status: result.status, attempts: exchange.attempts, error: result.error)
        }
    }

    /// The operation sent on its own after Bulk did not settle it, with why in the note.
    private func alone(_ operation: UserOperation, _ why: String) -> UserOutcome {
        var outcome = perform(operation)
        outcome.note = why + "; sent alone" + (outcome.note.map { "; " + $0 } ?? "")
        return outcome
    }

    /// A PUT, PATCH or DELETE sent again after its answer was lost finds the effect of the
    /// first attempt: a DELETE gets 404 (the user is gone, as asked), a PUT or PATCH with
    /// `If-Match` gets 412 (the version moved, most likely by that first attempt). Those are
    /// taken as done, with a note saying so; nil for any other answer.
    private func settledAfterLostAnswer(
        _ operation: UserOperation, _ exchange: ServiceClient.Exchange, attempts: Int, id: String
    ) -> UserOutcome? {
        let status = exchange.response.status
        if operation.method == .delete, status == 404 {
            return UserOutcome(
                kind: .deleted, status: status, targetId: id, attempts: attempts,
                note: "answer lost; sent again, the user was gone (404): the first DELETE was applied")
        }
        if operation.method != .delete, status == 412, operation.version != nil {
            return UserOutcome(
                kind: .updated, status: status, targetId: id, attempts: attempts,
                note: "answer lost; sent again, the version had moved (412): taken as applied by the first attempt, check the user")
        }
        return nil
    }

    /// POST, with a lookup when the answer is lost or the user exists.
    private func create(_ operation: UserOperation, _ attempts: inout Int) throws -> UserOutcome {
        var lost = 0
        while true {
            let exchange: ServiceClient.Exchange
            do {
                exchange = try client.send(HTTPRequest(method: "POST", url: client.url.users, body: operation.body))
            } catch let error as ServiceClient.AnswerLost {
                // The create may have happened: look before sending it again.
                attempts += error.attempts
                lost += 1
                if let found = try lookup(operation, &attempts) {
                    var outcome = try resolveExisting(operation, found, &attempts)
                    outcome.note = "\(UserOutcome.lostAnswerNote) (\(error.reason)); found on the target by \(found.by)"
                    return outcome
                }
                guard lost <= client.retry.maxRetries else {
                    throw RemoteError(.unavailable, "POST \(client.url.users): \(error.reason), \(attempts) attempts")
                }
                continue
            }
            attempts += exchange.attempts
            let response = exchange.response
            if response.status == 409 {
                guard let found = try lookup(operation, &attempts) else {
                    var outcome = finished(response, kind: .failed, attempts: attempts, fallbackID: nil)
                    outcome.note = "409, and no user with this userName or externalId was found"
                    return outcome
                }
                var outcome = try resolveExisting(operation, found, &attempts)
                if outcome.kind != .failed {
                    outcome.note =
                        "409 \(SCIMErrorBody(response: response).scimType ?? "conflict")"
                        + (outcome.sameExternalID ? "; " + UserOutcome.sameExternalIDNote : "")
                }
                return outcome
            }
            return finished(response, kind: .created, attempts: attempts, fallbackID: nil)
        }
    }

    /// Applies the conflict policy to a user found on the target.
    private func resolveExisting(_ operation: UserOperation, _ found: Found, _ attempts: inout Int) throws -> UserOutcome {
        switch onConflict {
        case .skip:
            var outcome = UserOutcome(kind: .existing, status: 200, targetId: found.id, location: found.location, attempts: attempts)
            outcome.sameExternalID = operation.externalId != nil && found.externalId == operation.externalId
            return outcome
        case .fail:
            return UserOutcome(
                kind: .failed, status: 409, targetId: found.id, location: found.location, attempts: attempts,
                error: SCIMErrorBody(status: 409, scimType: "uniqueness", detail: "the user exists on the target (--on-conflict fail)"))
        case .update:
            let exchange = try client.send(HTTPRequest(method: "PUT", url: client.url.user(found.id), body: operation.body))
            attempts += exchange.attempts
            return finished(exchange.response, kind: .updated, attempts: attempts, fallbackID: found.id)
        }
    }

    /// The outcome of a final answer: `kind` for 2xx, else `failed` with the service's error.
    private func finished(_ response: HTTPResponse, kind: UserOutcome.Kind, attempts: Int, fallbackID: String?) -> UserOutcome {
        guard response.isSuccess else {
            return UserOutcome(kind: .failed, status: response.status, attempts: attempts, error: SCIMErrorBody(response: response))
        }
        var outcome = UserOutcome(kind: kind, status: response.status, targetId: fallbackID, attempts: attempts)
        // The user as the service answered it, read by the record reader (no tree of strings).
        if !response.body.isEmpty, let user = try? UserRecord(json: response.body) {
            outcome.targetId = user.id ?? fallbackID
            outcome.location = user.meta?.location
        }
        if let header = response.headers["location"] {
            outcome.location = header
            // An answer without a body names the new user only in Location: …/Users/{id}.
            if outcome.targetId == nil, let last = header.split(separator: "/").last {
                outcome.targetId = Encoding.percentDecoded(String(last))
            }
        }
        return outcome
    }

    /// A user found on the target.
    struct Found {
        var id: String
        var location: String?
        var by: String
        /// The found user's `externalId`.
        var externalId: String?
    }

    /// Looks the user up by `userName`, else by `externalId`.
    private func lookup(_ operation: UserOperation, _ attempts: inout Int) throws -> Found? {
        let keys = [("userName", operation.userName), ("externalId", operation.externalId)]
        for case (let attribute, let value?) in keys {
            let filter = "\(attribute) eq \(Self.filterString(value))"
            let url = client.url.users(query: [("filter", filter), ("count", "2")])
            let exchange = try client.send(HTTPRequest(method: "GET", url: url))
            attempts += exchange.attempts
            guard exchange.response.isSuccess, let page = try? JSONValue(json: exchange.response.body),
                let first = page[member: "Resources"]?.arrayValue.first, let id = first[member: "id"]?.stringValue
            else { continue }
            return Found(
                id: id, location: first[member: "meta"]?[member: "location"]?.stringValue, by: attribute,
                externalId: first[member: "externalId"]?.stringValue)
        }
        return nil
    }

    /// A SCIM filter string literal (RFC 7644 §3.4.2.2: JSON string syntax).
    static func filterString(_ value: String) -> String {
        var bytes: [UInt8] = []
        JSONEscaping.appendQuoted(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
