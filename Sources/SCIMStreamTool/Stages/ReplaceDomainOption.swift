import SCIMStream

extension StageDefinition {
    /// `--replace-domain OLD=NEW`: ``ReplaceDomainStage``.
    package static let replaceDomain: StageDefinition = StageDefinition(
        OptionSpec(
            "replace-domain", value: "OLD=NEW", group: .stages,
            "move e-mail domains in userName and emails.value (case-insensitive match)"),
        topic: HelpLine("--replace-domain OLD=NEW", "e-mail domain in userName and emails.value"),
        readme: "moves e-mail addresses in `userName` and every `emails.value` to another domain (matched case-insensitively)"
    ) { value, _ throws(UsageError) in
        guard let (old, new) = value.assignment, !old.isEmpty, !new.isEmpty,
            !old.contains("@"), !new.contains("@")
        else {
            throw UsageError("--replace-domain needs OLD=NEW domains, for example --replace-domain example.com=example.org")
        }
        return ReplaceDomainStage(from: old, to: new)
    }
}
