/// The one list of stage options. A stage is added by writing its ``StageDefinition`` (one file
/// in this folder) and adding it here; the order is the order of `--help`, `--help stages`,
/// the completion scripts and README's stage table.
package enum StageRegistry {
    /// Every stage option, in help order.
    package static let all: [StageDefinition] = [
        .strip, .keep, .lowercase, .uppercase, .normalizeUsername, .set, .default, .rename,
        .replaceDomain, .filter, .forCreate, .idToExternalID, .rfcShapes, .pseudonymize, .dedupe
    ]

    /// The stage option called `name` (without dashes), or nil.
    package static func definition(named name: String) -> StageDefinition? {
        all.first { $0.name == name }
    }
}
