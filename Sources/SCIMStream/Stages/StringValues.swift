import SCIMJSON

/// Helpers for stages that rewrite string values.
package enum StringValues {
    /// Applies `change` to a string value; a value `change` leaves alone (or a non-string) is kept.
    package static func rewrite(_ value: JSONSlice, _ change: (String) -> String) -> JSONRebuild.Outcome {
        guard let text = value.string else { return .keep }
        let changed = change(text)
        guard changed != text else { return .keep }
        return .replace(JSONEscaping.quoted(changed))
    }

    /// Parses `paths` ("a,b[c eq \"x,y\"],d"), splitting on commas outside brackets and quotes.
    package static func splitList(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        var inString = false
        var escaped = false
        for ch in text {
            if inString {
                current.append(ch)
                if escaped { escaped = false } else if ch == "\\" { escaped = true } else if ch == "\"" { inString = false }
                continue
            }
            switch ch {
            case "\"": inString = true
            case "[", "(": depth += 1
            case "]", ")": depth -= 1
            case "," where depth == 0:
                parts.append(current)
                current = ""
                continue
            default: break
            }
            current.append(ch)
        }
        parts.append(current)
        return parts.map { $0.trimmingSpaces }.filter { !$0.isEmpty }
    }

    /// Splits `PATH=VALUE` at the first `=` outside brackets and quotes.
    package static func splitAssignment(_ text: String) -> (String, String)? {
        var depth = 0
        var inString = false
        var escaped = false
        for index in text.indices {
            let ch = text[index]
            if inString {
                if escaped { escaped = false } else if ch == "\\" { escaped = true } else if ch == "\"" { inString = false }
                continue
            }
            switch ch {
            case "\"": inString = true
            case "[": depth += 1
            case "]": depth -= 1
            case "=" where depth == 0:
                return (String(text[..<index]).trimmingSpaces, String(text[text.index(after: index)...]))
            default: break
            }
        }
        return nil
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs.
    package var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
