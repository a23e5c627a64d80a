package import SCIMStream

/// Collects the paths of a command line that name no known attribute (``PathCheck``): warnings,
/// or with `--strict-paths` a usage error at the first.
///
/// A class so every ``StageValue`` of one command line adds to the same report; `@unchecked
/// Sendable` because it is used only while the command line is read, on one thread.
package final class PathReport: @unchecked Sendable {
    /// `--strict-paths`: an unknown path is a usage error.
    package var strict = false
    /// The warnings so far, each naming its option.
    package private(set) var warnings: [String] = []

    /// An empty report.
    package init() {}

    /// Checks one path given to `--option`.
    ///
    /// - Throws: ``UsageError`` when strict and the path names no known attribute.
    package func check(_ path: AttributePath, option: String) throws(UsageError) {
        if let unknown = PathCheck.unknown(in: path) { try report(unknown, option: option) }
    }

    /// Checks every path of a filter given to `--option`.
    ///
    /// - Throws: ``UsageError`` when strict and a path names no known attribute.
    package func check(_ filter: FilterExpression, option: String) throws(UsageError) {
        for unknown in PathCheck.unknown(in: filter) { try report(unknown, option: option) }
    }

    private func report(_ unknown: PathCheck.Unknown, option: String) throws(UsageError) {
        if strict {
            throw UsageError("--\(option): \(unknown) (--strict-paths)")
        }
        let text = "--\(option): \(unknown)"
        if !warnings.contains(text) { warnings.append(text) }
    }
}
