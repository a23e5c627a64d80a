// Strings (RFC 8259 §7): escapes, surrogates and UTF-8 validated across windows.

extension JSONTokenizer {
    /// Scans string content up to and including the closing quote; returns false when the
    /// window ran out first. Escapes and UTF-8 sequences may be split anywhere.
    package mutating func scanString(
        _ p: UnsafeRawPointer, _ i: inout Int, _ end: Int, base: Int
    ) throws(JSONSyntaxError) -> Bool {
        var esc = escapeState
        var need = utf8Need
        defer {
            escapeState = esc
            utf8Need = need
        }
        while true {
            if esc == .none && need == 0 {
                // Plain ASCII runs: eight bytes per step.
                i = ByteSearch.firstStringSpecial(p, from: i, end: end)
                guard i < end else { return false }
                let b = p.load(fromByteOffset: i, as: UInt8.self)
                if b == ._quote {
                    i &+= 1
                    return true
                }
                if b == ._backslash {
                    esc = .afterBackslash
                    tokenHasEscapes = true
                    i &+= 1
                    continue
                }
                if b < 0x20 {
                    try stringError(.controlCharacterInString(b), at: base &+ i)
                    i &+= 1
                    continue
                }
                // A UTF-8 lead byte: how many continuation bytes follow, and the range of the first.
                switch b {
                case 0xC2...0xDF: need = 1; utf8Low = 0x80; utf8High = 0xBF
                case 0xE0: need = 2; utf8Low = 0xA0; utf8High = 0xBF
                case 0xE1...0xEC, 0xEE, 0xEF: need = 2; utf8Low = 0x80; utf8High = 0xBF
                case 0xED: need = 2; utf8Low = 0x80; utf8High = 0x9F
                case 0xF0: need = 3; utf8Low = 0x90; utf8High = 0xBF
                case 0xF1...0xF3: need = 3; utf8Low = 0x80; utf8High = 0xBF
                case 0xF4: need = 3; utf8Low = 0x80; utf8High = 0x8F
                default: try stringError(.invalidUTF8, at: base &+ i)
                }
                i &+= 1
                continue
            }
            guard i < end else { return false }
            let b = p.load(fromByteOffset: i, as: UInt8.self)
            if need > 0 {
                guard b >= utf8Low && b <= utf8High else {
                    // Do not consume: the byte may be the closing quote of a truncated sequence.
                    try stringError(.invalidUTF8, at: base &+ i)
                    need = 0
                    continue
                }
                need &-= 1
                utf8Low = 0x80
                utf8High = 0xBF
                i &+= 1
                continue
            }
            switch esc {
            case .afterBackslash:
                switch b {
                case ._quote, ._backslash, ._slash, 0x62, 0x66, 0x6E, 0x72, 0x74:  // " \ / b f n r t
                    esc = .none
                case ._lowerU:
                    esc = .hex1
                    codeUnit = 0
                default:
                    try stringError(.invalidEscape, at: base &+ i)
                    esc = .none
                    if b < 0x20 { continue }  // examine it as content: a raw newline ends recovery
                }
                i &+= 1
            case .hex1, .hex2, .hex3, .hex4, .lowHex1, .lowHex2, .lowHex3, .lowHex4:
                guard let h = b.hexDigitValue else {
                    try stringError(.invalidUnicodeEscape, at: base &+ i)
                    esc = .none
                    continue
                }
                codeUnit = codeUnit << 4 | UInt32(h)
                i &+= 1
                if esc == .hex4 {
                    if codeUnit & 0xFC00 == 0xD800 {
                        esc = .afterHighSurrogate  // a low one must follow
                    } else if codeUnit & 0xFC00 == 0xDC00 {
                        try stringError(.loneSurrogate, at: base &+ i &- 6)
                        esc = .none
                    } else {
                        esc = .none
                    }
                } else if esc == .lowHex4 {
                    if codeUnit & 0xFC00 != 0xDC00 {
                        try stringError(.loneSurrogate, at: base &+ i &- 6)
                    }
                    esc = .none
                } else {
                    esc = esc.nextHexDigit
                }
            case .afterHighSurrogate:
                guard b == ._backslash else {
                    try stringError(.loneSurrogate, at: base &+ i)
                    esc = .none
                    continue
                }
                esc = .lowSurrogateBackslash
                i &+= 1
            default:  // .lowSurrogateBackslash (plain content, .none, is scanned above)
                guard b == ._lowerU else {
                    try stringError(.loneSurrogate, at: base &+ i)
                    esc = .afterBackslash  // the backslash starts an ordinary escape
                    continue
                }
                esc = .lowHex1
                codeUnit = 0
                i &+= 1
            }
        }
    }

    /// Throws a string error, or records it and returns when recovery is on and the error is confined.
    package mutating func stringError(_ reason: JSONSyntaxError.Reason, at offset: Int) throws(JSONSyntaxError) {
        let error = JSONSyntaxError(reason, at: location(of: offset))
        guard options.recoversFromStringErrors, error.isConfinedToString else { throw error }
        if pendingStringError == nil { pendingStringError = error }
    }
}
