import SCIMJSON
import SCIMStream
/// The sections of `--help`, in the order they are printed.
package enum OptionGroup: String, Sendable, CaseIterable {
    case input = "Input"
    case stages = "Stages (applied left to right, as written)"
    case output = "Output"
    case service = "Live SCIM services (http:// or https:// inputs, --to scim -o URL)"
    case errors = "Errors"
    case reporting = "Reporting"
}

/// One command-line option: its spelling, its value, where `--help` lists it and what it does.
package struct OptionSpec: Sendable, Equatable {
    /// The long name without dashes: `to` for `--to`.
    package let long: String
    /// A one-letter alias: `o` for `-o`.
    package let short: Character?
    /// The placeholder of the value (`FORMAT`), or nil for a flag.
    package let valueName: String?
    /// The `--help` section.
    package let group: OptionGroup
    /// One line of help.
    package let summary: String
    /// The default, as shown in `--help`.
    package let defaultValue: String?
    /// What the shell completion scripts offer for the value.
    package let completion: CompletionKind

    /// Creates an option description.
    package init(
        _ long: String, short: Character? = nil, value: String? = nil, group: OptionGroup,
        _ summary: String, default defaultValue: String? = nil, completion: CompletionKind = .text
    ) {
        self.long = long
        self.short = short
        self.valueName = value
        self.group = group
        self.summary = summary
        self.defaultValue = defaultValue
        self.completion = completion
    }

    /// True when the option takes a value.
    package var takesValue: Bool { valueName != nil }

    /// `-o, --output FILE` as shown in help.
    package var synopsis: String {
        var text = short.map { "-\($0), " } ?? "    "
        text += "--\(long)"
        if let valueName { text += " \(valueName)" }
        return text
    }
}

/// What a shell completion script offers for an option's value.
package enum CompletionKind: Sendable, Equatable {
    /// Typed by hand (a path, a filter, JSON, a number): nothing is offered. Also for flags.
    case text
    /// File and directory names.
    case files
    /// One of these words.
    case words([String])
}
