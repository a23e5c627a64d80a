import Foundation
import SCIMJSON
@testable import SCIMService

/// An in-process SCIM service for the tests: a `/Users` store with 409 on a duplicate
/// `userName`, `filter=userName eq "…"` and `externalId eq`, PUT, PATCH and DELETE by id, and
/// scripted faults. Every request is recorded (its Authorization header included, so tests
/// can check where a token went).
final class FakeService: HTTPTransport, @unchecked Sendable {
    let base = "http://fake.test/scim/v2"
    private let lock = NSLock()
    private(set) var requests: [HTTPRequest] = []
    private(set) var users: [(id: String, json: JSONValue)] = []
    /// Bulk requests handled.
    private(set) var bulkRequests = 0
    private var nextID = 1
    /// Answers before the store sees the request (nil: go on to the store).
    var intercept: ((HTTPRequest, Int) throws(TransportError) -> HTTPResponse?)?
    /// Requests seen by `intercept` so far, by method and path.
    private var counts: [String: Int] = [:]
    /// Random delay per request, up to this many microseconds (answers come out of order).
    var jitterMicroseconds: UInt32 = 0
    /// `ServiceProviderConfig` body.
    var serviceProviderConfig = #"{"bulk":{"supported":false},"filter":{"supported":true,"maxResults":200}}"#

    var userCount: Int { lock.withLock { users.count } }

    func userNames() -> [String] {
        lock.withLock { users.compactMap { $0.json[member: "userName"]?.stringValue } }
    }

    func user(named name: String) -> JSONValue? {
        lock.withLock { users.first { $0.json[member: "userName"]?.stringValue == name }?.json }
    }

    func seed(_ json: String) {
        _ = lock.withLock { insert(try! JSONValue(parsing: json)) }
    }

    /// Adds a user listed before all others.
    func insertAtFront(_ json: String) {
        lock.withLock {
            let stored = insert(try! JSONValue(parsing: json))
            users.removeLast()
            users.insert(stored, at: 0)
        }
    }

    /// Lets the store handle `request` (for an intercept that then loses the answer).
    func sendToStore(_ request: HTTPRequest) -> HTTPResponse {
        lock.withLock { handle(request) }
    }

    func send(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        let key = request.method + " " + (request.url.split(separator: "?").first.map(String.init) ?? request.url)
        let n = lock.withLock {
            requests.append(request)
            counts[key, default: 0] += 1
            return counts[key]!
        }
        if jitterMicroseconds > 0 { usleep(UInt32.random(in: 0...jitterMicroseconds)) }
        if let intercept, let response = try intercept(request, n) { return response }
        return lock.withLock { handle(request) }
    }

    /// Handles a request on the store (lock held).
    private func handle(_ request: HTTPRequest) -> HTTPResponse {
        let parts = request.url.split(separator: "?", maxSplits: 1)
        let path = String(parts[0].dropFirst(base.count))
        let query = parts.count > 1 ? Self.query(String(parts[1])) : [:]
        switch (request.method, path) {
        case ("GET", "/ServiceProviderConfig"):
            return HTTPResponse(status: 200, body: Array(serviceProviderConfig.utf8))
        case ("POST", "/Bulk"):
            bulkRequests += 1
            let document = try! JSONValue(json: request.body!)
            var results: [JSONValue] = []
            for operation in document[member: "Operations"]?.arrayValue ?? [] {
                let method = operation[member: "method"]!.stringValue!
                let path = operation[member: "path"]!.stringValue!
                let data = operation[member: "data"].map(\.jsonBytes)
                let response = handle(HTTPRequest(method: method, url: base + path, body: data))
                var members: [JSONValue.Member] = [
                    .init("method", .string(method)), .init("status", .string(String(response.status)))
                ]
                if let bulkID = operation[member: "bulkId"] { members.append(.init("bulkId", bulkID)) }
                if let location = response.headers["location"] { members.append(.init("location", .string(location))) }
                if !response.isSuccess { members.append(.init("response", try! JSONValue(json: response.body))) }
                results.append(.object(members))
            }
            // Answers come in another order than asked.
            let body = JSONValue.object([
                .init("schemas", .array([.string("urn:ietf:params:scim:api:messages:2.0:BulkResponse")])),
                .init("Operations", .array(results.reversed()))
            ])
            return HTTPResponse(status: 200, body: body.jsonBytes)
        case ("POST", "/Users"):
            let user = try! JSONValue(json: request.body!)
            let name = user[member: "userName"]?.stringValue?.lowercased()
            if users.contains(where: { $0.json[member: "userName"]?.stringValue?.lowercased() == name }) {
                return Self.error(409, "uniqueness", "userName exists")
            }
            let stored = insert(user)
            return HTTPResponse(status: 201, headers: ["Location": base + "/Users/" + stored.id], body: stored.json.jsonBytes)
        case ("GET", "/Users"):
            var found = users
            if let filter = query["filter"] {
                let pieces = filter.split(separator: " ", maxSplits: 2).map(String.init)
                let value = (try? JSONValue(parsing: pieces[2]))?.stringValue?.lowercased()
                found = users.filter { $0.json[member: pieces[0]]?.stringValue?.lowercased() == value }
            }
            let start = Int(query["startIndex"] ?? "1") ?? 1
            let count = Int(query["count"] ?? "100") ?? 100
            let page = Array(found.dropFirst(start - 1).prefix(count))
            return HTTPResponse(status: 200, body: Self.listResponse(page.map(\.json), total: found.count, start: start))
        default:
            guard path.hasPrefix("/Users/"), let index = users.firstIndex(where: { "/Users/" + $0.id == path }) else {
                return Self.error(404, nil, "no such resource")
            }
            switch request.method {
            case "DELETE":
                users.remove(at: index)
                return HTTPResponse(status: 204)
            case "PUT":
                let user = try! JSONValue(json: request.body!)
                users[index].json = Self.withID(user, users[index].id)
                return HTTPResponse(status: 200, body: users[index].json.jsonBytes)
            case "PATCH":
                let patch = try! JSONValue(json: request.body!)
                var members = Self.members(users[index].json)
                for op in patch[member: "Operations"]?.arrayValue ?? [] {
                    if let path = op[member: "path"]?.stringValue, path.hasSuffix(":manager") {
                        let urn = String(path.dropLast(":manager".count))
                        var ext = members.first { $0.key == urn }.map { Self.members($0.value) } ?? []
                        ext.removeAll { $0.key == "manager" }
                        ext.append(.init("manager", op[member: "value"]!))
                        members.removeAll { $0.key == urn }
                        members.append(.init(urn, .object(ext)))
                    } else if case .object(let values)? = op[member: "value"] {
                        for value in values {
                            members.removeAll { $0.key == value.key }
                            members.append(value)
                        }
                    }
                }
                users[index].json = .object(members)
                return HTTPResponse(status: 204)
            case "GET":
                return HTTPResponse(status: 200, body: users[index].json.jsonBytes)
            default:
                return Self.error(405, nil, "method")
            }
        }
    }

    private func insert(_ user: JSONValue) -> (id: String, json: JSONValue) {
        let id = String(format: "t%04d", nextID)
        nextID += 1
        let stored = (id, Self.withID(user, id))
        users.append(stored)
        return stored
    }

    static func members(_ value: JSONValue) -> [JSONValue.Member] {
        if case .object(let members) = value { return members }
        return []
    }

    static func withID(_ user: JSONValue, _ id: String) -> JSONValue {
        .object([.init("id", .string(id))] + members(user).filter { $0.key != "id" })
    }

    static func listResponse(_ users: [JSONValue], total: Int, start: Int) -> [UInt8] {
        let list = JSONValue.object([
            .init("schemas", .array([.string("urn:ietf:params:scim:api:messages:2.0:ListResponse")])),
            .init("totalResults", .number(String(total))),
            .init("startIndex", .number(String(start))),
            .init("itemsPerPage", .number(String(users.count))),
            .init("Resources", .array(users))
        ])
        return list.jsonBytes
    }

    static func error(_ status: Int, _ scimType: String?, _ detail: String) -> HTTPResponse {
        var members: [JSONValue.Member] = [
            .init("schemas", .array([.string(SCIMErrorBody.urn)])), .init("status", .string(String(status))),
            .init("detail", .string(detail))
        ]
        if let scimType { members.append(.init("scimType", .string(scimType))) }
        return HTTPResponse(status: status, body: JSONValue.object(members).jsonBytes)
    }

    static func query(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
            result[kv[0]] = kv.count > 1 ? kv[1].removingPercentEncoding : ""
        }
        return result
    }
}

/// Records the waits a client asks for instead of sleeping.
final class SleepLog: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var waits: [Double] = []
    var sleep: @Sendable (Double) -> Void { { seconds in self.lock.withLock { self.waits.append(seconds) } } }
}
