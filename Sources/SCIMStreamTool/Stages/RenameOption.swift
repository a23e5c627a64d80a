import SCIMStream

extension StageDefinition {
    /// `--rename OLD=NEW`: ``RenameStage``.
    package static let rename: StageDefinition = StageDefinition(
        OptionSpec("rename", value: "OLD=NEW", group: .stages, "rename an attribute: --rename title=jobTitle"),
        topic: HelpLine("--rename OLD=NEW", "rename in place"),
        readme: "renames an attribute in place (`--rename title=jobTitle`, `--rename emails.type=kind`)"
    ) { value, _ throws(UsageError) in
        guard let (old, new) = value.assignment, !new.isEmpty else {
            throw UsageError("--rename needs OLD=NEW, for example --rename title=jobTitle")
        }
        let from = try value.path(old)
        guard from.filter == nil else { throw UsageError("--rename: OLD must not hold a filter: \(old)") }
        // NEW is a new name: not checked against the schemas.
        let to = try StageValue(option: value.option, text: new).path()
        guard to.schema == nil, to.filter == nil, to.subAttribute == nil else {
            throw UsageError("--rename: NEW is the new name only (no '.', ':' or filter): \(new)")
        }
        return RenameStage(from, to: to.name)
    }
}
