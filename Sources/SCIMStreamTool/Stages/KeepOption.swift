import SCIMStream

extension StageDefinition {
    /// `--keep PATH[,PATH…]`: ``KeepStage``. `--help stages` names it on the `--strip` line.
    package static let keep: StageDefinition = StageDefinition(
        OptionSpec(
            "keep", value: "PATH[,PATH…]", group: .stages,
            "keep only these attributes (and schemas): --keep id,userName,emails.value"),
        topic: nil,
        readme: "projection: removes everything else (`schemas` is always kept)"
    ) { value, _ throws(UsageError) in
        KeepStage(try value.paths())
    }
}
