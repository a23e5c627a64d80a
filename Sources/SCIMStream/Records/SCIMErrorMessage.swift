import SCIMJSON

/// A SCIM Error message (`urn:ietf:params:scim:api:messages:2.0:Error`, RFC 7644 §3.12) where a
/// user was expected: an expired token in the middle of a curl export leaves one in the file.
/// It is not a user, and must never be written (or sent) as one.
enum SCIMErrorMessage {
    /// The Error message's URN.
    static let urn = SCIMSchema.errorMessage

    /// A refusal describing the message when `record` is one (its `schemas` has the Error
    /// URN); nil for a user. A user has no top-level `status`, so most records cost one lookup.
    static func refusal(_ record: UserRecord) -> StageRejection? {
        // An Error message has four standard members (RFC 7644 §3.12); a user has many more.
        guard record.fieldCount < 10 else { return nil }
        let found = record.withView { view -> (status: String?, detail: String?)? in
            guard let status = view.member(SCIMNames.status), let schemas = view.member(SCIMNames.schemas) else { return nil }
            var isError = false
            schemas.forEachElement { element in
                isError = element.string == urn
                return !isError
            }
            guard isError else { return nil }
            let statusText = status.string ?? status.numberText
            return (statusText, view.member(SCIMNames.detail)?.string)
        }
        guard let found else { return nil }
        var reason = "a SCIM Error message, not a user"
        if let status = found.status { reason += ": status \(status)" }
        if let detail = found.detail { reason += ", \"\(detail.prefix(200))\"" }
        return StageRejection(stage: "input", reason: reason)
    }
}
