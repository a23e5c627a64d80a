package import SCIMStream

/// Everything the tool knows about one stage option, written once: the option table, `--help`,
/// `--help stages`, the completion scripts, `--pipeline` files and README's stage table are all
/// derived from these values, registered in ``StageRegistry/all``.
package struct StageDefinition: Sendable {
    /// Builds the stage from the option's value; nil when the option adds no stage of its own
    /// (`--id-to-external-id` folded into `--for-create`).
    package typealias Make = @Sendable (StageValue, StageContext) throws(UsageError) -> (any RecordStage)?

    /// The option: name, value placeholder, `--help` line, completion. Its group is `.stages`.
    package let spec: OptionSpec
    /// Tool options that configure this stage, listed right after it (`--key-file`).
    package let companions: [ToolOption]
    /// The line of `--help stages`, or nil when another stage's line names this option.
    package let topic: HelpLine?
    /// The description in README's stage table (Markdown, one line).
    package let readme: String
    /// Builds the stage.
    package let make: Make

    /// Describes a stage option.
    package init(
        _ spec: OptionSpec, companions: [ToolOption] = [], topic: HelpLine?, readme: String, make: @escaping Make
    ) {
        self.spec = spec
        self.companions = companions
        self.topic = topic
        self.readme = readme
        self.make = make
    }

    /// The option's name without dashes: `strip`.
    package var name: String { spec.long }
}

extension StageDefinition: Equatable {
    /// Definitions are the same when they define the same option.
    package static func == (a: StageDefinition, b: StageDefinition) -> Bool { a.spec == b.spec }
}

/// One entry of a help topic: `  --strip PATH,…            remove; …`, wrapped lines aligned.
package struct HelpLine: Sendable, Equatable {
    /// The option as written in the topic: `--strip PATH,…`.
    package let synopsis: String
    /// The description, one element per printed line.
    package let lines: [String]

    /// An entry with its description lines.
    package init(_ synopsis: String, _ lines: String...) {
        self.synopsis = synopsis
        self.lines = lines
    }

    /// The printed lines: the synopsis in a 26-column field after two spaces, then the text,
    /// each description line wrapped within 80 columns.
    package var text: String {
        let indent = String(repeating: " ", count: 28)
        let head = "  " + synopsis + String(repeating: " ", count: max(2, 26 - synopsis.count))
        let wrapped = HelpText.wrapWords(lines.joined(separator: " "), width: HelpText.width - indent.count)
        return wrapped.enumerated().map { ($0 == 0 ? head : indent) + $1 }.joined(separator: "\n")
    }
}
