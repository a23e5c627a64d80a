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

        /// The option's name without dashes.
        package var option: String { command.spec.long }
    }

    /// The entries of `text`, in order.
    ///
    /// - Throws: ``UsageError`` naming `FILE:LINE` for unknown or non-stage options.
    package static func parse(_ text: String, name: String) throws(UsageError) -> [Entry] {
        var out: [Entry] = []
        // Character.isNewline covers "\n", "\r\n" (one Character) and "\r".
        for (n, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = String(rawLine).trimmingSpaces
            if line.isEmpty || line.hasPrefix("#") { continue }
            var word = line.prefix { $0 != " " && $0 != "\t" && $0 != "=" }
            var rest = line.dropFirst(word.count)
            if rest.first == "=" { rest = rest.dropFirst() }
            while word.hasPrefix("-") { word = word.dropFirst() }
            guard let option = allowed.first(where: { $0.spec.long == word }) else {
                throw UsageError("\(name):\(n + 1): '\(word)' is not a stage option")
            }
            var value = String(rest).trimmingSpaces
            if value.count >= 2, value.hasPrefix("'"), value.hasSuffix("'") { value = String(value.dropFirst().dropLast()) }
            let takesValue = option.spec.takesValue
            if takesValue && value.isEmpty { throw UsageError("\(name):\(n + 1): --\(word) needs a value") }
            if !takesValue && !value.isEmpty { throw UsageError("\(name):\(n + 1): --\(word) takes no value") }
            out.append(Entry(command: option, value: takesValue ? value : nil))
        }
        return out
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
