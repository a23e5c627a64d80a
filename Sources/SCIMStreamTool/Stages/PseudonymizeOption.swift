import SCIMStream

extension StageDefinition {
    /// `--pseudonymize PATH[,PATH…]`: ``PseudonymizeStage`` under the key of `--key-file`.
    package static let pseudonymize: StageDefinition = StageDefinition(
        OptionSpec(
            "pseudonymize", value: "PATH[,PATH…]", group: .stages,
            "replace values with hex HMAC-SHA256 under --key-file"),
        companions: [.keyFile],
        topic: HelpLine("--pseudonymize PATH,…", "hex HMAC-SHA256 under --key-file FILE"),
        readme: "replaces values with hex HMAC-SHA256 under the key (stable across runs, so joins still work)"
    ) { value, context throws(UsageError) in
        guard let key = context.key else {
            throw UsageError("--pseudonymize needs --key-file FILE holding the secret key")
        }
        return PseudonymizeStage(try value.paths(), key: key)
    }
}
