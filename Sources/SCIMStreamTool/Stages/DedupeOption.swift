import SCIMStream

extension StageDefinition {
    /// `--dedupe PATH`: ``DedupeStage``.
    package static let dedupe: StageDefinition = StageDefinition(
        OptionSpec("dedupe", value: "PATH", group: .stages, "drop later records whose PATH value was already seen"),
        topic: HelpLine("--dedupe PATH", "drop later records with a value already seen"),
        readme: "drops later records whose value at PATH was already seen (only 16-byte digests are kept)"
    ) { value, _ throws(UsageError) in
        DedupeStage(try value.path())
    }
}
