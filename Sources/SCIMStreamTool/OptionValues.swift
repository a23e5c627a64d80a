/// Parsers of option values, with the usage errors that name the option.
package enum OptionValues {
    /// One of an enumeration's raw values (any letter case), or a usage error listing them.
    static func choice<T: RawRepresentable & CaseIterable>(_ value: String, option: String) throws(UsageError) -> T
    where T.RawValue == String {
        try choice(value, option: option, among: T.allCases.map { ($0.rawValue, $0) })
    }

    /// The choice named `value` (any letter case), or a usage error listing the names.
    static func choice<T>(_ value: String, option: String, among choices: [(name: String, value: T)]) throws(UsageError) -> T {
        if let v = choices.first(where: { $0.name.lowercased() == value.lowercased() }) { return v.value }
        let names = choices.map(\.name).joined(separator: ", ")
        throw UsageError("invalid value '\(value)' for --\(option); expected one of: \(names)")
    }

    /// A positive integer.
    static func positiveInteger(_ value: String, option: String) throws(UsageError) -> Int {
        guard let n = Int(value), n > 0 else {
            throw UsageError("invalid value '\(value)' for --\(option); expected a positive integer")
        }
        return n
    }

    /// A byte count with an optional K, M or G suffix (powers of 1024).
    static func byteCount(_ value: String, option: String) throws(UsageError) -> Int {
        var digits = Substring(value)
        var scale = 1
        switch value.last?.uppercased() {
        case "K": scale = 1 << 10
        case "M": scale = 1 << 20
        case "G": scale = 1 << 30
        default: break
        }
        if scale != 1 { digits = digits.dropLast() }
        guard let n = Int(digits), n > 0, n <= Int.max / scale else {
            throw UsageError("invalid value '\(value)' for --\(option); expected a byte count such as 4096, 64K or 16M")
        }
        return n * scale
    }
}
