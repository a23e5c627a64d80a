/// One option of the command line: a stage from ``StageRegistry`` or one of the ``ToolOption``s.
package enum CommandOption: Sendable, Equatable {
    /// Adds a stage (`--strip`, `--filter`, …).
    case stage(StageDefinition)
    /// Anything else (`--to`, `--key-file`, `--help`, …).
    case tool(ToolOption)
    /// A live-service option (`--page-size`, `--results`, …).
    case service(ServiceOption)

    /// The option's spelling, value, help line and completion.
    package var spec: OptionSpec {
        switch self {
        case .stage(let definition): definition.spec
        case .tool(let option): option.spec
        case .service(let option): option.spec
        }
    }
}

/// Every option of `scimstream`, in `--help` order, derived from ``StageRegistry`` and
/// ``ToolOption``: help, completions, parsing and `--pipeline` files all read it.
package enum OptionTable {
    /// The options by group: each group's tool options in declaration order, the stages group
    /// starting with the registered stages, each followed by its companions (`--key-file`).
    package static let entries: [CommandOption] = {
        let companions = Set(StageRegistry.all.flatMap(\.companions))
        let groups = ToolOption.allCases.map { ($0, $0.spec.group) }  // each spec built once
        var entries: [CommandOption] = []
        for group in OptionGroup.allCases {
            if group == .stages {
                for definition in StageRegistry.all {
                    entries.append(.stage(definition))
                    entries += definition.companions.map(CommandOption.tool)
                }
            }
            entries +=
                groups
                .filter { !companions.contains($0.0) && $0.1 == group }
                .map { CommandOption.tool($0.0) }
            if group == .service { entries += ServiceOption.allCases.map(CommandOption.service) }
        }
        return entries
    }()

    /// The specs of ``entries``, in the same order.
    package static let all: [OptionSpec] = entries.map(\.spec)
}
