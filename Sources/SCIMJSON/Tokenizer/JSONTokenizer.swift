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
        var allowsByteOrderMark: Bool
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

    @usableFromInline enum Expect: UInt8, Sendable {
        case topLevelValue, value, valueOrEndArray, keyOrEndObject, key, colon, commaOrEnd, done
    }

    @usableFromInline enum Partial: UInt8, Sendable {
        case none, string, key, number, literal, byteOrderMark
    }

    /// The settings this tokenizer was created with.
    package let options: Options
    /// Tokens enclosed by more containers than this are validated but not returned.
    package var reportDepth: Int = .max
    /// Absolute offset of the next byte to scan.
    @usableFromInline package internal(set) var position: Int = 0
    /// Number of containers open at ``position``.
    @usableFromInline package internal(set) var depth: Int = 0
    /// 1-based line number at ``position``.
    @usableFromInline package internal(set) var line: Int = 1
    /// Absolute offset of the first byte of the current line.
    @usableFromInline package internal(set) var lineStart: Int = 0
    /// Set whenever insignificant whitespace is skipped; the caller may clear it.
    package var sawWhitespace = false
    /// The first string error met while ``Options/recoversFromStringErrors`` is on; the caller clears it.
    @usableFromInline package var pendingStringError: JSONSyntaxError?
    /// Number of complete top-level values so far.
    @usableFromInline package internal(set) var topLevelValueCount = 0

    @usableFromInline var expect: Expect = .topLevelValue
    @usableFromInline var stackLow: UInt64 = 0
    var stackOverflow: [UInt8] = []
    @usableFromInline var partial: Partial = .none
    @usableFromInline var tokenStart = 0
    var tokenHasEscapes = false
    // String state: escape progress, \u code unit, pending UTF-8 continuation bytes and their range.
    var escapeState: EscapeState = .none
    var codeUnit: UInt32 = 0
    var utf8Need: UInt8 = 0
    var utf8Low: UInt8 = 0x80
    var utf8High: UInt8 = 0xBF
    // Number and literal state.
    var numberState: NumberState = .start
    var literalKind: JSONTokenKind = .null
    var literalIndex = 0

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
    @inlinable var isInObject: Bool { depth > 0 && stackLow & 1 == 1 }

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
        escapeState = .none
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

    /// True when a string error was recorded and not yet taken (see ``pendingStringError``).
    @inlinable package var hasPendingStringError: Bool { pendingStringError != nil }

    /// The recorded string error, if any, which is cleared.
    @inlinable package mutating func takePendingStringError() -> JSONSyntaxError? {
        guard let error = pendingStringError else { return nil }
        pendingStringError = nil
        return error
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
    /// - Throws: ``JSONSyntaxError`` at the first violation, with its location. After a throw
    ///   only ``line`` and ``lineStart`` are current: ``resynchronize(atLineStart:line:)`` the
    ///   tokenizer before scanning on.
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
        // The hot state lives in a local cursor, loaded here and stored once, at the single exit
        // after the loop (a throw leaves it unstored: the caller resynchronizes or stops).
        var cursor = Cursor(expect: expect, depth: depth, stack: stackLow)
        let report = reportDepth
        let step: JSONTokenizerStep
        scan: while true {
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
                step = try atEnd(cursor, offset: base &+ i, isFinal: isFinal)
                break scan
            }
            let b = p.load(fromByteOffset: i, as: UInt8.self)
            switch cursor.expect {
            case .value, .valueOrEndArray, .topLevelValue, .keyOrEndObject, .key:
                let isKey = cursor.expect == .keyOrEndObject || cursor.expect == .key
                if b == ._quote {
                    // A string or key, completed here unless the window ends inside it.
                    let start = i
                    i = ByteSearch.firstStringSpecial(p, from: i &+ 1, end: end)
                    var escapes = false
                    if i < end && p.load(fromByteOffset: i, as: UInt8.self) == ._quote {
                        i &+= 1
                    } else {
                        // Escapes, non-ASCII, control bytes, or the window's end: the full scanner.
                        beginToken(isKey ? .key : .string, at: base &+ start)
                        guard try scanString(p, &i, end, base: base) else {
                            if isFinal {
                                throw JSONSyntaxError(.unexpectedEnd(inside: "string"), at: location(of: base &+ i))
                            }
                            step = .needMoreInput
                            break scan
                        }
                        partial = .none
                        escapes = tokenHasEscapes
                    }
                    let tokenDepth = cursor.depth
                    let tokenEnd = i
                    if isKey {
                        cursor.expect = .colon
                        // The colon usually follows at once.
                        if i < end && p.load(fromByteOffset: i, as: UInt8.self) == ._colon {
                            i &+= 1
                            cursor.expect = .value
                        }
                    } else if cursor.depth == 0 {
                        topLevelValueCount &+= 1
                        cursor.expect = options.allowsMultipleValues ? .topLevelValue : .done
                    } else {
                        cursor.expect = .commaOrEnd
                    }
                    if tokenDepth <= report {
                        step = .token(
                            JSONToken(
                                kind: isKey ? .key : .string, start: base &+ start, end: base &+ tokenEnd,
                                depth: tokenDepth, hasEscapes: escapes))
                        break scan
                    }
                    continue
                }
                if isKey {
                    guard b == ._closeBrace && cursor.expect == .keyOrEndObject else {
                        throw JSONSyntaxError(
                            .unexpectedByte(b, expected: cursor.expect == .key ? "a string key" : "a string key or '}'"),
                            at: location(of: base &+ i))
                    }
                    // `{}`: close the object.
                    i &+= 1
                    if let token = pop(.endObject, closingAt: base &+ i &- 1, &cursor, report: report) {
                        step = .token(token)
                        break scan
                    }
                    continue
                }
                switch b {
                case ._openBrace, ._openBracket:
                    guard cursor.depth < options.maxDepth else {
                        throw JSONSyntaxError(.tooDeep(limit: options.maxDepth), at: location(of: base &+ i))
                    }
                    if cursor.depth >= 64 { stackOverflow.append(UInt8(truncatingIfNeeded: cursor.stack >> 63)) }
                    let isObject = b == ._openBrace
                    cursor.stack = (cursor.stack << 1) | (isObject ? 1 : 0)
                    let enclosing = cursor.depth
                    cursor.depth &+= 1
                    cursor.expect = isObject ? .keyOrEndObject : .valueOrEndArray
                    i &+= 1
                    if enclosing <= report {
                        step = .token(
                            JSONToken(
                                kind: isObject ? .beginObject : .beginArray,
                                start: base &+ i &- 1, end: base &+ i, depth: enclosing))
                        break scan
                    }
                case ._minus, 0x30...0x39, 0x74, 0x66, 0x6E:  // numbers; t f n
                    let start = i
                    let kind: JSONTokenKind
                    if b == 0x74 || b == 0x66 || b == 0x6E {
                        kind = b == 0x74 ? .true : (b == 0x66 ? .false : .null)
                        literalKind = kind
                        if !Self.matchLiteral(kind, p, &i, end) {
                            beginToken(.literal, at: base &+ start)
                            literalIndex = 1
                            i = start &+ 1
                            guard try resumePartial(p, &i, end, base: base, isFinal: isFinal) else {
                                step = .needMoreInput
                                break scan
                            }
                            partial = .none
                        }
                    } else {
                        kind = .number
                        numberState = .start
                        if try !scanNumber(p, &i, end, base: base) {
                            // The number runs to the window's end: it may go on in the next one.
                            beginToken(.number, at: base &+ start)
                            guard isFinal else {
                                step = .needMoreInput
                                break scan
                            }
                            guard numberState.isAccepting else {
                                throw JSONSyntaxError(.unexpectedEnd(inside: "number"), at: location(of: base &+ i))
                            }
                            partial = .none
                        }
                    }
                    let tokenDepth = cursor.depth
                    if cursor.depth == 0 {
                        topLevelValueCount &+= 1
                        cursor.expect = options.allowsMultipleValues ? .topLevelValue : .done
                    } else {
                        cursor.expect = .commaOrEnd
                    }
                    if tokenDepth <= report {
                        step = .token(JSONToken(kind: kind, start: base &+ start, end: base &+ i, depth: tokenDepth))
                        break scan
                    }
                case ._closeBracket where cursor.expect == .valueOrEndArray:
                    i &+= 1
                    if let token = pop(.endArray, closingAt: base &+ i &- 1, &cursor, report: report) {
                        step = .token(token)
                        break scan
                    }
                case 0xEF where base &+ i == 0:
                    guard options.allowsByteOrderMark else {
                        throw JSONSyntaxError(.byteOrderMark, at: location(of: 0))
                    }
                    beginToken(.byteOrderMark, at: 0)
                    literalIndex = 1
                    i &+= 1
                    guard try resumePartial(p, &i, end, base: base, isFinal: isFinal) else {
                        step = .needMoreInput
                        break scan
                    }
                    partial = .none
                case 0xFE where base &+ i == 0, 0xFF where base &+ i == 0:
                    throw JSONSyntaxError(.byteOrderMark, at: location(of: base &+ i))
                default:
                    throw JSONSyntaxError(
                        .unexpectedByte(b, expected: cursor.expect == .valueOrEndArray ? "a value or ']'" : "a value"),
                        at: location(of: base &+ i))
                }
            case .colon:
                guard b == ._colon else {
                    throw JSONSyntaxError(.unexpectedByte(b, expected: "':'"), at: location(of: base &+ i))
                }
                cursor.expect = .value
                i &+= 1
            case .commaOrEnd:
                let inObject = cursor.stack & 1 == 1
                if b == ._comma {
                    cursor.expect = inObject ? .key : .value
                    i &+= 1
                } else if b == (inObject ? ._closeBrace : ._closeBracket) {
                    i &+= 1
                    if let token = pop(
                        inObject ? .endObject : .endArray, closingAt: base &+ i &- 1,
                        &cursor, report: report)
                    {
                        step = .token(token)
                        break scan
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
        // The single write-back.
        expect = cursor.expect
        depth = cursor.depth
        stackLow = cursor.stack
        position = base &+ i
        return step
    }

}
