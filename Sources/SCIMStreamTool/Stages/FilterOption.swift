import SCIMStream

extension StageDefinition {
    /// `--filter EXPR`: ``FilterStage``.
    package static let filter: StageDefinition = StageDefinition(
        OptionSpec(
            "filter", value: "EXPR", group: .stages,
            "keep records matching a SCIM filter: --filter 'active eq true'"),
        topic: HelpLine("--filter EXPR", "keep matching records (see --help filter)"),
        readme: "keeps only records matching a SCIM filter"
    ) { value, _ throws(UsageError) in
        FilterStage(try value.filter())
    }
}
