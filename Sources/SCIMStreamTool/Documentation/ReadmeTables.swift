/// README's stage and output-format tables, generated from ``StageRegistry`` and
/// ``WriterRegistry``. README holds them between marker comments; `GeneratedFilesTests`
/// fails (printing the expected text) when they differ, and rewrites them with
/// `SCIMSTREAM_REGENERATE=1 swift test --filter GeneratedFilesTests`.
package enum ReadmeTables {
    /// A generated part of README: its markers and its text.
    package struct Section: Sendable {
        /// The line before the generated text.
        package let begin: String
        /// The line after the generated text.
        package let end: String
        /// The generated text (whole lines, each ending in a newline).
        package let text: String
    }

    /// Every generated section.
    package static var sections: [Section] {
        [
            Section(begin: "<!-- stages:begin -->", end: "<!-- stages:end -->", text: stages),
            Section(begin: "<!-- writers:begin -->", end: "<!-- writers:end -->", text: writers),
            Section(begin: "<!-- environment:begin -->", end: "<!-- environment:end -->", text: environment)
        ]
    }

    /// The stage table: one row per registered stage (with its companions), then `--pipeline`
    /// and `--keep-password`.
    package static var stages: String {
        var rows = StageRegistry.all.map { definition in
            let synopsis = ([definition.spec] + definition.companions.map(\.spec)).map(synopsis).joined(separator: " ")
            return (synopsis, definition.readme)
        }
        rows.append((synopsis(ToolOption.pipeline.spec), "reads stage options from a file, one per line, `#` comments"))
        rows.append(
            (
                synopsis(ToolOption.keepPassword.spec),
                "writes `password` (stripped by default, in any letter case or escaped spelling)"
            ))
        return table(header: "| option | does |", rows.map { "`\($0.0)`" }, rows.map(\.1))
    }

    /// The environment variables (``EnvironmentOptions/documented``).
    package static var environment: String {
        let variables = EnvironmentOptions.documented
        return table(header: "| variable | stands for |", variables.map { "`\($0.name)`" }, variables.map(\.summary))
    }

    /// The output-format table of `--to`, the default first marked.
    package static var writers: String {
        let names = WriterRegistry.all.map { "`\($0.name)`" + ($0 == WriterRegistry.standard ? " (default)" : "") }
        return table(header: "| value | writes |", names, WriterRegistry.all.map(\.readme))
    }

    /// `readme` with every section's text between its markers replaced by the generated text;
    /// nil when a marker is missing.
    package static func updating(_ readme: String) -> String? {
        var text = readme
        for section in sections {
            guard let begin = text.firstRange(of: section.begin + "\n"),
                let end = text[begin.upperBound...].firstRange(of: section.end)
            else { return nil }
            text.replaceSubrange(begin.upperBound..<end.lowerBound, with: section.text)
        }
        return text
    }

    /// `--strip PATH[,PATH…]`: the option as README writes it.
    private static func synopsis(_ spec: OptionSpec) -> String {
        "--\(spec.long)" + (spec.valueName.map { " \($0)" } ?? "")
    }

    /// A two-column Markdown table.
    private static func table(header: String, _ left: [String], _ right: [String]) -> String {
        var text = header + "\n|---|---|\n"
        for (l, r) in zip(left, right) { text += "| \(l) | \(r) |\n" }
        return text
    }
}
