/// The one list of output formats. A format is added by writing its ``WriterDefinition`` (one
/// file in this folder) and adding it here; the order is the order of `--help`, the `--to`
/// error message, the completion scripts and README's format table.
package enum WriterRegistry {
    /// Every output format of `--to`.
    package static let all: [WriterDefinition] = [.ndjson, .csv, .tsv, .parquet, .bulk, .list, .scim]

    /// The format without `--to`.
    package static let standard: WriterDefinition = .ndjson

    /// The format named `name`, in any letter case, or nil.
    package static func definition(named name: String) -> WriterDefinition? {
        all.first { $0.name.lowercased() == name.lowercased() }
    }

    /// `ndjson, csv, tsv, bulk or list`, for help.
    package static var formatList: String {
        let names = all.map(\.name)
        guard names.count > 1 else { return names.joined() }
        return names.dropLast().joined(separator: ", ") + " or " + names[names.count - 1]
    }

    /// `--to csv or --to tsv`: the formats that read `settings`, for "applies to" errors.
    package static func formats(reading settings: WriterSettings) -> String {
        all.filter { $0.settings == settings }.map { "--to \($0.name)" }.joined(separator: " or ")
    }
}
