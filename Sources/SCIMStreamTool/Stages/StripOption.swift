import SCIMStream

extension StageDefinition {
    /// `--strip PATH[,PATH…]`: ``StripStage``.
    package static let strip: StageDefinition = StageDefinition(
        OptionSpec(
            "strip", value: "PATH[,PATH…]", group: .stages,
            "remove attributes or selected elements: --strip 'meta,emails[type eq \"other\"]'"),
        topic: HelpLine("--strip PATH,…", "remove; --keep PATH,… keep only these (and schemas)"),
        readme: "removes attributes, sub-attributes or selected elements (`--strip 'meta,emails[type eq \"other\"]'`)"
    ) { value, _ throws(UsageError) in
        StripStage(try value.paths())
    }
}
