import SCIMStream

extension StageDefinition {
    /// `--for-create`: ``ForCreateStage``, copying `id` first when `--id-to-external-id` is given too.
    package static let forCreate: StageDefinition = StageDefinition(
        OptionSpec(
            "for-create", group: .stages,
            "migration preset: drop read-only and Genesys-owned data, RFC 7643 shapes (--help stages)"),
        topic: HelpLine(
            "--for-create", "drop id, meta, groups, manager.displayName, password,",
            "emails[type eq \"other\"], Genesys externalIds with authority x-pc:scimv2:v1…;",
            "then --rfc-shapes"),
        readme:
            "migration preset: drops `id`, `meta`, `groups`, the enterprise `manager.displayName`, `password`, `emails[type eq \"other\"]` and the Genesys extension's `externalIds` whose `authority` starts with `x-pc:scimv2:v1`, then applies `--rfc-shapes`: a valid RFC 7643 create request"
    ) { _, context throws(UsageError) in
        ForCreateStage(copyIDToExternalID: context.has(.idToExternalID))
    }

    /// `--rfc-shapes`: ``RFCShapesStage``.
    package static let rfcShapes: StageDefinition = StageDefinition(
        OptionSpec("rfc-shapes", group: .stages, "string roles, entitlements, … become {\"value\": …} (RFC 7643)"),
        topic: HelpLine("--rfc-shapes", "string elements of roles, entitlements, emails, … become {\"value\": …}"),
        readme:
            "rewrites string elements of multi-valued complex attributes (`roles`, `entitlements`, `emails`, …: Genesys Cloud's model) as `{\"value\": …}`, RFC 7643's shape"
    ) { _, _ throws(UsageError) in
        RFCShapesStage()
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
