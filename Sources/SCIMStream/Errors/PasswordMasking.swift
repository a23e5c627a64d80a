import SCIMJSON

/// Hides passwords inside raw, possibly broken JSON bytes, for reports.
///
/// Once a password key (``PasswordKey``) shows, nothing after it is shown: the bytes up to the
/// key's closing quote stay (with the colon, when one follows), and everything after becomes
/// `"***"`. Damage around the value (no colon, a stray quote inside it, letters after a
/// number) cannot move secret bytes past the mask, because the value is never parsed.
///
/// Keys are found leniently, line by line: every run of bytes between two neighbouring quotes
/// (so a missing or extra quote earlier on the line cannot hide a key by pairing the quotes
/// the other way), and every string literal read from the line's start (for keys holding an
/// escaped quote), escapes decoded where they are valid. A string *value* that reads
/// `password` hides the rest too; that costs context, never a secret.
package enum PasswordMasking {
    static let mask: [UInt8] = Array(#""***""#.utf8)

    /// `raw` with everything after the first password key replaced by `"***"`.
    package static func mask(_ raw: [UInt8]) -> [UInt8] {
        guard let keyEnd = firstPasswordKeyEnd(raw) else { return raw }
        var out = Array(raw[..<keyEnd])
        var k = keyEnd
        while k < raw.count && raw[k].isJSONWhitespace && raw[k] != ._newline { k += 1 }
        if k < raw.count && raw[k] == ._colon { out.append(._colon) }
        out += mask
        return out
    }

    /// The index just past the closing quote of the first password key in `raw`, or nil.
    package static func firstPasswordKeyEnd(_ raw: [UInt8]) -> Int? {
        var first: Int?
        var lineStart = 0
        while lineStart < raw.count {
            var lineEnd = lineStart
            while lineEnd < raw.count && raw[lineEnd] != ._newline { lineEnd += 1 }
            for end in [firstBetweenQuotes(raw, from: lineStart, to: lineEnd), firstLiteral(raw, from: lineStart, to: lineEnd)] {
                if let end { first = min(first ?? end, end) }
            }
            if first != nil { return first }
            lineStart = lineEnd + 1
        }
        return nil
    }

    /// The first password key in `raw[from..<to]` (one line) taken as the bytes between any
    /// two neighbouring quotes, whichever way the quotes pair.
    static func firstBetweenQuotes(_ raw: [UInt8], from: Int, to: Int) -> Int? {
        var i = from
        while i < to && raw[i] != ._quote { i += 1 }
        while i < to {
            var j = i + 1
            while j < to && raw[j] != ._quote { j += 1 }
            guard j < to else { return nil }
            if PasswordKey.matches(decodedName: decodeLeniently(raw[(i + 1)..<j])) { return j + 1 }
            i = j
        }
        return nil
    }

    /// The first password key in `raw[from..<to]` (one line) among the string literals read
    /// from the line's start, escaped quotes inside them skipped.
    static func firstLiteral(_ raw: [UInt8], from: Int, to: Int) -> Int? {
        var i = from
        while i < to {
            guard raw[i] == ._quote else { i += 1; continue }
            var j = i + 1
            while j < to && raw[j] != ._quote { j += raw[j] == ._backslash ? 2 : 1 }
            guard j < to else { return nil }  // unterminated: nothing follows it on this line
            if PasswordKey.matches(decodedName: decodeLeniently(raw[(i + 1)..<j])) { return j + 1 }
            i = j + 1
        }
        return nil
    }

    /// The content of a string literal with its valid escapes decoded; invalid ones stay as written.
    static func decodeLeniently(_ content: ArraySlice<UInt8>) -> [UInt8] {
        guard content.contains(._backslash) else { return Array(content) }
        var out: [UInt8] = []
        var i = content.startIndex
        while i < content.endIndex {
            let b = content[i]
            guard b == ._backslash, i + 1 < content.endIndex else {
                out.append(b)
                i += 1
                continue
            }
            let e = content[i + 1]
            if e == ._lowerU, i + 6 <= content.endIndex,
                let v = UInt32(String(decoding: content[(i + 2)..<(i + 6)], as: UTF8.self), radix: 16),
                let scalar = Unicode.Scalar(v)
            {
                JSONString.appendUTF8(scalar, to: &out)
                i += 6
                continue
            }
            switch e {
            case ._quote, ._backslash, ._slash: out.append(e)
            default: out += [b, e]
            }
            i += 2
        }
        return out
    }
}
