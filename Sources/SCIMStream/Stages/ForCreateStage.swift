import SCIMJSON

/// `--for-create`: prepares users to be created in another tenant by dropping what the source
/// service owns or the target refuses.
///
/// Removes `id`, `meta`, `groups` and the enterprise `manager.displayName` (read-only), every
/// password member (``PasswordKey``, as the default stage does, so `--keep-password` cannot
/// bring one back), `emails[type eq "other"]` (Genesys Cloud's read-only mirror of `userName`)
/// and the Genesys extension's `externalIds` whose `authority` starts with `x-pc:scimv2:v1`
/// (service-owned), then gives the rest RFC 7643's shapes (``RFCShapesStage``: string `roles`
/// become `{"value": …}`). The result is a valid RFC 7643 create request. With `copyIDToExternalID`
/// (`--id-to-external-id`), the source `id` is first copied into `externalId` when that is
/// absent, so the link between the tenants survives.
public struct ForCreateStage: RecordStage, Sendable {
    /// Keeps nothing between records: copies may run on several threads.
    public var runsOnCopies: Bool { true }

    /// Copy `id` into a missing `externalId` before dropping `id`.
    public let copyIDToExternalID: Bool
    static let strip = StripStage([
        AttributePath(name: "id"),
        AttributePath(name: "meta"),
        AttributePath(name: "groups"),
        try! AttributePath(parsing: #"emails[type eq "other"]"#),
        try! AttributePath(parsing: SCIMSchema.genesysUser + #":externalIds[authority sw "x-pc:scimv2:v1"]"#)
    ])

    /// Creates the stage.
    public init(copyIDToExternalID: Bool = false) {
        self.copyIDToExternalID = copyIDToExternalID
    }

    /// `"for-create"`.
    public var name: String { "for-create" }

    /// Strips the service-owned attributes; never drops the record.
    public mutating func process(_ record: inout UserRecord) throws -> StageVerdict {
        if copyIDToExternalID {
            var copy = IDToExternalIDStage()
            _ = try copy.process(&record)
        }
        record.removePasswords()
        var strip = Self.strip
        _ = try strip.process(&record)
        Self.removeManagerDisplayName(&record)
        var shapes = RFCShapesStage()
        return try shapes.process(&record)
    }

    static let enterpriseKey = Array(SCIMSchema.enterpriseUser.lowercased().utf8)
    static let managerKey = Array("manager".utf8)
    static let displayNameKey = Array("displayname".utf8)

    /// Removes the enterprise extension's `manager.displayName` (read-only, RFC 7643 §4.3) by
    /// cutting its bytes out of the extension: every other byte stays as it came (a general
    /// path edit would cost several times more per record).
    static func removeManagerDisplayName(_ record: inout UserRecord) {
        let edit = record.withView { view -> (index: Int, json: [UInt8])? in
            guard let index = view.fieldIndex(enterpriseKey) else { return nil }
            let ext = view.value(index)
            var members = JSONSlice.MemberIterator(ext)
            var manager: JSONSlice?
            while let (key, value) = members.next() {
                if KeyName.matches(key.base, start: key.start, end: key.end, managerKey) { manager = value }
            }
            guard let manager, manager.kind == .object else { return nil }
            var inner = JSONSlice.MemberIterator(manager)
            var previousEnd: Int?
            while let (key, value) = inner.next() {
                guard KeyName.matches(key.base, start: key.start, end: key.end, displayNameKey) else {
                    previousEnd = value.end
                    continue
                }
                // Cut ", "displayName": …" (or "displayName": …, when it is the first member).
                let cut: Range<Int>
                if let previousEnd {
                    cut = previousEnd..<value.end
                } else if let next = inner.next() {
                    cut = key.start..<next.key.start
                } else {
                    cut = key.start..<value.end
                }
                let bytes = ext.bytes
                var json: [UInt8] = []
                json.reserveCapacity(bytes.count)
                json.append(contentsOf: bytes[..<(cut.lowerBound - ext.start)])
                json.append(contentsOf: bytes[(cut.upperBound - ext.start)...])
                return (index, json)
            }
            return nil
        }
        if let edit { record.replaceValue(at: edit.index, with: edit.json, mayHoldWhitespace: true) }
    }
}

/// `--id-to-external-id`: copies `id` into `externalId` when `externalId` is absent or null.
public struct IDToExternalIDStage: RecordStage, Sendable {
    /// Keeps nothing between records: copies may run on several threads.
    public var runsOnCopies: Bool { true }

    /// Creates the stage.
    public init() {}

    /// `"id-to-external-id"`.
    public var name: String { "id-to-external-id" }

    /// Copies the id; never drops the record.
    public mutating func process(_ record: inout UserRecord) throws -> StageVerdict {
        let (id, hasExternalID) = record.withView { view -> ([UInt8]?, Bool) in
            let external = view.member(SCIMNames.externalId)
            return (
                view.member(SCIMNames.id).flatMap { $0.kind == .string ? $0.array : nil },
                external.map { !$0.isNull } ?? false
            )
        }
        guard let id, !hasExternalID else { return .keep }
        record.setMember(named: "externalId", json: id)
        return .keep
    }
}
