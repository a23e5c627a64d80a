// Numbers (RFC 8259 §6), validated byte by byte across windows.

extension JSONTokenizer {
    /// Scans a number; returns true when a byte that cannot continue it was reached (not consumed).
    package mutating func scanNumber(
        _ p: UnsafeRawPointer, _ i: inout Int, _ end: Int, base: Int
    ) throws(JSONSyntaxError) -> Bool {
        var s = numberState
        defer { numberState = s }
        while i < end {
            let b = p.load(fromByteOffset: i, as: UInt8.self)
            let digit = b.isASCIIDigit
            switch s {
            case .start:
                if b == ._minus { s = .afterMinus } else if b == ._zero { s = .leadingZero } else if digit { s = .integer }
            case .afterMinus:
                if b == ._zero {
                    s = .leadingZero
                } else if digit {
                    s = .integer
                } else {
                    throw numberError("expected a digit after '-'", base &+ i)
                }
            case .leadingZero:
                if b == ._period {
                    s = .afterPoint
                } else if b | 0x20 == ._lowerE {
                    s = .afterE
                } else if digit {
                    throw numberError("leading zeros are not allowed", base &+ i)
                } else {
                    return true
                }
            case .integer:
                if digit { break }
                if b == ._period { s = .afterPoint } else if b | 0x20 == ._lowerE { s = .afterE } else { return true }
            case .afterPoint:
                if digit { s = .fraction } else { throw numberError("expected a digit after '.'", base &+ i) }
            case .fraction:
                if digit { break }
                if b | 0x20 == ._lowerE { s = .afterE } else { return true }
            case .afterE:
                if b == ._plus || b == ._minus {
                    s = .afterExponentSign
                } else if digit {
                    s = .exponent
                } else {
                    throw numberError("expected a digit in the exponent", base &+ i)
                }
            case .afterExponentSign:
                if digit { s = .exponent } else { throw numberError("expected a digit in the exponent", base &+ i) }
            case .exponent:
                if !digit { return true }
            }
            i &+= 1
        }
        return false
    }

    /// The error for a number that breaks the grammar at absolute `offset`.
    func numberError(_ detail: String, _ offset: Int) -> JSONSyntaxError {
        JSONSyntaxError(.invalidNumber(detail), at: location(of: offset))
    }
}
