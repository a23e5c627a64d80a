/// The JSON type of a value, known from its first byte.
public enum JSONValueKind: UInt8, Sendable, Equatable {
    /// `{…}`
    case object
    /// `[…]`
    case array
    /// `"…"`
    case string
    /// A number.
    case number
    /// `true` or `false`.
    case bool
    /// `null`
    case null

    /// The kind of the value whose first byte is `byte` (valid JSON assumed).
    @inlinable package init(firstByte byte: UInt8) {
        switch byte {
        case ._openBrace: self = .object
        case ._openBracket: self = .array
        case ._quote: self = .string
        case 0x74, 0x66: self = .bool
        case 0x6E: self = .null
        default: self = .number
        }
    }
}
