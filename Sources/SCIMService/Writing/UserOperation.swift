import SCIMJSON
import SCIMStream

/// One user's request, prepared on the pipeline's thread from the record (everything a
/// request thread needs, and nothing that is not `Sendable`).
struct UserOperation: Sendable {
    /// Position in the output (0-based, input order).
    var sequence: Int
    /// The input the user came from, and its record number there.
    var source: String
    var recordNumber: Int
    /// `userName`, `externalId` as sent.
    var userName: String?
    var externalId: String?
    /// The user's `id` as read from the source (before any stage).
    var sourceId: String?
    /// The record's `id` now: the target user that PUT, PATCH and DELETE address.
    var id: String?
    /// `manager.value` of the record as sent (a source id, for ``ServiceWriter``'s remapping).
    var managerReference: String?
    /// The method.
    var method: BulkWriter.Method
    /// The body to send (nil for DELETE).
    var body: [UInt8]?

    /// The key a results file knows this user by: the source `id`, else the `userName`.
    var resumeKey: String? { sourceId ?? userName.map { "userName:" + $0.lowercased() } }

    /// Read-only attributes of a User (RFC 7643 §4.1, §3.1) that a create or replace must not carry.
    static let readOnly = ["id", "meta", "groups"]

    /// Prepares the operation for `record`.
    ///
    /// - Parameters:
    ///   - withoutManager: leave `manager` out of the body (it is set after all users exist).
    init(record: UserRecord, sequence: Int, source: String, method: BulkWriter.Method, withoutManager: Bool) {
        self.sequence = sequence
        self.source = source
        self.recordNumber = record.location.number
        self.method = method
        userName = record.userName
        externalId = record.externalId
        id = record.id
        sourceId = (try? UserRecord(json: record.originalBytes))?.id
        managerReference = record.enterprise?.managerID
        var copy = record
        for name in Self.readOnly { copy.removeMembers(named: name) }
        if withoutManager, managerReference != nil { Self.removeManager(from: &copy) }
        switch method {
        case .post, .put:
            body = copy.jsonBytes()
        case .patch:
            body = Self.patchReplacing(with: copy.jsonBytes())
        case .delete:
            body = nil
        }
    }

    /// A PatchOp whose one `replace` operation carries `value` (RFC 7644 §3.5.2.3, no path).
    static func patchReplacing(with value: [UInt8]) -> [UInt8] {
        Array(#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":"#.utf8)
            + value + Array("}]}".utf8)
    }

    /// A PatchOp that sets the enterprise `manager` to the user with id `managerID`.
    static func patchManager(_ managerID: String) -> [UInt8] {
        var bytes = Array(
            #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"\#(SCIMSchema.enterpriseUser):manager","value":{"value":"#
                .utf8)
        JSONEscaping.appendQuoted(managerID, to: &bytes)
        bytes += Array("}}]}".utf8)
        return bytes
    }

    /// Removes `manager` from the enterprise extension object.
    static func removeManager(from record: inout UserRecord) {
        guard let raw = record.rawValue(ofMember: SCIMSchema.enterpriseUser), case .object(let members)? = try? JSONValue(json: raw)
        else { return }
        let kept = members.filter { $0.key.lowercased() != "manager" }
        record.setMember(named: SCIMSchema.enterpriseUser, json: JSONValue.object(kept).jsonBytes)
    }
}
