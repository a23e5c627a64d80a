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
    /// True when the body already names the manager's id on the target (no remapping needed).
    var managerSetAtCreate = false
    /// The method.
    var method: BulkWriter.Method
    /// The body to send (nil for DELETE).
    var body: [UInt8]?

    /// The key a results file knows this user by: the source `id`, else the `userName`.
    var resumeKey: String? { sourceId ?? userName.map { "userName:" + $0.lowercased() } }

    /// `meta.version` of the record, sent as `If-Match` by PUT, PATCH and DELETE (nil: not sent).
    var version: String?

    /// What to do with the enterprise `manager` when remapping references.
    enum ManagerHandling {
        /// Send it as it is (no remapping).
        case keep
        /// Leave it out (it is set once the manager exists on the target).
        case remove
        /// Name this target id (the manager is there already).
        case set(String)
    }

    /// Prepares the operation for `record`.
    ///
    /// - Parameters:
    ///   - manager: what to do with the enterprise `manager`.
    init(
        record: UserRecord, sequence: Int, source: String, method: BulkWriter.Method, manager: ManagerHandling, sendsVersion: Bool = true
    ) {
        self.sequence = sequence
        self.source = source
        self.recordNumber = record.location.number
        self.method = method
        userName = record.userName
        externalId = record.externalId
        id = record.id
        sourceId = (try? UserRecord(json: record.originalBytes))?.id
        managerReference = record.enterprise?.managerID
        if sendsVersion, method != .post { version = record.meta?.version }
        var copy = record.withoutReadOnlyMembers
        if managerReference != nil {
            switch manager {
            case .keep: break
            case .remove: Self.setManager(in: &copy, to: nil)
            case .set(let target):
                Self.setManager(in: &copy, to: target)
                managerSetAtCreate = true
            }
        }
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
        BulkWriter.patchReplacePrefix + value + BulkWriter.patchReplaceSuffix
    }

    /// A PatchOp that sets the enterprise `manager` to the user with id `managerID`.
    static func patchManager(_ managerID: String) -> [UInt8] {
        var bytes = Array(
            #"{"schemas":["\#(SCIMSchema.patchOp)"],"Operations":[{"op":"replace","path":"\#(SCIMSchema.enterpriseUser):manager","value":{"value":"#
                .utf8)
        JSONEscaping.appendQuoted(managerID, to: &bytes)
        bytes += Array("}}]}".utf8)
        return bytes
    }

    /// Sets the enterprise extension's `manager` to `{"value": target}`, or removes it (nil).
    static func setManager(in record: inout UserRecord, to target: String?) {
        guard let raw = record.rawValue(ofMember: SCIMSchema.enterpriseUser), case .object(let members)? = try? JSONValue(json: raw)
        else { return }
        var kept = members.filter { $0.key.lowercased() != "manager" }
        if let target { kept.append(.init("manager", .object([.init("value", .string(target))]))) }
        record.setMember(named: SCIMSchema.enterpriseUser, json: JSONValue.object(kept).jsonBytes)
    }
}
