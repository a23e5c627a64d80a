/// A view of one JSON value inside bytes the tokenizer already validated.
///
/// Slices do not own their bytes: they are valid inside the `withValueBytes` (or similar)
/// call that produced them. Navigation trusts the bytes to be valid JSON, so it only looks for
/// the structure it needs: no validation, no allocation.
@usableFromInline package struct JSONSlice {
    /// The bytes the offsets refer to.
    @usableFromInline package let base: UnsafeRawPointer
    /// Offset of the value's first byte (never whitespace).
    @usableFromInline package let start: Int
    /// Offset just past the value's last byte.
    @usableFromInline package let end: Int
    /// Where the strings and containers of `base`'s bytes end, indexed like `base`
    /// (``ValueEnds``), when the bytes are a compact record the reader's fast path tabled;
    /// nil to find ends by scanning.
    @usableFromInline package let ends: UnsafePointer<UInt32>?

    @inlinable package init(base: UnsafeRawPointer, start: Int, end: Int, ends: UnsafePointer<UInt32>? = nil) {
        self.base = base
        self.start = start
        self.end = end
        self.ends = ends
    }

    /// The slice covering a whole buffer holding one value (surrounding whitespace trimmed).
    @inlinable package init(_ buffer: UnsafeRawBufferPointer) {
        let base = buffer.baseAddress ?? UnsafeRawPointer(JSONTokenizer.emptyWindow)
        var s = 0
        var e = buffer.count
        while s < e && base.load(fromByteOffset: s, as: UInt8.self).isJSONWhitespace { s += 1 }
        while e > s && base.load(fromByteOffset: e - 1, as: UInt8.self).isJSONWhitespace { e -= 1 }
        self.init(base: base, start: s, end: e)
    }

    @inline(__always) @inlinable package func byte(_ i: Int) -> UInt8 { base.load(fromByteOffset: i, as: UInt8.self) }

    /// The value's JSON type.
    @inlinable package var kind: JSONValueKind { start < end ? JSONValueKind(firstByte: byte(start)) : .null }

    /// The raw bytes of the value.
    @inlinable package var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base + start, count: end - start) }

    /// A copy of the raw bytes.
    @inlinable package var array: [UInt8] { Array(bytes) }

    @inlinable package var isNull: Bool { kind == .null }

    /// The value of a `true`/`false` literal, else nil.
    @inlinable package var bool: Bool? {
        guard kind == .bool else { return nil }
        return byte(start) == 0x74
    }

    /// The decoded text of a string value, else nil.
    @inlinable package var string: String? {
        guard kind == .string else { return nil }
        return JSONString.decode(bytes)
    }

    /// The original text of a number value, else nil.
    @inlinable package var numberText: String? {
        guard kind == .number else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// True when a string value holds a backslash escape.
    @inlinable package var stringHasEscapes: Bool {
        if let ends { return ends[start] & ValueEnds.escapesFlag != 0 }
        return ByteSearch.first(._backslash, base, from: start, end: end) < end
    }

    /// The UTF-8 bytes of a string value's content (escapes decoded), else nil.
    @inlinable package func stringBytes() -> [UInt8]? {
        guard kind == .string else { return nil }
        if !stringHasEscapes { return Array(UnsafeRawBufferPointer(start: base + start + 1, count: end - start - 2)) }
        var out: [UInt8] = []
        JSONString.decode(base, start: start, end: end, into: &out)
        return out
    }

    // MARK: - Containers

    /// Iterates the members of an object (key slice with quotes, value slice), without closures.
    @usableFromInline package struct MemberIterator {
        @usableFromInline package let slice: JSONSlice
        @usableFromInline package var i: Int

        @inlinable package init(_ slice: JSONSlice) {
            self.slice = slice
            i = slice.kind == .object ? JSONScan.skipWhitespace(slice.base, slice.start + 1, slice.end) : slice.end
        }

        @inline(__always)
        @inlinable package mutating func next() -> (key: JSONSlice, value: JSONSlice)? {
            let base = slice.base, end = slice.end
            guard i < end && base.load(fromByteOffset: i, as: UInt8.self) == ._quote else { return nil }
            let keyStart = i
            if let ends = slice.ends {
                // A tabled compact record: no whitespace, every end one load away.
                let keyEnd = Int(ends[keyStart] & ValueEnds.offsetMask)
                let v = keyEnd &+ 1
                let valueEnd = JSONScan.skipValue(base, v, end, ends)
                i = valueEnd
                if i < end && base.load(fromByteOffset: i, as: UInt8.self) == ._comma { i &+= 1 }
                return (
                    JSONSlice(base: base, start: keyStart, end: keyEnd, ends: ends),
                    JSONSlice(base: base, start: v, end: valueEnd, ends: ends)
                )
            }
            let keyEnd = JSONScan.skipString(base, i, end)
            var v = keyEnd
            if v < end && base.load(fromByteOffset: v, as: UInt8.self) != ._colon { v = JSONScan.skipWhitespace(base, v, end) }
            v += 1  // past ':'
            if v < end && base.load(fromByteOffset: v, as: UInt8.self).isJSONWhitespace { v = JSONScan.skipWhitespace(base, v, end) }
            let valueEnd = JSONScan.skipValue(base, v, end)
            i = valueEnd
            i = JSONScan.skipSeparator(base, i, end)
            return (JSONSlice(base: base, start: keyStart, end: keyEnd), JSONSlice(base: base, start: v, end: valueEnd))
        }
    }

    /// Iterates the elements of an array, without closures.
    @usableFromInline package struct ElementIterator {
        @usableFromInline package let slice: JSONSlice
        @usableFromInline package var i: Int

        @inlinable package init(_ slice: JSONSlice) {
            self.slice = slice
            i = slice.kind == .array ? JSONScan.skipWhitespace(slice.base, slice.start + 1, slice.end) : slice.end
        }

        @inline(__always)
        @inlinable package mutating func next() -> JSONSlice? {
            let base = slice.base, end = slice.end
            guard i < end && base.load(fromByteOffset: i, as: UInt8.self) != ._closeBracket else { return nil }
            let start = i
            if let ends = slice.ends {
                let valueEnd = JSONScan.skipValue(base, i, end, ends)
                i = valueEnd
                if i < end && base.load(fromByteOffset: i, as: UInt8.self) == ._comma { i &+= 1 }
                return JSONSlice(base: base, start: start, end: valueEnd, ends: ends)
            }
            let valueEnd = JSONScan.skipValue(base, i, end)
            i = valueEnd
            i = JSONScan.skipSeparator(base, i, end)
            return JSONSlice(base: base, start: start, end: valueEnd)
        }
    }

    /// Calls `body` for each member of an object (key slice with quotes, value slice); stops when it returns false.
    @inline(__always)
    @inlinable func forEachMember(_ body: (_ key: JSONSlice, _ value: JSONSlice) -> Bool) {
        var members = MemberIterator(self)
        while let (key, value) = members.next() {
            if !body(key, value) { return }
        }
    }

    /// Calls `body` for each element of an array; stops when it returns false.
    @inline(__always)
    @inlinable package func forEachElement(_ body: (JSONSlice) -> Bool) {
        var elements = ElementIterator(self)
        while let element = elements.next() {
            if !body(element) { return }
        }
    }

    /// The elements of an array (empty for anything else).
    @inlinable package var elements: [JSONSlice] {
        var out: [JSONSlice] = []
        forEachElement {
            out.append($0); return true
        }
        return out
    }

    /// True for `[]`, `{}`, `""` and `null`: "not present" in SCIM terms (RFC 7643 §2.5).
    @inlinable package var isEmptyOrNull: Bool {
        switch kind {
        case .null: return true
        case .string: return end - start == 2
        case .array, .object: return JSONScan.skipWhitespace(base, start + 1, end) == end - 1
        default: return false
        }
    }

    /// The last member named `lowercaseName` (ASCII case ignored, escapes decoded), or nil.
    @inlinable package func member(_ lowercaseName: [UInt8]) -> JSONSlice? {
        var found: JSONSlice?
        var members = MemberIterator(self)
        while let (key, value) = members.next() {
            if key.equalsNameOutOfLine(lowercaseName) { found = value }
        }
        return found
    }

    /// True when this string slice (with quotes) equals the lower-case ASCII `name`, ignoring case.
    @inlinable package func equalsName(_ lowercaseName: [UInt8]) -> Bool {
        if let ends {
            return KeyName.matches(
                base, start: start, end: end, hasEscapes: ends[start] & ValueEnds.escapesFlag != 0, lowercaseName)
        }
        return KeyName.matches(base, start: start, end: end, lowercaseName)
    }

    /// ``equalsName(_:)`` as a call, for loops where inlining it costs more than the call
    /// (member lookups and edits; measured with callgrind).
    @usableFromInline @inline(never) package func equalsNameOutOfLine(_ lowercaseName: [UInt8]) -> Bool {
        equalsName(lowercaseName)
    }
}

/// Structure skipping over validated JSON.
@usableFromInline enum JSONScan {
    /// The first index at or after `i` that is not whitespace.
    @inline(__always)
    @inlinable package static func skipWhitespace(_ p: UnsafeRawPointer, _ i: Int, _ end: Int) -> Int {
        var i = i
        while i < end && p.load(fromByteOffset: i, as: UInt8.self).isJSONWhitespace { i += 1 }
        return i
    }

    /// From just after a container element at `i`: past the whitespace, comma and whitespace
    /// before the next element (or to the closing bracket).
    @inline(__always)
    @inlinable static func skipSeparator(_ p: UnsafeRawPointer, _ i: Int, _ end: Int) -> Int {
        var i = i
        if i < end && p.load(fromByteOffset: i, as: UInt8.self) != ._comma { i = skipWhitespace(p, i, end) }
        if i < end && p.load(fromByteOffset: i, as: UInt8.self) == ._comma {
            i += 1
            if i < end && p.load(fromByteOffset: i, as: UInt8.self).isJSONWhitespace { i = skipWhitespace(p, i, end) }
        }
        return i
    }

    /// The index just past the string whose opening quote is at `i`.
    @inline(__always)
    @inlinable static func skipString(_ p: UnsafeRawPointer, _ i: Int, _ end: Int) -> Int {
        var i = i + 1
        while true {
            i = ByteSearch.firstQuoteOrBackslash(p, from: i, end: end)
            guard i < end else { return end }
            if p.load(fromByteOffset: i, as: UInt8.self) == ._quote { return i + 1 }
            i += 2
        }
    }

    /// The index just past the value starting at `i` of a tabled compact record: strings and
    /// containers from `ends`, numbers and literals by scanning their few bytes.
    @inline(__always)
    @inlinable package static func skipValue(_ p: UnsafeRawPointer, _ i: Int, _ end: Int, _ ends: UnsafePointer<UInt32>) -> Int {
        guard i < end else { return end }
        switch p.load(fromByteOffset: i, as: UInt8.self) {
        case ._quote, ._openBrace, ._openBracket:
            return Int(ends[i] & ValueEnds.offsetMask)
        default:
            var j = i &+ 1
            while j < end {
                let b = p.load(fromByteOffset: j, as: UInt8.self)
                if b == ._comma || b == ._closeBrace || b == ._closeBracket { break }
                j &+= 1
            }
            return j
        }
    }

    /// The index just past the value starting at `i`.
    @inlinable package static func skipValue(_ p: UnsafeRawPointer, _ i: Int, _ end: Int) -> Int {
        guard i < end else { return end }
        switch p.load(fromByteOffset: i, as: UInt8.self) {
        case ._quote:
            return skipString(p, i, end)
        case ._openBrace, ._openBracket:
            var depth = 0
            var j = i
            while j < end {
                let b = p.load(fromByteOffset: j, as: UInt8.self)
                switch b {
                case ._quote:
                    j = skipString(p, j, end)
                    continue
                case ._openBrace, ._openBracket:
                    depth += 1
                case ._closeBrace, ._closeBracket:
                    depth -= 1
                    if depth == 0 { return j + 1 }
                default:
                    break
                }
                j += 1
            }
            return end
        default:
            var j = i
            while j < end {
                let b = p.load(fromByteOffset: j, as: UInt8.self)
                if b == ._comma || b == ._closeBrace || b == ._closeBracket || b.isJSONWhitespace { break }
                j += 1
            }
            return j
        }
    }
}
