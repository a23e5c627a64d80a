/// Masks password values inside raw, possibly broken JSON bytes, for reports.
///
/// Every string literal followed by `:` is taken as a key; when the key is `password` (any
/// case, escapes decoded) or ends with `:password` (the URN-qualified form), the value after
/// it becomes `"***"`: a string up to its closing quote (or the end of the bytes, when the
/// record is cut short), or any other value up to the next `,`, `}` or `]`.
public enum PasswordMasking {
    static let mask: [UInt8] = Array(#""***""#.utf8)

    /// `raw` with every locatable password value replaced by `"***"`.
    public static func mask(_ raw: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        let n = raw.count
        while i < n {
            guard raw[i] == ._quote else {
                out.append(raw[i])
                i += 1
                continue
            }
            let close = stringEnd(raw, from: i)  // index of the closing quote, or n
            let literalEnd = min(close + 1, n)
            out.append(contentsOf: raw[i..<literalEnd])
            var k = literalEnd
            while k < n && raw[k].isJSONWhitespace { k += 1 }
            guard close < n, k < n, raw[k] == ._colon, isPasswordKey(Array(raw[(i + 1)..<close])) else {
                i = literalEnd
                continue
            }
            // Copy the colon and spacing, then mask the value.
            k += 1
            while k < n && raw[k].isJSONWhitespace { k += 1 }
            out.append(contentsOf: raw[literalEnd..<k])
            out.append(contentsOf: mask)
            i = valueEnd(raw, from: k)
        }
        return out
    }

    /// Index of the closing quote of the string literal opening at `start`, or `raw.count`.
    static func stringEnd(_ raw: [UInt8], from start: Int) -> Int {
        var j = start + 1
        while j < raw.count {
            if raw[j] == ._backslash { j += 2; continue }
            if raw[j] == ._quote { return j }
            j += 1
        }
        return raw.count
    }

    /// Index just past the (possibly broken) value starting at `start`.
    static func valueEnd(_ raw: [UInt8], from start: Int) -> Int {
        guard start < raw.count else { return raw.count }
        switch raw[start] {
        case ._quote:
            return min(stringEnd(raw, from: start) + 1, raw.count)
        case ._openBrace, ._openBracket:
            var depth = 0
            var j = start
            while j < raw.count {
                switch raw[j] {
                case ._quote: j = stringEnd(raw, from: j)
                case ._openBrace, ._openBracket: depth += 1
                case ._closeBrace, ._closeBracket:
                    depth -= 1
                    if depth == 0 { return j + 1 }
                default: break
                }
                j += 1
            }
            return raw.count
        default:
            var j = start
            while j < raw.count, raw[j] != ._comma, raw[j] != ._closeBrace, raw[j] != ._closeBracket, raw[j] != 0x0A { j += 1 }
            return j
        }
    }

    /// True for `password` and `…:password`, ignoring case; escapes are decoded when valid.
    static func isPasswordKey(_ content: [UInt8]) -> Bool {
        var name = content
        if content.contains(._backslash) {
            let quoted = [._quote] + content + [._quote]
            if (try? JSONValue(json: quoted)) != nil {
                name = []
                quoted.withUnsafeBytes { JSONString.decode($0.baseAddress!, start: 0, end: quoted.count, into: &name) }
            }
        }
        let lower = name.map(\.asciiLowercased)
        let password = Array("password".utf8)
        if lower == password { return true }
        return lower.count > password.count && lower.suffix(password.count + 1) == [._colon] + password
    }
}
