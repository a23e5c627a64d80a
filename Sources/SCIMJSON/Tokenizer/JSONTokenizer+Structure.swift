// Structure: closing containers, what follows a value, literals, scalar tokens.

extension JSONTokenizer {
    /// Closes the innermost container (its closing byte at absolute `offset`) in the caller's
    /// local cursor; returns the end token when it is reportable.
    @inline(__always)
    mutating func pop(
        _ kind: JSONTokenKind, closingAt offset: Int, _ cursor: inout Cursor, report: Int
    ) -> JSONToken? {
        cursor.depth &-= 1
        cursor.stack >>= 1
        if cursor.depth >= 64 { cursor.stack |= UInt64(stackOverflow.removeLast()) << 63 }
        cursor.expect = afterValue(depth: cursor.depth)
        guard cursor.depth <= report else { return nil }
        return JSONToken(kind: kind, start: offset, end: offset &+ 1, depth: cursor.depth)
    }

    /// What comes after a complete value at `depth` (counting top-level values).
    @inline(__always)
    mutating func afterValue(depth: Int) -> Expect {
        if depth != 0 { return .commaOrEnd }
        topLevelValueCount &+= 1
        return options.allowsMultipleValues ? .topLevelValue : .done
    }

    /// Matches a whole `true`, `false` or `null` at `i` when the window holds it; advances `i`.
    @inline(__always)
    @inlinable package static func matchLiteral(_ kind: JSONTokenKind, _ p: UnsafeRawPointer, _ i: inout Int, _ end: Int) -> Bool {
        switch kind {
        case .false:
            guard i &+ 5 <= end, p.loadUnaligned(fromByteOffset: i &+ 1, as: UInt32.self) == UInt32(littleEndian: 0x65_73_6C_61)
            else { return false }
            i &+= 5
        default:
            guard i &+ 4 <= end else { return false }
            let expected: UInt32 = kind == .true ? 0x65_75_72_74 : 0x6C_6C_75_6E
            guard p.loadUnaligned(fromByteOffset: i, as: UInt32.self) == UInt32(littleEndian: expected) else { return false }
            i &+= 4
        }
        return true
    }

    // MARK: - Structure

    @inline(__always)
    mutating func beginToken(_ kind: Partial, at offset: Int) {
        partial = kind
        tokenStart = offset
        tokenHasEscapes = false
    }

    /// Finishes the scalar or key that ended at `end`; returns its token when reportable.
    @inline(__always)
    mutating func completeScalar(end: Int) -> JSONToken? {
        let kind: JSONTokenKind
        switch partial {
        case .key: kind = .key
        case .string: kind = .string
        case .number: kind = .number
        case .literal: kind = literalKind
        case .byteOrderMark:
            partial = .none
            return nil
        case .none: return nil
        }
        partial = .none
        if kind == .key {
            expect = .colon
        } else {
            expect = afterValue(depth: depth)
        }
        guard depth <= reportDepth else { return nil }
        return JSONToken(kind: kind, start: tokenStart, end: end, depth: depth, hasEscapes: tokenHasEscapes)
    }

    /// Handles the end of the window at absolute `offset`, in the main loop's `cursor`: asks
    /// for more, or checks the input ends cleanly.
    func atEnd(_ cursor: Cursor, offset: Int, isFinal: Bool) throws(JSONSyntaxError) -> JSONTokenizerStep {
        guard isFinal else { return .needMoreInput }
        if cursor.depth > 0 {
            let inObject = cursor.stack & 1 == 1
            throw JSONSyntaxError(.unexpectedEnd(inside: inObject ? "object" : "array"), at: location(of: offset))
        }
        if cursor.expect == .topLevelValue && topLevelValueCount == 0 && !options.allowsMultipleValues {
            throw JSONSyntaxError(.noValue, at: location(of: offset))
        }
        return .endOfInput
    }
}
