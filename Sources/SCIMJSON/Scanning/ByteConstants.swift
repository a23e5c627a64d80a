// Named ASCII bytes used on the byte path, so scanning code reads as JSON grammar rather than numbers.

extension UInt8 {
    @inlinable package static var _quote: UInt8 { 0x22 }  // "
    @inlinable package static var _backslash: UInt8 { 0x5C }  // \
    @inlinable package static var _slash: UInt8 { 0x2F }  // /
    @inlinable package static var _openBrace: UInt8 { 0x7B }  // {
    @inlinable package static var _closeBrace: UInt8 { 0x7D }  // }
    @inlinable package static var _openBracket: UInt8 { 0x5B }  // [
    @inlinable package static var _closeBracket: UInt8 { 0x5D }  // ]
    @inlinable package static var _colon: UInt8 { 0x3A }  // :
    @inlinable package static var _comma: UInt8 { 0x2C }  // ,
    @inlinable package static var _space: UInt8 { 0x20 }
    @inlinable package static var _tab: UInt8 { 0x09 }
    @inlinable package static var _newline: UInt8 { 0x0A }
    @inlinable package static var _return: UInt8 { 0x0D }
    @inlinable package static var _minus: UInt8 { 0x2D }  // -
    @inlinable package static var _plus: UInt8 { 0x2B }  // +
    @inlinable package static var _period: UInt8 { 0x2E }  // .
    @inlinable package static var _zero: UInt8 { 0x30 }
    @inlinable static var _nine: UInt8 { 0x39 }
    @inlinable package static var _lowerE: UInt8 { 0x65 }
    @inlinable package static var _upperE: UInt8 { 0x45 }
    @inlinable package static var _lowerU: UInt8 { 0x75 }
    @inlinable package static var _at: UInt8 { 0x40 }  // @
    @inlinable package static var _equals: UInt8 { 0x3D }  // =

    /// True for the four bytes RFC 8259 calls whitespace: space, tab, LF, CR.
    ///
    /// A bitmap test against one 64-bit constant: no branch per candidate byte.
    @inline(__always)
    @inlinable package var isJSONWhitespace: Bool {
        // Bits 0x09, 0x0A, 0x0D and 0x20 set.
        let mask: UInt64 = (1 << 0x09) | (1 << 0x0A) | (1 << 0x0D) | (1 << 0x20)
        return self < 64 && (mask >> UInt64(self)) & 1 == 1
    }

    /// True for ASCII decimal digits.
    @inline(__always)
    @inlinable package var isASCIIDigit: Bool { self &- ._zero < 10 }

    /// The value of an ASCII hexadecimal digit, or nil.
    @inline(__always)
    @inlinable package var hexDigitValue: UInt8? {
        switch self {
        case 0x30...0x39: return self - 0x30
        case 0x41...0x46: return self - 0x41 + 10
        case 0x61...0x66: return self - 0x61 + 10
        default: return nil
        }
    }

    /// The byte with ASCII `A`–`Z` folded to lower case; every other byte unchanged.
    @inline(__always)
    @inlinable package var asciiLowercased: UInt8 { self &- 0x41 < 26 ? self | 0x20 : self }

    /// The byte with ASCII `a`–`z` folded to upper case; every other byte unchanged.
    @inline(__always)
    @inlinable var asciiUppercased: UInt8 { self &- 0x61 < 26 ? self & ~0x20 : self }
}
