package import SCIMStream

/// The value given to a stage option, with parsers that phrase errors with the option's name.
package struct StageValue: Sendable {
    /// The option's name without dashes: `strip`.
    package let option: String
    /// The value as written; empty for a flag.
    package let text: String
    /// Where paths naming no known attribute are reported (nil: not checked).
    package let pathReport: PathReport?

    /// A value of `--option`.
    package init(option: String, text: String, paths: PathReport? = nil) {
        self.option = option
        self.text = text
        self.pathReport = paths
    }

    /// The value as one attribute path.
    package func path() throws(UsageError) -> AttributePath { try path(text) }

    /// `text` as an attribute path (surrounding spaces ignored).
    ///
    /// - Throws: ``UsageError`` `invalid path for --OPTION: …` with the column, or for a path
    ///   naming no known attribute under `--strict-paths`.
    package func path(_ text: String) throws(UsageError) -> AttributePath {
        let path: AttributePath
        do {
            path = try AttributePath(parsing: text.trimmingSpaces)
        } catch {
            throw UsageError("invalid path for --\(option): \(error)")
        }
        try pathReport?.check(path, option: option)
        return path
    }

    /// The value as a SCIM filter, its paths checked.
    ///
    /// - Throws: ``UsageError`` `invalid filter for --OPTION: …` with the column, or for a path
    ///   naming no known attribute under `--strict-paths`.
    package func filter() throws(UsageError) -> CompiledFilter {
        let expression: FilterExpression
        do {
            expression = try FilterExpression(parsing: text)
        } catch {
            throw UsageError("invalid filter for --\(option): \(error)")
        }
        try pathReport?.check(expression, option: option)
        return CompiledFilter(expression)
    }

    /// The value as a comma-separated list of paths (commas in brackets and quotes belong to a path).
    package func paths() throws(UsageError) -> [AttributePath] {
        let parts = StringValues.splitList(text)
        guard !parts.isEmpty else { throw UsageError("--\(option) needs at least one attribute path") }
        var out: [AttributePath] = []
        for part in parts { out.append(try path(part)) }
        return out
    }

    /// `LEFT=RIGHT` split at the first `=` outside brackets and quotes, or nil without one.
    package var assignment: (left: String, right: String)? {
        StringValues.splitAssignment(text).map { (left: $0.0, right: $0.1) }
    }
}
