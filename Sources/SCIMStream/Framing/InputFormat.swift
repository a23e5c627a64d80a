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
