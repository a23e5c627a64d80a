/// The kind of a token produced by ``JSONTokenizer``.
@usableFromInline package enum JSONTokenKind: UInt8, Sendable, CustomStringConvertible {
    /// `{`
    case beginObject
    /// `}`
    case endObject
    /// `[`
    case beginArray
    /// `]`
    case endArray
    /// A string in key position of an object member (the token range includes the quotes).
    case key
    /// A string value (the token range includes the quotes).
    case string
    /// A number; the token range is its exact original text.
    case number
    /// `true`
    case `true`
    /// `false`
    case `false`
    /// `null`
    case null

    /// A short name used in error messages ("an object", "a number", …).
    @inlinable package var description: String {
        switch self {
        case .beginObject, .endObject: return "an object"
        case .beginArray, .endArray: return "an array"
        case .key: return "a key"
        case .string: return "a string"
        case .number: return "a number"
        case .true, .false: return "a boolean"
        case .null: return "null"
        }
    }
}

/// One token: its kind and the byte range it occupies in the input stream.
///
/// Offsets are absolute positions in the whole input (not in the current chunk), so a token
/// that straddled two chunks is still described by one range.
package struct JSONToken: Sendable, Equatable {
    /// What the token is.
    package var kind: JSONTokenKind
    /// Absolute offset of the token's first byte.
    package var start: Int
    /// Absolute offset just past the token's last byte.
    package var end: Int
    /// Number of containers enclosing the token (for `begin…`/`end…`: enclosing the container itself).
    package var depth: Int
    /// For strings and keys: true when the text holds at least one backslash escape.
    package var hasEscapes: Bool

    /// Creates a token description.
    @inlinable package init(kind: JSONTokenKind, start: Int, end: Int, depth: Int, hasEscapes: Bool = false) {
        self.kind = kind
        self.start = start
        self.end = end
        self.depth = depth
        self.hasEscapes = hasEscapes
    }
}

/// What one call of ``JSONTokenizer/next(_:base:isFinal:)`` produced.
package enum JSONTokenizerStep: Sendable, Equatable {
    /// A complete token.
    case token(JSONToken)
    /// Every byte given so far was consumed; feed more input (or call with `isFinal: true`).
    case needMoreInput
    /// The input ended cleanly after a complete value (or held no value, where that is allowed).
    case endOfInput
}
