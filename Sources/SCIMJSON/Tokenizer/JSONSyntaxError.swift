/// A violation of RFC 8259 (or of a configured limit) found by ``JSONTokenizer``.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, without position.
    public enum Reason: Sendable, Equatable {
        /// A byte that cannot start or continue anything at this point (the byte is given).
        case unexpectedByte(UInt8, expected: String)
        /// The input ended inside a value.
        case unexpectedEnd(inside: String)
        /// No JSON value at all where one was required.
        case noValue
        /// A second top-level value in single-document mode.
        case trailingData
        /// A raw control character (< 0x20) inside a string.
        case controlCharacterInString(UInt8)
        /// A byte sequence that is not valid UTF-8.
        case invalidUTF8
        /// A backslash followed by something that is not a JSON escape.
        case invalidEscape
        /// A `\u` escape that is not four hex digits.
        case invalidUnicodeEscape
        /// A `\uD800`–`\uDFFF` escape without its partner.
        case loneSurrogate
        /// A number that breaks the JSON grammar (leading zero, missing digits, …).
        case invalidNumber(String)
        /// Containers nested deeper than the limit.
        case tooDeep(limit: Int)
        /// A record larger than the limit.
        case recordTooLarge(limit: Int)
        /// A UTF-8 byte order mark somewhere other than the start, or UTF-16/32 input.
        case byteOrderMark
    }

    /// What went wrong.
    public var reason: Reason
    /// Where it went wrong.
    public var location: InputLocation
    /// The offending byte follows a password key in its record (it may be part of the secret)
    /// and must not be shown.
    public var hidesByte = false

    /// Creates an error.
    public init(_ reason: Reason, at location: InputLocation) {
        self.reason = reason
        self.location = location
    }

    /// Stops the message from quoting the offending byte (it may be part of a password).
    public mutating func hideByte() {
        guard case .unexpectedByte(_, let expected) = reason else { return }
        reason = .unexpectedByte(0, expected: expected)
        hidesByte = true
    }

    /// True for errors inside one string that leave the structure intact, so a reader can
    /// skip the damaged record and carry on with the next one in the same container.
    public var isConfinedToString: Bool {
        switch reason {
        case .controlCharacterInString(let b): return b != .newline && b != .carriageReturn
        case .invalidUTF8, .invalidEscape, .invalidUnicodeEscape, .loneSurrogate: return true
        default: return false
        }
    }

    /// The message, without position: "invalid UTF-8 in string".
    public var message: String {
        switch reason {
        case .unexpectedByte(let b, let expected):
            if hidesByte { return "unexpected character <masked>, expected \(expected)" }
            return "unexpected \(Self.describe(byte: b)), expected \(expected)"
        case .unexpectedEnd(let inside):
            return "unexpected end of input inside \(inside)"
        case .noValue:
            return "no JSON value in input"
        case .trailingData:
            return "unexpected data after the JSON value"
        case .controlCharacterInString(let b):
            return "unescaped control character \(Self.hex(b)) in string"
        case .invalidUTF8:
            return "invalid UTF-8 byte sequence"
        case .invalidEscape:
            return "invalid escape sequence in string"
        case .invalidUnicodeEscape:
            return "invalid \\u escape (expected four hex digits)"
        case .loneSurrogate:
            return "unpaired UTF-16 surrogate in \\u escape"
        case .invalidNumber(let detail):
            return "invalid number: \(detail)"
        case .tooDeep(let limit):
            return "nesting deeper than \(limit) levels"
        case .recordTooLarge(let limit):
            return "record larger than \(limit) bytes"
        case .byteOrderMark:
            return "byte order mark not at the start of the input, or not UTF-8"
        }
    }

    /// `LINE:COLUMN: message`.
    public var description: String { "\(location): \(message)" }

    package static func hex(_ b: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "0x\(digits[Int(b >> 4)])\(digits[Int(b & 15)])"
    }

    package static func describe(byte b: UInt8) -> String {
        switch b {
        case 0x20...0x7E: return "character '\(Character(Unicode.Scalar(b)))'"
        default: return "byte \(hex(b))"
        }
    }
}

extension UInt8 {
    fileprivate static let newline: UInt8 = 0x0A
    fileprivate static let carriageReturn: UInt8 = 0x0D
}
