import SCIMStream

extension StageDefinition {
    /// `--for-create`: ``ForCreateStage``, copying `id` first when `--id-to-external-id` is given too.
    package static let forCreate: StageDefinition = StageDefinition(
        OptionSpec(
            "for-create", group: .stages,
            "migration preset: drop id, meta, groups, password, read-only emails and Genesys-owned externalIds"),
        topic: HelpLine(
            "--for-create", "drop id, meta, groups, password, emails[type eq \"other\"],",
            "Genesys externalIds with authority x-pc:scimv2:v1…"),
        readme:
            "migration preset: drops `id`, `meta`, `groups`, `password`, `emails[type eq \"other\"]` and the Genesys extension's `externalIds` whose `authority` starts with `x-pc:scimv2:v1`"
    ) { _, context throws(UsageError) in
        ForCreateStage(copyIDToExternalID: context.has(.idToExternalID))
    }

    /// `--id-to-external-id`: ``IDToExternalIDStage``; with `--for-create`, that stage does it.
    package static let idToExternalID: StageDefinition = StageDefinition(
        OptionSpec("id-to-external-id", group: .stages, "copy id into a missing externalId (before --for-create drops id)"),
        topic: HelpLine("--id-to-external-id", "copy id into a missing externalId (before --for-create)"),
        readme: "copies `id` into a missing `externalId` (with `--for-create`, always before `id` is dropped)"
    ) { _, context throws(UsageError) in
        context.has(.forCreate) ? nil : IDToExternalIDStage()
    }
}
