/// An incremental, strict RFC 8259 JSON tokenizer over bytes that arrive in chunks.
///
/// The caller owns the bytes and passes the current window on every call together with the
/// absolute offset of its first byte. The tokenizer keeps only its position and a small state,
/// so a token split across chunks resumes where scanning stopped: no byte is scanned twice.
/// The caller must keep every byte from ``retainFrom`` onwards in the window it passes next.
///
/// Strings are validated as UTF-8 (overlong forms, surrogate code points and values past
/// U+10FFFF are rejected), escapes are checked (including surrogate pairs in `\u` escapes) and
/// numbers follow the JSON grammar exactly; a number token keeps its original text.
///
/// Tokens nested deeper than ``reportDepth`` are validated but not returned, which lets a
/// record reader see only the top-level members of a record and skip the rest at full speed.
///
/// ```swift
/// var tokenizer = JSONTokenizer()
/// let bytes = Array(#"{"userName": "bjensen"}"#.utf8)
/// try bytes.withUnsafeBytes { window in
///     while case .token(let token) = try tokenizer.next(window, base: 0, isFinal: true) {
///         print(token.kind, token.start..<token.end)
///     }
/// }
/// ```
@usableFromInline package struct JSONTokenizer: Sendable {
    /// Settings of a tokenizer.
    package struct Options: Sendable, Equatable {
        /// Deepest allowed nesting of objects and arrays (default 256).
        package var maxDepth: Int
        /// Accept a stream of top-level values (NDJSON, concatenated documents) instead of exactly one.
        package var allowsMultipleValues: Bool
        /// Skip a UTF-8 byte order mark at the very start of the input (default true).
        package var allowsByteOrderMark: Bool
        /// Record errors confined to one string (bad UTF-8, bad escape, lone surrogate, control byte
        /// other than CR/LF) in ``JSONTokenizer/pendingStringError`` and keep scanning, instead of throwing.
        package var recoversFromStringErrors: Bool

        /// Creates options; the defaults are those of a strict single-document parser.
        package init(
            maxDepth: Int = 256,
            allowsMultipleValues: Bool = false,
            allowsByteOrderMark: Bool = true,
            recoversFromStringErrors: Bool = false
        ) {
            self.maxDepth = maxDepth
            self.allowsMultipleValues = allowsMultipleValues
            self.allowsByteOrderMark = allowsByteOrderMark
            self.recoversFromStringErrors = recoversFromStringErrors
        }
    }

    @usableFromInline package enum Expect: UInt8, Sendable {
        case topLevelValue, value, valueOrEndArray, keyOrEndObject, key, colon, commaOrEnd, done
    }

    @usableFromInline package enum Partial: UInt8, Sendable {
        case none, string, key, number, literal, byteOrderMark
    }

    /// The settings this tokenizer was created with.
    package let options: Options
    /// Tokens enclosed by more containers than this are validated but not returned.
    package var reportDepth: Int = .max
    /// Absolute offset of the next byte to scan.
    @usableFromInline package private(set) var position: Int = 0
    /// Number of containers open at ``position``.
    @usableFromInline package private(set) var depth: Int = 0
    /// 1-based line number at ``position``.
    @usableFromInline package private(set) var line: Int = 1
    /// Absolute offset of the first byte of the current line.
    @usableFromInline package private(set) var lineStart: Int = 0
    /// Set whenever insignificant whitespace is skipped; the caller may clear it.
    package var sawWhitespace = false
    /// The first string error met while ``Options/recoversFromStringErrors`` is on; the caller clears it.
    @usableFromInline package var pendingStringError: JSONSyntaxError?
    /// Number of complete top-level values so far.
    @usableFromInline package private(set) var topLevelValueCount = 0

    @usableFromInline package var expect: Expect = .topLevelValue
    @usableFromInline package var stackLow: UInt64 = 0
    package var stackOverflow: [UInt8] = []
    @usableFromInline package var partial: Partial = .none
    @usableFromInline package var tokenStart = 0
    package var tokenHasEscapes = false
    // String state: escape progress, \u code unit, pending UTF-8 continuation bytes and their range.
    package var escapeState: UInt8 = 0
    package var codeUnit: UInt32 = 0
    package var utf8Need: UInt8 = 0
    package var utf8Low: UInt8 = 0x80
    package var utf8High: UInt8 = 0xBF
    // Number and literal state.
    package var numberState: UInt8 = 0
    package var literalKind: JSONTokenKind = .null
    package var literalIndex = 0

    @usableFromInline nonisolated(unsafe) package static let emptyWindow = UnsafeMutableRawPointer.allocate(byteCount: 8, alignment: 8)

    /// Creates a tokenizer positioned at absolute offset 0.
    package init(options: Options = Options()) {
        self.options = options
    }

    /// The first absolute offset the caller must still provide on the next call: the start of
    /// a token in progress, or ``position`` when none is.
    @inlinable package var retainFrom: Int { partial == .none ? position : tokenStart }

    /// True while a token is cut by the end of the window (its bytes from ``retainFrom`` are needed).
    @inlinable package var hasPartialToken: Bool { partial != .none }

    /// True when the innermost open container is an object.
    @inlinable package var isInObject: Bool { depth > 0 && stackLow & 1 == 1 }

    /// The location of an absolute offset on the current line (or the current position).
    package func location(of offset: Int) -> InputLocation {
        InputLocation(line: line, column: max(1, offset - lineStart + 1), offset: offset)
    }

    /// Abandons the current value and restarts at top level at `offset`, which must be the
    /// first byte of a new line (used to resume NDJSON at the line after a damaged one).
    package mutating func resynchronize(atLineStart offset: Int, line: Int) {
        position = offset
        self.line = line
        lineStart = offset
        depth = 0
        stackLow = 0
        stackOverflow.removeAll()
        partial = .none
        escapeState = 0
        utf8Need = 0
        expect = .topLevelValue
        pendingStringError = nil
    }

    /// Where the reader's fast path may read a whole record itself: nothing pending, and
    /// either between top-level values or inside an array before an element.
    @inlinable package var isBeforeValue: Bool {
        guard partial == .none && pendingStringError == nil else { return false }
        switch expect {
        case .topLevelValue: return depth == 0
        case .valueOrEndArray, .value: return !isInObject
        case .commaOrEnd: return depth > 0 && !isInObject
        default: return false
        }
    }

    /// True when a comma must come before the next array element.
    @inlinable package var expectsComma: Bool { expect == .commaOrEnd }

    /// Moves past a value that was read without the tokenizer (the reader's fast path),
    /// ending at absolute `offset` at the current depth; `line` and `lineStart` describe the
    /// line it ends on.
    package mutating func skipValue(to offset: Int, line: Int, lineStart: Int) {
        position = offset
        self.line = line
        self.lineStart = lineStart
        expect = afterValue(depth: depth)
    }

    // MARK: - Main loop

    /// Scans from ``position`` and returns the next reportable token, or says that more input is needed.
    ///
    /// - Parameters:
    ///   - window: the bytes from absolute offset `base`; it must reach at least ``position``
    ///     and include every byte from ``retainFrom``.
    ///   - base: the absolute offset of `window`'s first byte.
    ///   - isFinal: true when `window` ends at the end of the input.
    /// - Throws: ``JSONSyntaxError`` at the first violation, with its location.
    package mutating func next(
        _ window: UnsafeRawBufferPointer, base: Int, isFinal: Bool
    ) throws(JSONSyntaxError) -> JSONTokenizerStep {
        let end = window.count
        // An empty window has no address; any pointer will do, since nothing is read from it.
        let p = window.baseAddress ?? UnsafeRawPointer(Self.emptyWindow)
        var i = position &- base
        if partial != .none {
            // Only at a window's end: finish the token the previous window cut in two.
            guard try resumePartial(p, &i, end, base: base, isFinal: isFinal) else {
                position = base &+ i
                return .needMoreInput
            }
            position = base &+ i
            if let token = completeScalar(end: position) { return .token(token) }
        }
        // The hot state lives in locals and goes back to `self` before every exit.
        var expect = self.expect
        var depth = self.depth
        var stack = stackLow
        let report = reportDepth
        while true {
            // Insignificant whitespace, counting lines as they pass.
            if i < end && p.load(fromByteOffset: i, as: UInt8.self).isJSONWhitespace {
                sawWhitespace = true
                repeat {
                    if p.load(fromByteOffset: i, as: UInt8.self) == ._newline {
                        line &+= 1
                        lineStart = base &+ i &+ 1
                    }
                    i &+= 1
                } while i < end && p.load(fromByteOffset: i, as: UInt8.self).isJSONWhitespace
            }
            if i == end {
                self.expect = expect; self.depth = depth; stackLow = stack
                position = base &+ i
                return try atEnd(base: base, index: i, isFinal: isFinal)
            }
            let b = p.load(fromByteOffset: i, as: UInt8.self)
            switch expect {
            case .value, .valueOrEndArray, .topLevelValue, .keyOrEndObject, .key:
                let isKey = expect == .keyOrEndObject || expect == .key
                if b == ._quote {
                    // A string or key, completed here unless the window ends inside it.
                    let start = i
                    i = ByteSearch.firstStringSpecial(p, from: i &+ 1, end: end)
                    var escapes = false
                    if i < end && p.load(fromByteOffset: i, as: UInt8.self) == ._quote {
                        i &+= 1
                    } else {
                        // Escapes, non-ASCII, control bytes, or the window's end: the full scanner.
                        self.expect = expect; self.depth = depth; stackLow = stack
                        beginToken(isKey ? .key : .string, at: base &+ start)
                        guard try scanString(p, &i, end, base: base) else {
                            if isFinal {
                                throw JSONSyntaxError(.unexpectedEnd(inside: "string"), at: location(of: base &+ i))
                            }
                            position = base &+ i
                            return .needMoreInput
                        }
                        partial = .none
                        escapes = tokenHasEscapes
                    }
                    let tokenDepth = depth
                    let tokenEnd = i
                    if isKey {
                        expect = .colon
                        // The colon usually follows at once.
                        if i < end && p.load(fromByteOffset: i, as: UInt8.self) == ._colon {
                            i &+= 1
                            expect = .value
                        }
                    } else if depth == 0 {
                        topLevelValueCount &+= 1
                        expect = options.allowsMultipleValues ? .topLevelValue : .done
                    } else {
                        expect = .commaOrEnd
                    }
                    if tokenDepth <= report {
                        self.expect = expect; self.depth = depth; stackLow = stack
                        position = base &+ i
                        return .token(JSONToken(kind: isKey ? .key : .string, start: base &+ start, end: base &+ tokenEnd,
                                                depth: tokenDepth, hasEscapes: escapes))
                    }
                    continue
                }
                if isKey {
                    guard b == ._closeBrace && expect == .keyOrEndObject else {
                        throw JSONSyntaxError(
                            .unexpectedByte(b, expected: expect == .key ? "a string key" : "a string key or '}'"),
                            at: location(of: base &+ i))
                    }
                    // `{}`: close the object.
                    i &+= 1
                    if let token = pop(.endObject, closingAt: base &+ i &- 1, &depth, &stack, &expect, report: report) {
                        self.expect = expect; self.depth = depth; stackLow = stack
                        position = base &+ i
                        return .token(token)
                    }
                    continue
                }
                switch b {
                case ._openBrace, ._openBracket:
                    guard depth < options.maxDepth else {
                        throw JSONSyntaxError(.tooDeep(limit: options.maxDepth), at: location(of: base &+ i))
                    }
                    if depth >= 64 { stackOverflow.append(UInt8(truncatingIfNeeded: stack >> 63)) }
                    let isObject = b == ._openBrace
                    stack = (stack << 1) | (isObject ? 1 : 0)
                    let enclosing = depth
                    depth &+= 1
                    expect = isObject ? .keyOrEndObject : .valueOrEndArray
                    i &+= 1
                    if enclosing <= report {
                        self.expect = expect; self.depth = depth; stackLow = stack
                        position = base &+ i
                        return .token(JSONToken(kind: isObject ? .beginObject : .beginArray,
                                                start: base &+ i &- 1, end: base &+ i, depth: enclosing))
                    }
                case ._minus, 0x30...0x39, 0x74, 0x66, 0x6E:  // numbers; t f n
                    let start = i
                    let kind: JSONTokenKind
                    if b == 0x74 || b == 0x66 || b == 0x6E {
                        kind = b == 0x74 ? .true : (b == 0x66 ? .false : .null)
                        literalKind = kind
                        if !Self.matchLiteral(kind, p, &i, end) {
                            self.expect = expect; self.depth = depth; stackLow = stack
                            beginToken(.literal, at: base &+ start)
                            literalIndex = 1
                            i = start &+ 1
                            guard try resumePartial(p, &i, end, base: base, isFinal: isFinal) else {
                                position = base &+ i
                                return .needMoreInput
                            }
                            partial = .none
                        }
                    } else {
                        kind = .number
                        numberState = 0
                        if try !scanNumber(p, &i, end, base: base) {
                            // The number runs to the window's end: it may go on in the next one.
                            self.expect = expect; self.depth = depth; stackLow = stack
                            beginToken(.number, at: base &+ start)
                            guard isFinal else {
                                position = base &+ i
                                return .needMoreInput
                            }
                            guard numberIsAccepting else {
                                throw JSONSyntaxError(.unexpectedEnd(inside: "number"), at: location(of: base &+ i))
                            }
                            partial = .none
                        }
                    }
                    let tokenDepth = depth
                    if depth == 0 {
                        topLevelValueCount &+= 1
                        expect = options.allowsMultipleValues ? .topLevelValue : .done
                    } else {
                        expect = .commaOrEnd
                    }
                    if tokenDepth <= report {
                        self.expect = expect; self.depth = depth; stackLow = stack
                        position = base &+ i
                        return .token(JSONToken(kind: kind, start: base &+ start, end: base &+ i, depth: tokenDepth))
                    }
                case ._closeBracket where expect == .valueOrEndArray:
                    i &+= 1
                    if let token = pop(.endArray, closingAt: base &+ i &- 1, &depth, &stack, &expect, report: report) {
                        self.expect = expect; self.depth = depth; stackLow = stack
                        position = base &+ i
                        return .token(token)
                    }
                case 0xEF where base &+ i == 0:
                    guard options.allowsByteOrderMark else {
                        throw JSONSyntaxError(.byteOrderMark, at: location(of: 0))
                    }
                    beginToken(.byteOrderMark, at: 0)
                    literalIndex = 1
                    i &+= 1
                    self.expect = expect; self.depth = depth; stackLow = stack
                    guard try resumePartial(p, &i, end, base: base, isFinal: isFinal) else {
                        position = base &+ i
                        return .needMoreInput
                    }
                    partial = .none
                case 0xFE where base &+ i == 0, 0xFF where base &+ i == 0:
                    throw JSONSyntaxError(.byteOrderMark, at: location(of: base &+ i))
                default:
                    throw JSONSyntaxError(
                        .unexpectedByte(b, expected: expect == .valueOrEndArray ? "a value or ']'" : "a value"),
                        at: location(of: base &+ i))
                }
            case .colon:
                guard b == ._colon else {
                    throw JSONSyntaxError(.unexpectedByte(b, expected: "':'"), at: location(of: base &+ i))
                }
                expect = .value
                i &+= 1
            case .commaOrEnd:
                let inObject = stack & 1 == 1
                if b == ._comma {
                    expect = inObject ? .key : .value
                    i &+= 1
                } else if b == (inObject ? ._closeBrace : ._closeBracket) {
                    i &+= 1
                    if let token = pop(inObject ? .endObject : .endArray, closingAt: base &+ i &- 1,
                                       &depth, &stack, &expect, report: report) {
                        self.expect = expect; self.depth = depth; stackLow = stack
                        position = base &+ i
                        return .token(token)
                    }
                } else {
                    throw JSONSyntaxError(
                        .unexpectedByte(b, expected: inObject ? "',' or '}'" : "',' or ']'"),
                        at: location(of: base &+ i))
                }
            case .done:
                throw JSONSyntaxError(.trailingData, at: location(of: base &+ i))
            }
        }
    }

    /// Closes the innermost container (its closing byte at absolute `offset`) in the caller's
    /// local state; returns the end token when it is reportable.
    @inline(__always)
    package mutating func pop(
        _ kind: JSONTokenKind, closingAt offset: Int, _ depth: inout Int, _ stack: inout UInt64,
        _ expect: inout Expect, report: Int
    ) -> JSONToken? {
        depth &-= 1
        stack >>= 1
        if depth >= 64 { stack |= UInt64(stackOverflow.removeLast()) << 63 }
        expect = afterValue(depth: depth)
        guard depth <= report else { return nil }
        return JSONToken(kind: kind, start: offset, end: offset &+ 1, depth: depth)
    }

    /// What comes after a complete value at `depth` (counting top-level values).
    @inline(__always)
    package mutating func afterValue(depth: Int) -> Expect {
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
    package mutating func beginToken(_ kind: Partial, at offset: Int) {
        partial = kind
        tokenStart = offset
        tokenHasEscapes = false
    }

    /// Finishes the scalar or key that ended at `end`; returns its token when reportable.
    @inline(__always)
    package mutating func completeScalar(end: Int) -> JSONToken? {
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

    /// Handles the end of the window: asks for more, or checks the input ends cleanly.
    package mutating func atEnd(base: Int, index: Int, isFinal: Bool) throws(JSONSyntaxError) -> JSONTokenizerStep {
        guard isFinal else { return .needMoreInput }
        let offset = base &+ index
        if depth > 0 {
            throw JSONSyntaxError(.unexpectedEnd(inside: isInObject ? "object" : "array"), at: location(of: offset))
        }
        if expect == .topLevelValue && topLevelValueCount == 0 && !options.allowsMultipleValues {
            throw JSONSyntaxError(.noValue, at: location(of: offset))
        }
        return .endOfInput
    }

    // MARK: - Tokens in progress

    /// Continues the token in progress; returns false when the window ran out first.
    package mutating func resumePartial(
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
                if numberIsAccepting { return true }
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
    
    package var numberIsAccepting: Bool {
        numberState == 2 || numberState == 3 || numberState == 5 || numberState == 8
    }

    /// Matches the rest of `true`, `false`, `null` or a UTF-8 byte order mark.
    package mutating func scanLiteral(
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
            case 0:  // start
                if b == ._minus { s = 1 } else if b == ._zero { s = 2 } else if digit { s = 3 }
            case 1:  // after '-'
                if b == ._zero { s = 2 } else if digit { s = 3 } else {
                    throw numberError("expected a digit after '-'", base &+ i)
                }
            case 2:  // after a leading 0
                if b == ._period { s = 4 } else if b | 0x20 == ._lowerE { s = 6 } else if digit {
                    throw numberError("leading zeros are not allowed", base &+ i)
                } else { return true }
            case 3:  // integer digits
                if digit { break }
                if b == ._period { s = 4 } else if b | 0x20 == ._lowerE { s = 6 } else { return true }
            case 4:  // after '.'
                if digit { s = 5 } else { throw numberError("expected a digit after '.'", base &+ i) }
            case 5:  // fraction digits
                if digit { break }
                if b | 0x20 == ._lowerE { s = 6 } else { return true }
            case 6:  // after 'e'
                if b == ._plus || b == ._minus { s = 7 } else if digit { s = 8 } else {
                    throw numberError("expected a digit in the exponent", base &+ i)
                }
            case 7:  // after the exponent sign
                if digit { s = 8 } else { throw numberError("expected a digit in the exponent", base &+ i) }
            default:  // exponent digits
                if !digit { return true }
            }
            i &+= 1
        }
        return false
    }
    
    package func numberError(_ detail: String, _ offset: Int) -> JSONSyntaxError {
        JSONSyntaxError(.invalidNumber(detail), at: location(of: offset))
    }

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
            if esc == 0 && need == 0 {
                // Plain ASCII runs: eight bytes per step.
                i = ByteSearch.firstStringSpecial(p, from: i, end: end)
                guard i < end else { return false }
                let b = p.load(fromByteOffset: i, as: UInt8.self)
                if b == ._quote {
                    i &+= 1
                    return true
                }
                if b == ._backslash {
                    esc = 1
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
            case 1:  // after a backslash
                switch b {
                case ._quote, ._backslash, ._slash, 0x62, 0x66, 0x6E, 0x72, 0x74:  // " \ / b f n r t
                    esc = 0
                case ._lowerU:
                    esc = 2
                    codeUnit = 0
                default:
                    try stringError(.invalidEscape, at: base &+ i)
                    esc = 0
                    if b < 0x20 { continue }  // examine it as content: a raw newline ends recovery
                }
                i &+= 1
            case 2...5, 8...11:  // hex digits of a \u escape (8…11: the low surrogate's)
                guard let h = b.hexDigitValue else {
                    try stringError(.invalidUnicodeEscape, at: base &+ i)
                    esc = 0
                    continue
                }
                codeUnit = codeUnit << 4 | UInt32(h)
                i &+= 1
                if esc == 5 {
                    if codeUnit & 0xFC00 == 0xD800 {
                        esc = 6  // a high surrogate: a low one must follow
                    } else if codeUnit & 0xFC00 == 0xDC00 {
                        try stringError(.loneSurrogate, at: base &+ i &- 6)
                        esc = 0
                    } else {
                        esc = 0
                    }
                } else if esc == 11 {
                    if codeUnit & 0xFC00 != 0xDC00 {
                        try stringError(.loneSurrogate, at: base &+ i &- 6)
                    }
                    esc = 0
                } else {
                    esc &+= 1
                }
            case 6:  // after a high surrogate: expect '\'
                guard b == ._backslash else {
                    try stringError(.loneSurrogate, at: base &+ i)
                    esc = 0
                    continue
                }
                esc = 7
                i &+= 1
            default:  // 7: expect 'u' of the low surrogate
                guard b == ._lowerU else {
                    try stringError(.loneSurrogate, at: base &+ i)
                    esc = 1  // the backslash starts an ordinary escape
                    continue
                }
                esc = 8
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
