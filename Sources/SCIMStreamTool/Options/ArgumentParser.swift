import SCIMJSON
import SCIMStream
/// The command line split into options (in the order given) and operands.
package struct ParsedArguments: Sendable, Equatable {
    /// One option as given.
    package struct Occurrence: Sendable, Equatable {
        /// The option.
        package var option: CommandOption
        /// Its value, for options that take one.
        package var value: String?

        /// The option's spelling.
        package var spec: OptionSpec { option.spec }
    }

    /// Options in command-line order (stages depend on it).
    package var options: [Occurrence] = []
    /// Operands: input files, `-` for standard input.
    package var operands: [String] = []

    /// Splits `arguments` (without the program name) against `table`.
    ///
    /// Accepts `--name VALUE`, `--name=VALUE`, `-x VALUE`, and `--` to end options.
    /// - Throws: ``UsageError`` for an unknown option (suggesting the nearest known one) or a
    ///   missing value.
    package static func parse(_ arguments: [String], table: [CommandOption]) throws(UsageError) -> ParsedArguments {
        let specs = table.map(\.spec)
        var result = ParsedArguments()
        var i = 0
        var onlyOperands = false
        while i < arguments.count {
            let arg = arguments[i]
            i += 1
            if onlyOperands || arg == "-" || !arg.hasPrefix("-") {
                result.operands.append(arg)
                continue
            }
            if arg == "--" {
                onlyOperands = true
                continue
            }
            var name: Substring
            var inlineValue: String?
            let index: Int
            if arg.hasPrefix("--") {
                name = arg.dropFirst(2)
                if let eq = name.firstIndex(of: "=") {
                    inlineValue = String(name[name.index(after: eq)...])
                    name = name[..<eq]
                }
                guard let found = specs.firstIndex(where: { $0.long == name }) else {
                    throw unknown("--" + name, table: specs)
                }
                index = found
            } else {
                guard arg.count == 2, let found = specs.firstIndex(where: { $0.short == arg.last }) else {
                    throw unknown(arg, table: specs)
                }
                index = found
            }
            let spec = specs[index]
            if spec.takesValue {
                if inlineValue == nil {
                    guard i < arguments.count else {
                        throw UsageError("option --\(spec.long) needs a value (\(spec.valueName!))")
                    }
                    inlineValue = arguments[i]
                    i += 1
                }
                result.options.append(Occurrence(option: table[index], value: inlineValue))
            } else {
                if inlineValue != nil { throw UsageError("option --\(spec.long) takes no value") }
                result.options.append(Occurrence(option: table[index], value: nil))
            }
        }
        return result
    }

    /// The error for an unknown option: advice for a spelling from another tool, or the
    /// nearest known option when it is close (never for a one-letter option: any is close).
    private static func unknown(_ option: String, table: [OptionSpec]) -> UsageError {
        if let advice = ForeignSpellings.advice(for: option) {
            return UsageError("unknown option '\(option)'; \(advice)")
        }
        if let nearest = nearestOption(to: String(option.drop(while: { $0 == "-" })), among: table.map(\.long)) {
            return UsageError("unknown option '\(option)'; did you mean '--\(nearest)'?")
        }
        return UsageError("unknown option '\(option)' (see scimstream --help)")
    }

    /// The option name `word` most likely misspells, or nil when none is close (a word of one
    /// or two letters is close to too many).
    static func nearestOption(to word: String, among names: [String]) -> String? {
        guard word.count >= 3 else { return nil }
        let nearest = names.map { ($0, EditDistance.between(word, $0)) }.min { $0.1 < $1.1 }
        guard let nearest, nearest.1 <= max(1, min(3, word.count / 3)) else { return nil }
        return nearest.0
    }
}
