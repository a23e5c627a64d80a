import SCIMJSON
import SCIMStream

extension StageDefinition {
    /// `--set PATH=JSON`: ``SetStage``.
    package static let set: StageDefinition = StageDefinition(
        OptionSpec(
            "set", value: "PATH=JSON", group: .stages,
            "set or add a value: --set 'active=true' --set 'title=\"Agent\"'"),
        topic: HelpLine("--set PATH=JSON", "set or add (missing parents and extension objects created)"),
        readme: "sets a value, creating missing parents and extension objects"
    ) { value, _ throws(UsageError) in
        try setStage(value, onlyWhereAbsent: false)
    }

    /// `--default PATH=JSON`: ``SetStage`` only where the value is absent or null.
    package static let `default`: StageDefinition = StageDefinition(
        OptionSpec("default", value: "PATH=JSON", group: .stages, "set a value only where absent or null"),
        topic: HelpLine("--default PATH=JSON", "only where absent or null"),
        readme: "sets a value only where it is absent or null"
    ) { value, _ throws(UsageError) in
        try setStage(value, onlyWhereAbsent: true)
    }

    /// The stage of `--set` or `--default`: `PATH=JSON`, with a hint to quote a string.
    private static func setStage(_ value: StageValue, onlyWhereAbsent: Bool) throws(UsageError) -> SetStage {
        let option = value.option
        guard let (target, json) = value.assignment else {
            throw UsageError("--\(option) needs PATH=JSON, for example --\(option) 'title=\"Agent\"'")
        }
        let parsed: JSONValue
        do {
            parsed = try JSONValue(parsing: json)
        } catch {
            throw UsageError("--\(option) \(target)=…: the value is not JSON (\(error.message)); quote strings: --\(option) '\(target)=\"\(json)\"'")
        }
        return SetStage(try value.path(target), to: parsed, onlyWhereAbsent: onlyWhereAbsent)
    }
}
