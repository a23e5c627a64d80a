/// The SCIM member names the library compares keys against, as lower-case ASCII bytes (what
/// ``KeyName`` takes): the one table of them. Typed accessors (``UserRecord/userName``) and
/// the schema facts (``SCIMSchema``) spell names as text.
enum SCIMNames {
    /// `id`
    static let id = Array("id".utf8)
    /// `externalId`
    static let externalId = Array("externalid".utf8)
    /// `schemas`
    static let schemas = Array("schemas".utf8)
    /// `startIndex`
    static let startIndex = Array("startindex".utf8)
    /// The SCIM Error message URN, lower case.
    static let errorURN = Array(SCIMSchema.errorMessage.lowercased().utf8)
    /// `status` (of a SCIM Error message)
    static let status = Array("status".utf8)
    /// `detail` (of a SCIM Error message)
    static let detail = Array("detail".utf8)
    /// `password`: see ``PasswordKey`` for what counts as a password key.
    static let password = Array("password".utf8)
    /// `Resources` of a ListResponse (RFC 7644 §3.4.2).
    static let resources = Array("resources".utf8)
    /// `totalResults` of a ListResponse.
    static let totalResults = Array("totalresults".utf8)
    /// The ListResponse message URN.
    static let listResponseURN = Array("urn:ietf:params:scim:api:messages:2.0:listresponse".utf8)
    /// The last word of ``listResponseURN``, searched for in `schemas` values.
    static let listResponseWord = Array("listresponse".utf8)
    /// The members a ListResponse may have besides `Resources` and `schemas` (RFC 7644 §3.4.2,
    /// RFC 9865 cursors): an object with any other member before `Resources` is a user.
    static let listResponseMembers = ["totalresults", "startindex", "itemsperpage", "nextcursor", "previouscursor"].map { Array($0.utf8) }
}
