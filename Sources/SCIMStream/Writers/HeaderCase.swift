/// `--header-case`: how CSV/TSV header names are spelt. SQL warehouses fold unquoted names to
/// lower case, so `count(managerId)` fails in PostgreSQL where `count(manager_id)` works.
public enum HeaderCase: String, Sendable, CaseIterable {
    /// `manager_id`, `work2_phone`: lower case, words joined by `_`.
    case snake
    /// `managerId`: words joined, each after the first capitalised.
    case camel
    /// As the column spec gives them (the default).
    case asIs = "as-is"

    /// `name` spelt this way.
    public func apply(_ name: String) -> String {
        switch self {
        case .asIs: return name
        case .snake: return Self.words(name).map { $0.lowercased() }.joined(separator: "_")
        case .camel:
            let words = Self.words(name).map { $0.lowercased() }
            guard let first = words.first else { return "" }
            return first + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        }
    }

    /// The words of a header: split at anything that is not a letter or digit, before an upper-case
    /// letter that follows a lower-case letter or digit, and before the last capital of a run of
    /// capitals followed by a lower-case letter (`externalID` → external, ID; `HTTPStatus` → HTTP, Status).
    static func words(_ name: String) -> [String] {
        let chars = Array(name.unicodeScalars)
        var words: [String] = []
        var current = ""
        func flush() {
            if !current.isEmpty { words.append(current) }
            current = ""
        }
        for (i, c) in chars.enumerated() {
            guard c.properties.isAlphabetic || ("0"..."9").contains(c) else {
                flush()
                continue
            }
            if c.properties.isUppercase, i > 0 {
                let previous = chars[i - 1]
                let nextIsLower = i + 1 < chars.count && chars[i + 1].properties.isLowercase
                if previous.properties.isLowercase || ("0"..."9").contains(previous) || (previous.properties.isUppercase && nextIsLower) {
                    flush()
                }
            }
            current.unicodeScalars.append(c)
        }
        flush()
        return words
    }
}
