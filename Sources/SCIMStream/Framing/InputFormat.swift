import SCIMJSON

/// The shape of an input, as chosen with `--from`.
public enum InputFormat: String, Sendable, CaseIterable {
    /// Tell the shapes apart while reading: a top-level array holds users; a top-level object is
    /// a ListResponse when its members before `Resources` (or its ListResponse schema URN) are
    /// all ListResponse members, else a user; once a top-level user was read, every later
    /// top-level value must be a user (the stream is NDJSON).
    case auto
    /// One user object after another (one per line, or concatenated with any whitespace).
    case ndjson
    /// One or more SCIM ListResponse documents; their `Resources` elements are the users.
    case list
    /// One or more JSON arrays of user objects.
    case array
}

/// Names that framing compares against, as lower-case ASCII bytes.
enum FramingNames {
    static let resources = Array("resources".utf8)
    static let totalResults = Array("totalresults".utf8)
    static let schemas = Array("schemas".utf8)
    static let listResponseURN = Array("urn:ietf:params:scim:api:messages:2.0:listresponse".utf8)
    /// The members a ListResponse may have besides `Resources` and `schemas` (RFC 7644 §3.4.2,
    /// RFC 9865 cursors): an object with any other member before `Resources` is a user.
    static let listResponseMembers = ["totalresults", "startindex", "itemsperpage", "nextcursor", "previouscursor"].map { Array($0.utf8) }
}
