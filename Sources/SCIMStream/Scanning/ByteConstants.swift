// Named ASCII bytes used on the byte path, so scanning code reads as JSON grammar rather than numbers.

extension UInt8 {
    static let _quote: UInt8 = 0x22          // "
    static let _backslash: UInt8 = 0x5C      // \
    static let _slash: UInt8 = 0x2F          // /
    static let _openBrace: UInt8 = 0x7B      // {
    static let _closeBrace: UInt8 = 0x7D     // }
    static let _openBracket: UInt8 = 0x5B    // [
    static let _closeBracket: UInt8 = 0x5D   // ]
    static let _colon: UInt8 = 0x3A          // :
    static let _comma: UInt8 = 0x2C          // ,
    static let _space: UInt8 = 0x20
    static let _tab: UInt8 = 0x09
    static let _newline: UInt8 = 0x0A
    static let _return: UInt8 = 0x0D
    static let _minus: UInt8 = 0x2D          // -
    static let _plus: UInt8 = 0x2B           // +
    static let _period: UInt8 = 0x2E         // .
    static let _zero: UInt8 = 0x30
    static let _nine: UInt8 = 0x39
    static let _lowerE: UInt8 = 0x65
    static let _upperE: UInt8 = 0x45
    static let _lowerU: UInt8 = 0x75
    static let _at: UInt8 = 0x40             // @
    static let _equals: UInt8 = 0x3D         // =

    /// True for the four bytes RFC 8259 calls whitespace: space, tab, LF, CR.
    ///
    /// A bitmap test against one 64-bit constant: no branch per candidate byte.
    @inline(__always)
    var isJSONWhitespace: Bool {
        // Bits 0x09, 0x0A, 0x0D and 0x20 set.
        let mask: UInt64 = (1 << 0x09) | (1 << 0x0A) | (1 << 0x0D) | (1 << 0x20)
        return self < 64 && (mask >> UInt64(self)) & 1 == 1
    }

    /// True for ASCII decimal digits.
    @inline(__always)
    var isASCIIDigit: Bool { self &- ._zero < 10 }

    /// The value of an ASCII hexadecimal digit, or nil.
    @inline(__always)
    var hexDigitValue: UInt8? {
        switch self {
        case 0x30...0x39: return self - 0x30
        case 0x41...0x46: return self - 0x41 + 10
        case 0x61...0x66: return self - 0x61 + 10
        default: return nil
        }
    }

    /// The byte with ASCII `A`–`Z` folded to lower case; every other byte unchanged.
    @inline(__always)
    var asciiLowercased: UInt8 { self &- 0x41 < 26 ? self | 0x20 : self }

    /// The byte with ASCII `a`–`z` folded to upper case; every other byte unchanged.
    @inline(__always)
    var asciiUppercased: UInt8 { self &- 0x61 < 26 ? self & ~0x20 : self }
}
