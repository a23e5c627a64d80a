import SCIMStream

extension StageDefinition {
    /// `--lowercase PATH`: ``CaseNormalization`` to lower case.
    package static let lowercase: StageDefinition = StageDefinition(
        OptionSpec("lowercase", value: "PATH", group: .stages, "lower-case string values (Unicode)"),
        topic: HelpLine("--lowercase PATH", "also --uppercase; --normalize-username = --lowercase userName"),
        readme: "Unicode case mapping of string values to lower case"
    ) { value, _ throws(UsageError) in
        CaseNormalization(try value.path(), .lowercase)
    }

    /// `--uppercase PATH`: ``CaseNormalization`` to upper case. Named on the `--lowercase` topic line.
    package static let uppercase: StageDefinition = StageDefinition(
        OptionSpec("uppercase", value: "PATH", group: .stages, "upper-case string values (Unicode)"),
        topic: nil,
        readme: "Unicode case mapping of string values to upper case"
    ) { value, _ throws(UsageError) in
        CaseNormalization(try value.path(), .uppercase)
    }

    /// `--normalize-username`: `--lowercase userName`. Named on the `--lowercase` topic line.
    package static let normalizeUsername: StageDefinition = StageDefinition(
        OptionSpec("normalize-username", group: .stages, "short for --lowercase userName"),
        topic: nil,
        readme: "short for `--lowercase userName`"
    ) { _, _ throws(UsageError) in
        CaseNormalization(AttributePath(name: "userName"), .lowercase)
    }
}
