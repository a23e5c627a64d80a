/// The shape of an input, as chosen with `--from`.
public enum InputFormat: String, Sendable, CaseIterable {
    /// Tell the shapes apart while reading: a top-level array holds users; a top-level object is
    /// a ListResponse once a `Resources` key or the ListResponse schema URN shows up, else a user.
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
    static let password = Array("password".utf8)
    static let qualifiedPassword = Array("urn:ietf:params:scim:schemas:core:2.0:user:password".utf8)
}
