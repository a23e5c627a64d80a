import SCIMJSON
import SCIMStream

/// Users gathered into one SCIM Bulk request (RFC 7644 §3.7) for a target that supports it,
/// within its advertised limits. Each operation's `bulkId` is `u` and the user's sequence
/// number, so the response's operations map back to users whatever their order.
struct BulkBatch: Sendable {
    /// Operations per document at most, and bytes per document at most.
    let maxOperations: Int
    let maxBytes: Int
    private(set) var operations: [UserOperation] = []
    private var body: [UInt8] = []

    static let header = Array(#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":["#.utf8)
    static let footer = Array("]}".utf8)

    init(maxOperations: Int, maxBytes: Int) {
        self.maxOperations = maxOperations
        self.maxBytes = maxBytes
    }

    var isEmpty: Bool { operations.isEmpty }

    /// Adds the operation when it fits; false when the document is full (or the operation
    /// alone is too large for any document: ``fitsAlone(_:)``).
    mutating func add(_ operation: UserOperation) -> Bool {
        guard operations.count < maxOperations else { return false }
        let json = Self.operationJSON(operation)
        let size = Self.header.count + body.count + (operations.isEmpty ? 0 : 1) + json.count + Self.footer.count
        guard size <= maxBytes else { return false }
        if !operations.isEmpty { body.append(._comma) }
        body += json
        operations.append(operation)
        return true
    }

    /// True when a document with only this operation stays within the byte limit.
    func fitsAlone(_ operation: UserOperation) -> Bool {
        Self.header.count + Self.operationJSON(operation).count + Self.footer.count <= maxBytes
    }

    /// The BulkRequest document.
    var document: [UInt8] { Self.header + body + Self.footer }

    /// `{"method":…,"path":…,"bulkId":…,"data":…}`.
    static func operationJSON(_ operation: UserOperation) -> [UInt8] {
        var json = Array(#"{"method":"\#(operation.method.rawValue)","path":"#.utf8)
        let path = operation.method == .post ? "/Users" : "/Users/" + ServiceURL.percentEncoded(operation.id ?? "")
        JSONEscaping.appendQuoted(path, to: &json)
        json += Array(#","bulkId":"u\#(operation.sequence)""#.utf8)
        if let version = operation.version {
            json += Array(#","version":"#.utf8)
            JSONEscaping.appendQuoted(version, to: &json)
        }
        if let body = operation.body { json += Array(#","data":"#.utf8) + body }
        json.append(._closeBrace)
        return json
    }
}

/// One operation's result in a BulkResponse.
struct BulkOperationResult: Equatable {
    var status: Int
    var location: String?
    var error: SCIMErrorBody?

    /// Results by `bulkId` from a BulkResponse body; empty when the body is not one.
    static func parse(_ body: [UInt8]) -> [String: BulkOperationResult] {
        guard let value = try? JSONValue(json: body) else { return [:] }
        var results: [String: BulkOperationResult] = [:]
        for operation in value[member: "Operations"]?.arrayValue ?? [] {
            guard let bulkID = operation[member: "bulkId"]?.stringValue else { continue }
            let statusValue = operation[member: "status"]
            var statusText = statusValue?.stringValue
            if case .number(let text)? = statusValue { statusText = text }
            if statusText == nil {
                statusText = operation[member: "status"]?[member: "code"].flatMap { v -> String? in
                    if case .number(let t) = v { return t }
                    return v.stringValue
                }
            }
            guard let status = statusText.flatMap({ Int($0) }) else { continue }
            var result = BulkOperationResult(status: status, location: operation[member: "location"]?.stringValue)
            if !(200..<300).contains(status) {
                let response = operation[member: "response"]
                result.error = SCIMErrorBody(
                    status: status, scimType: response?[member: "scimType"]?.stringValue,
                    detail: response?[member: "detail"]?.stringValue)
            }
            results[bulkID] = result
        }
        return results
    }
}
