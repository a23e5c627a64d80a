// Tokens split across windows: resuming them, literals.

extension JSONTokenizer {
    // MARK: - Tokens in progress

    /// Continues the token in progress; returns false when the window ran out first.
    /// (Only at a window's end, so kept out of line: inlined, its switch would cost every call
    /// of ``next(_:base:isFinal:)`` a jump table instead of one compare.)
    @inline(never)
    mutating func resumePartial(
        _ p: UnsafeRawPointer, _ i: inout Int, _ end: Int, base: Int, isFinal: Bool
    ) throws(JSONSyntaxError) -> Bool {
        switch partial {
        case .string, .key:
            if try scanString(p, &i, end, base: base) { return true }
            if isFinal {
                throw JSONSyntaxError(.unexpectedEnd(inside: "string"), at: location(of: base &+ i))
            }
            return false
        case .number:
            if try scanNumber(p, &i, end, base: base) { return true }
            if isFinal {
                // The number runs to the end of the input: it is complete if its grammar is.
                if numberState.isAccepting { return true }
                throw JSONSyntaxError(.unexpectedEnd(inside: "number"), at: location(of: base &+ i))
            }
            return false
        case .literal, .byteOrderMark:
            if try scanLiteral(p, &i, end, base: base) { return true }
            if isFinal {
                if partial == .byteOrderMark {
                    throw JSONSyntaxError(.byteOrderMark, at: location(of: tokenStart))
                }
                throw JSONSyntaxError(.unexpectedEnd(inside: "literal"), at: location(of: base &+ i))
            }
            return false
        case .none:
            return true
        }
    }

    /// Matches the rest of `true`, `false`, `null` or a UTF-8 byte order mark.
    mutating func scanLiteral(
        _ p: UnsafeRawPointer, _ i: inout Int, _ end: Int, base: Int
    ) throws(JSONSyntaxError) -> Bool {
        // Expected bytes packed little-endian, and their count.
        let (pattern, length): (UInt64, Int)
        if partial == .byteOrderMark {
            (pattern, length) = (0xBF_BB_EF, 3)
        } else {
            switch literalKind {
            case .true: (pattern, length) = (0x65_75_72_74, 4)
            case .false: (pattern, length) = (0x65_73_6C_61_66, 5)
            default: (pattern, length) = (0x6C_6C_75_6E, 4)
            }
        }
        while literalIndex < length {
            guard i < end else { return false }
            let expected = UInt8(truncatingIfNeeded: pattern >> UInt64(8 &* literalIndex))
            let b = p.load(fromByteOffset: i, as: UInt8.self)
            guard b == expected else {
                if partial == .byteOrderMark {
                    throw JSONSyntaxError(.byteOrderMark, at: location(of: tokenStart))
                }
                let name = literalKind == .true ? "true" : (literalKind == .false ? "false" : "null")
                throw JSONSyntaxError(.unexpectedByte(b, expected: "'\(name)'"), at: location(of: base &+ i))
            }
            literalIndex &+= 1
            i &+= 1
        }
        return true
    }
}
