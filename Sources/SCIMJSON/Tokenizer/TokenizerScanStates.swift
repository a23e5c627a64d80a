// The tokenizer's small state machines, named. Each is one byte (`UInt8` raw values), so
// the tokenizer's layout and the code its switches compile to stay those of plain integers.

extension JSONTokenizer {
    /// Where a number token stands in the JSON number grammar, between two bytes.
    @usableFromInline package enum NumberState: UInt8, Sendable {
        /// Nothing read yet.
        case start
        /// After a leading `-`.
        case afterMinus
        /// After a leading `0` (no more integer digits may follow).
        case leadingZero
        /// Inside the integer digits.
        case integer
        /// After the `.`: a fraction digit must follow.
        case afterPoint
        /// Inside the fraction digits.
        case fraction
        /// After `e` or `E`: a sign or a digit must follow.
        case afterE
        /// After the exponent's sign: a digit must follow.
        case afterExponentSign
        /// Inside the exponent digits.
        case exponent

        /// True where the number may end: what was read is a complete number.
        @inlinable package var isAccepting: Bool {
            switch self {
            case .leadingZero, .integer, .fraction, .exponent: return true
            default: return false
            }
        }
    }

    /// Where a string token stands inside a backslash escape, between two bytes.
    @usableFromInline package enum EscapeState: UInt8, Sendable {
        /// Not inside an escape.
        case none
        /// After a backslash: the escape's letter comes next.
        case afterBackslash
        /// Expecting the first to fourth hex digit of a `\u` escape.
        case hex1, hex2, hex3, hex4
        /// After a `\u` escape holding a high surrogate: the `\` of its low surrogate comes next.
        case afterHighSurrogate
        /// After that `\`: the `u` of the low surrogate comes next.
        case lowSurrogateBackslash
        /// Expecting the first to fourth hex digit of the low surrogate's `\u` escape.
        case lowHex1, lowHex2, lowHex3, lowHex4

        /// The state after one more hex digit, within the same `\u` escape (not after the fourth).
        @inlinable package var nextHexDigit: EscapeState {
            // The digits' raw values are consecutive, and a case's raw value is its declaration
            // index, which is also its stored byte (checked by a test). Plain arithmetic: going
            // through `init(rawValue:)` turns the digit's branches into a jump table.
            unsafeBitCast(rawValue &+ 1, to: EscapeState.self)
        }

        /// True while a hex digit of a `\u` escape comes next.
        @inlinable var expectsHexDigit: Bool {
            switch self {
            case .hex1, .hex2, .hex3, .hex4, .lowHex1, .lowHex2, .lowHex3, .lowHex4: return true
            default: return false
            }
        }
    }

    /// The main loop's hot state, kept in a local while it scans and stored back once.
    @usableFromInline struct Cursor: Sendable {
        /// What the grammar allows next.
        @usableFromInline package var expect: Expect
        /// Number of open containers.
        @usableFromInline package var depth: Int
        /// One bit per open container (1: object), innermost lowest, for the 64 innermost.
        @usableFromInline package var stack: UInt64

        /// Creates a cursor.
        @inlinable package init(expect: Expect, depth: Int, stack: UInt64) {
            self.expect = expect
            self.depth = depth
            self.stack = stack
        }
    }
}
