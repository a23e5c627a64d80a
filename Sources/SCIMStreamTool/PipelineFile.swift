import SCIMStream

/// A `--pipeline FILE`: stage options one per line, same syntax as the flags, `#` comments.
///
/// ```
/// # migration preset
/// --for-create
/// --replace-domain example.com=example.org
/// --filter active eq true
/// lowercase userName          # the leading dashes are optional
/// ```
/// The value is the rest of the line; a value wrapped in single quotes loses them. The options
/// allowed are the registered stages (``StageRegistry``) and `--keep-password`.
package enum PipelineFile {
    /// One line of the file: an option allowed here and its value (nil for a flag).
    package struct Entry: Sendable, Equatable {
        /// The option.
        package let command: CommandOption
        /// Its value, nil for a flag.
        package let value: String?
        /// The line of the file it is on (0: not from a file).
        package var line = 0

        /// Entries are equal when they set the same option to the same value, wherever they are.
        package static func == (a: Entry, b: Entry) -> Bool { a.command == b.command && a.value == b.value }

        /// The option's name without dashes.
        package var option: String { command.spec.long }
    }

    /// The entries of `text`, in order.
    ///
    /// - Throws: ``UsageError`` naming `FILE:LINE` for unknown or non-stage options.
    package static func parse(_ text: String, name: String) throws(UsageError) -> [Entry] {
        try parse(text, name: name, allowing: allowed, kind: "a stage option").entries
    }

    /// The entries and operand lines (`input FILE`, when `operands` is true) of `text`, each
    /// option among `allowing`.
    ///
    /// - Throws: ``UsageError`` naming `FILE:LINE` for an option not allowed (`kind` says what is).
    static func parse(
        _ text: String, name: String, allowing allowed: [CommandOption], kind: String, operands: Bool = false
    ) throws(UsageError) -> (entries: [Entry], operands: [String]) {
        var inputs: [String] = []
        var out: [Entry] = []
        // Character.isNewline covers "\n", "\r\n" (one Character) and "\r".
        // A byte order mark some editors write is not part of the first option.
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        for (n, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = String(rawLine).trimmingSpaces
            if line.isEmpty || line.hasPrefix("#") { continue }
            var word = line.prefix { $0 != " " && $0 != "\t" && $0 != "=" }
            var rest = line.dropFirst(word.count)
            if rest.first == "=" { rest = rest.dropFirst() }
            while word.hasPrefix("-") { word = word.dropFirst() }
            var value = String(rest).trimmingSpaces
            if value.count >= 2, value.hasPrefix("'"), value.hasSuffix("'") { value = String(value.dropFirst().dropLast()) }
            if operands && word == "input" {
                guard !value.isEmpty else { throw UsageError("\(name):\(n + 1): input needs a FILE or URL") }
                inputs.append(value)
                continue
            }
            guard let option = allowed.first(where: { $0.spec.long == word }) else {
                // Only a word spelt like an option is quoted: a line of data (a user, a token
                // pasted by mistake) may hold a secret.
                let plausible = !word.isEmpty && word.count <= 40 && word.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
                guard plausible else { throw UsageError("\(name):\(n + 1): this line is not an option (its text is not shown)") }
                let nearest = ParsedArguments.nearestOption(to: String(word), among: allowed.map(\.spec.long))
                let hint = nearest.map { "; did you mean '\($0)'?" } ?? ""
                throw UsageError("\(name):\(n + 1): '\(word)' is not \(kind)\(hint)")
            }
            let takesValue = option.spec.takesValue
            if takesValue && value.isEmpty { throw UsageError("\(name):\(n + 1): --\(word) needs a value") }
            if !takesValue && !value.isEmpty { throw UsageError("\(name):\(n + 1): --\(word) takes no value") }
            out.append(Entry(command: option, value: takesValue ? value : nil, line: n + 1))
        }
        return (out, inputs)
    }

    /// The options a pipeline file may hold: every stage, and the tool options that allow it.
    package static var allowed: [CommandOption] {
        OptionTable.entries.filter {
            switch $0 {
            case .stage: true
            case .tool(let option): option.isAllowedInPipelineFile
            case .service: false
            }
        }
    }
}
