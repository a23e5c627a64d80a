import SCIMJSON

/// The fast path of NDJSON reading: one compact user object (no whitespace inside) that lies
/// wholly in the buffered window, validated and tabled in a single tight loop.
///
/// It accepts exactly what the tokenizer accepts for such a record and builds the same member
/// table, without producing tokens or resuming across windows. Whenever a record is anything
/// else — whitespace inside, a `\u` escape of a surrogate, nesting deeper than the limit, bytes
/// past the window's end, invalid JSON of any kind — it gives up, and the tokenizer reads the
/// record as usual: errors, their positions and every rare case stay the tokenizer's.
enum CompactRecordScanner {

    /// Scans the object whose `{` is at index `start` of `p`, reading no byte at or past `end`.
    ///
    /// - Parameters:
    ///   - maxDepth: the nesting limit (containers open at once, the record's own included).
    ///   - detectsListResponse: give up on an object that could be a ListResponse rather than
    ///     a user (a `Resources` key, or `schemas` that might name the ListResponse URN).
    ///   - fields: receives the member table, offsets relative to `start`.
    ///   - nestedPassword: set when a nested key may name a password (a key ending in
    ///     `password`, ASCII case ignored, or one with escapes), so the password stage can skip
    ///     records without one.
    ///   - ends: room for `end - start` entries; receives where each string and container
    ///     ends, relative to `start` (``ValueEnds``).
    /// - Returns: the index just past the record's `}`, or nil to leave the record to the tokenizer.
    ///
    /// One loop over the record, no recursion. The stack of open containers lives in `ends`
    /// itself: while a container is open, its entry holds where its parent opened, and the
    /// entry gets its real value when the container closes.
    static func scan(
        _ p: UnsafeRawPointer, start: Int, end: Int, maxDepth: Int, detectsListResponse: Bool,
        fields: inout [RecordField], nestedPassword: inout Bool, ends: UnsafeMutablePointer<UInt32>
    ) -> Int? {
        fields.removeAll(keepingCapacity: true)
        let limit = min(maxDepth, 63)
        guard limit >= 1, start &+ 1 < end else { return nil }
        @inline(__always) func at(_ k: Int) -> UInt8 { p.load(fromByteOffset: k, as: UInt8.self) }
        @inline(__always) func record(_ from: Int, _ to: Int) {
            ends[from &- start] = UInt32(truncatingIfNeeded: to &- start)
        }
        @inline(__always) func recordString(_ from: Int, _ to: Int, escapes: Bool) {
            ends[from &- start] = UInt32(truncatingIfNeeded: to &- start) | (escapes ? ValueEnds.escapesFlag : 0)
        }
        // Loaded once: every use of a global goes through a lazy-initialization check.
        let resources = SCIMNames.resources, schemas = SCIMNames.schemas
        var depth = 1
        var open = start  // where the innermost open container starts
        var i = start &+ 1
        // The top-level member being read: its key, value start and key escapes.
        var keyStart = 0, keyEnd = 0, valueStart = 0, keyEscapes = false, isSchemas = false
        var expectKey = true
        if at(i) == ._closeBrace {
            record(start, i &+ 1)
            return i &+ 1
        }
        while true {
            if expectKey {
                // "key": (a string, then a colon)
                guard i < end, at(i) == ._quote else { return nil }
                let k = i
                var escapes = false
                guard scanShortString(p, &i, end, &escapes), i < end, at(i) == ._colon else { return nil }
                recordString(k, i, escapes: escapes)
                if depth == 1 {
                    keyStart = k
                    keyEnd = i
                    keyEscapes = escapes
                    if detectsListResponse {
                        // A ListResponse shows itself by its keys: leave every doubt to the framer.
                        if escapes || equalsName(p, k, i, resources) { return nil }
                        isSchemas = equalsName(p, k, i, schemas)
                    }
                    valueStart = i &+ 1
                } else if escapes
                    || (i &- k >= 10 && ByteSearch.load(p + (i &- 9)) | 0x2020_2020_2020_2020 == PasswordKey.word)
                {
                    // `…password"` (eight bytes before the closing quote, case folded) or escapes.
                    nestedPassword = true
                }
                i &+= 1
            }
            // A value at i.
            guard i < end else { return nil }
            let b = at(i)
            switch b {
            case ._quote:
                let s = i
                var escapes = false
                guard scanShortString(p, &i, end, &escapes) else { return nil }
                recordString(s, i, escapes: escapes)
            case ._openBrace, ._openBracket:
                guard depth < limit, i &+ 1 < end else { return nil }
                let isObject = b == ._openBrace
                if at(i &+ 1) == (isObject ? ._closeBrace : ._closeBracket) {
                    record(i, i &+ 2)
                    i &+= 2
                } else {
                    depth &+= 1
                    record(i, open)  // the parent, until this container closes
                    open = i
                    expectKey = isObject
                    i &+= 1
                    continue
                }
            case ._minus, 0x30...0x39:
                guard scanNumber(p, &i, end) else { return nil }
            case 0x74:
                guard JSONTokenizer.matchLiteral(.true, p, &i, end) else { return nil }
            case 0x66:
                guard JSONTokenizer.matchLiteral(.false, p, &i, end) else { return nil }
            case 0x6E:
                guard JSONTokenizer.matchLiteral(.null, p, &i, end) else { return nil }
            default:
                return nil
            }
            // A value ended at i. The common case first: a comma inside a nested container.
            if depth > 1 && i < end && at(i) == ._comma {
                i &+= 1
                expectKey = at(open) == ._openBrace
                continue
            }
            // Its separator, and the containers it closes.
            while true {
                if depth == 1 {
                    if isSchemas && mayNameListResponse(p, valueStart, i) { return nil }
                    fields.append(
                        RecordField(
                            keyStart: keyStart &- start, keyEnd: keyEnd &- start, valueStart: valueStart &- start,
                            valueEnd: i &- start, flags: keyEscapes ? .keyHasEscapes : [],
                            kind: JSONValueKind(firstByte: at(valueStart))))
                }
                guard i < end else { return nil }
                let c = at(i)
                i &+= 1
                let isObject = at(open) == ._openBrace
                if c == ._comma {
                    expectKey = isObject
                    break
                }
                guard c == (isObject ? ._closeBrace : ._closeBracket) else { return nil }
                let parent = Int(ends[open &- start] & ValueEnds.offsetMask) &+ start
                record(open, i)
                if depth == 1 { return i }
                depth &-= 1
                open = parent
            }
        }
    }

    /// ``scanString(_:_:_:_:)`` with its common case inline: sixteen bytes per step up to the
    /// first quote, backslash, control or non-ASCII byte; a string that ends there is done,
    /// anything else goes on out of line from that byte.
    ///
    /// The sixteen-byte test repeats ``ByteSearch/firstStringSpecial(_:from:end:)``'s on
    /// purpose: the same test behind a shared `@_transparent` helper compiled to code that
    /// cost the plain pipeline 9 % more instructions (callgrind, 73.97 M → 80.64 M).
    @inline(__always)
    static func scanShortString(_ p: UnsafeRawPointer, _ i: inout Int, _ end: Int, _ escapes: inout Bool) -> Bool {
        var j = i &+ 1
        let quote = SIMD16<UInt8>(repeating: ._quote), backslash = SIMD16<UInt8>(repeating: ._backslash)
        let space = SIMD16<UInt8>(repeating: 0x20), printable = SIMD16<UInt8>(repeating: 0x60)
        let zero = SIMD16<UInt8>(repeating: 0)
        while j &+ 16 <= end {
            let v = p.loadUnaligned(fromByteOffset: j, as: SIMD16<UInt8>.self)
            // (v - 0x20) >= 0x60 unsigned: below 0x20 (wraps) or at least 0x80.
            let m =
                zero.replacing(with: 0xFF, where: v .== quote)
                | zero.replacing(with: 0xFF, where: v .== backslash)
                | zero.replacing(with: 0xFF, where: (v &- space) .>= printable)
            let words = unsafeBitCast(m, to: SIMD2<UInt64>.self)
            if words[0] != 0 {
                j &+= words[0].trailingZeroBitCount >> 3
            } else if words[1] != 0 {
                j &+= 8 &+ (words[1].trailingZeroBitCount >> 3)
            } else {
                j &+= 16
                continue
            }
            if p.load(fromByteOffset: j, as: UInt8.self) == ._quote {
                i = j &+ 1
                return true
            }
            break
        }
        return scanStringRest(p, from: j, &i, end, &escapes)
    }

    /// The rest of a string whose content up to `j` is plain ASCII, out of line: see
    /// ``scanString(_:_:_:_:)``.
    @inline(never)
    static func scanStringRest(_ p: UnsafeRawPointer, from j: Int, _ i: inout Int, _ end: Int, _ escapes: inout Bool) -> Bool {
        scanString(p, from: j, &i, end, &escapes)
    }

    /// Scans a string whose opening quote is at `i` to just past its closing quote, validating
    /// escapes and UTF-8 like the tokenizer; false to give up (including any surrogate escape).
    @inline(__always)
    static func scanString(_ p: UnsafeRawPointer, _ i: inout Int, _ end: Int, _ escapes: inout Bool) -> Bool {
        scanString(p, from: i &+ 1, &i, end, &escapes)
    }

    /// ``scanString(_:_:_:_:)`` from `j`, a byte of the string's content (the bytes before it
    /// known to be plain ASCII).
    @inline(__always)
    static func scanString(_ p: UnsafeRawPointer, from: Int, _ i: inout Int, _ end: Int, _ escapes: inout Bool) -> Bool {
        @inline(__always) func at(_ k: Int) -> UInt8 { p.load(fromByteOffset: k, as: UInt8.self) }
        var j = from
        while true {
            j = ByteSearch.firstStringSpecial(p, from: j, end: end)
            guard j < end else { return false }
            let b = at(j)
            if b == ._quote {
                i = j &+ 1
                return true
            }
            if b == ._backslash {
                escapes = true
                guard j &+ 1 < end else { return false }
                switch at(j &+ 1) {
                case ._quote, ._backslash, ._slash, 0x62, 0x66, 0x6E, 0x72, 0x74:  // " \ / b f n r t
                    j &+= 2
                case ._lowerU:
                    guard j &+ 6 <= end else { return false }
                    var unit: UInt32 = 0
                    for k in 2..<6 {
                        guard let h = at(j &+ k).hexDigitValue else { return false }
                        unit = unit << 4 | UInt32(h)
                    }
                    // Surrogates (paired or lone) are left to the tokenizer.
                    guard unit & 0xF800 != 0xD800 else { return false }
                    j &+= 6
                default:
                    return false
                }
                continue
            }
            guard b >= 0x80 else { return false }  // a control byte
            // A UTF-8 sequence: its length and the allowed range of its second byte.
            let need: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; low = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: need = 2
            case 0xED: need = 2; high = 0x9F
            case 0xF0: need = 3; low = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; high = 0x8F
            default: return false
            }
            guard j &+ need < end else { return false }
            let second = at(j &+ 1)
            guard second >= low && second <= high else { return false }
            for k in stride(from: 2, through: need, by: 1) where at(j &+ k) & 0xC0 != 0x80 { return false }
            j &+= need &+ 1
        }
    }

    /// Scans a number at `i` by the JSON grammar, stopping at the first byte that cannot
    /// continue it (which must lie inside the window); false to give up.
    @inline(__always)
    static func scanNumber(_ p: UnsafeRawPointer, _ i: inout Int, _ end: Int) -> Bool {
        @inline(__always) func digit(_ k: Int) -> Bool { k < end && p.load(fromByteOffset: k, as: UInt8.self).isASCIIDigit }
        @inline(__always) func at(_ k: Int) -> UInt8 { k < end ? p.load(fromByteOffset: k, as: UInt8.self) : 0 }
        var j = i
        if at(j) == ._minus { j &+= 1 }
        guard digit(j) else { return false }
        if at(j) == ._zero {
            j &+= 1
        } else {
            repeat { j &+= 1 } while digit(j)
        }
        if at(j) == ._period {
            j &+= 1
            guard digit(j) else { return false }
            repeat { j &+= 1 } while digit(j)
        }
        if at(j) | 0x20 == ._lowerE {
            j &+= 1
            if at(j) == ._plus || at(j) == ._minus { j &+= 1 }
            guard digit(j) else { return false }
            repeat { j &+= 1 } while digit(j)
        }
        guard j < end else { return false }  // the number may go on past the window
        i = j
        return true
    }

    /// True when the key `[start, end)` (quotes included, no escapes) is `name`, ASCII case ignored.
    @inline(__always)
    static func equalsName(_ p: UnsafeRawPointer, _ start: Int, _ end: Int, _ name: [UInt8]) -> Bool {
        KeyName.matches(p, start: start, end: end, hasEscapes: false, name)
    }

    /// Conservatively, whether `schemas` bytes `[start, end)` could name the ListResponse URN:
    /// they hold an escape, or `listresponse` in any case. Eight bytes per step: only an `l`,
    /// `L` or backslash stops the search.
    static func mayNameListResponse(_ p: UnsafeRawPointer, _ start: Int, _ end: Int) -> Bool {
        let name = SCIMNames.listResponseWord
        var k = start
        while k < end {
            if k &+ 8 <= end {
                let w = ByteSearch.load(p + k)
                // 'l', 'L', '\\', and 'E' (the Error message's URN; no user URN has an upper-case E).
                let hits =
                    ByteSearch.lanesEqual(w, 0x6C) | ByteSearch.lanesEqual(w, 0x4C) | ByteSearch.lanesEqual(w, ._backslash)
                    | ByteSearch.lanesEqual(w, 0x45)
                if hits == 0 {
                    k &+= 8
                    continue
                }
                // The first candidate lane (later lanes may be false positives: checked bytewise).
                k &+= hits.trailingZeroBitCount >> 3
            }
            let b = p.load(fromByteOffset: k, as: UInt8.self)
            if b == ._backslash || b == 0x45 { return true }
            if b | 0x20 == 0x6C, k &+ name.count <= end,  // 'l'
                name.withUnsafeBufferPointer({ ASCIICase.equalsLowercased(p + k, $0.baseAddress!, count: $0.count) })
            {
                return true
            }
            k &+= 1
        }
        return false
    }
}
