import Foundation
import Testing
@testable import SCIMStreamTool

/// Files generated from the registries and committed: README's stage and format tables and the
/// completion scripts. Each test fails with the expected text; with `SCIMSTREAM_REGENERATE=1`
/// it writes the files instead (review the diff, then commit):
///
///     SCIMSTREAM_REGENERATE=1 swift test --filter GeneratedFilesTests
@Suite(.serialized) struct GeneratedFilesTests {
    /// The repository root.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// Rewrite the files instead of failing.
    static let regenerate = ProcessInfo.processInfo.environment["SCIMSTREAM_REGENERATE"] == "1"

    @Test func readmeTablesMatchTheRegistries() throws {
        let url = Self.root.appendingPathComponent("README.md")
        let readme = try String(contentsOf: url, encoding: .utf8)
        let updated = try #require(ReadmeTables.updating(readme), "README.md lacks a generated section's markers")
        guard updated != readme else { return }
        if Self.regenerate {
            try updated.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = ReadmeTables.sections.map { "\($0.begin)\n\($0.text)\($0.end)" }.joined(separator: "\n\n")
        Issue.record(
            """
            README.md's generated tables differ from the registries. Regenerate with
              SCIMSTREAM_REGENERATE=1 swift test --filter GeneratedFilesTests
            or paste:
            \(expected)
            """)
    }

    @Test func everyDefinitionInTheSourcesIsRegistered() throws {
        for (folder, pattern, registered) in [
            ("Stages", #/StageDefinition\(\s*OptionSpec\(\s*"([^"]+)"/#, StageRegistry.all.map(\.name)),
            ("Writers", #/WriterDefinition\(\s*"([^"]+)"/#, WriterRegistry.all.map(\.name))
        ] {
            let directory = Self.root.appendingPathComponent("Sources/SCIMStreamTool/\(folder)")
            var defined: [String] = []
            for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) where file.hasSuffix(".swift") {
                let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
                defined += text.matches(of: pattern).map { String($0.output.1) }
            }
            #expect(defined.sorted() == registered.sorted(), "a definition in Sources/SCIMStreamTool/\(folder) is not registered")
        }
    }

    @Test func committedCompletionsAndManPageMatchTheOptionTable() throws {
        var files = [(Completions.Shell.bash, "scimstream.bash"), (.zsh, "_scimstream"), (.fish, "scimstream.fish")].map {
            (path: "Sources/scimstream/completions/\($0.1)", text: Completions.script(for: $0.0), command: "--completion \($0.0.rawValue)")
        }
        files.append((path: "Sources/scimstream/man/scimstream.1", text: ManPage.text, command: "--man-page"))
        for file in files {
            let url = Self.root.appendingPathComponent(file.path)
            let committed = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
            guard file.text != committed else { continue }
            if Self.regenerate {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try file.text.write(to: url, atomically: true, encoding: .utf8)
            } else {
                Issue.record("\(file.path) is out of date: swift run scimstream \(file.command) > \(file.path)")
            }
        }
    }

    @Test func theVersionIsTheChangelogsLatest() throws {
        let changelog = try String(contentsOf: Self.root.appendingPathComponent("CHANGELOG.md"), encoding: .utf8)
        let latest = changelog.split(separator: "\n").first { $0.hasPrefix("## ") }
        #expect(latest?.hasPrefix("## \(CommandLineInterface.version)") == true, "CHANGELOG.md's latest entry is not --version's")
    }

    @Test func helpTextKeepsWithin80Columns() {
        let texts = [("--help", HelpText.main)] + HelpText.topicNames.map { ("--help \($0)", HelpText.topic($0) ?? "") }
        for (name, text) in texts {
            for line in text.split(separator: "\n") where line.count > 80 {
                Issue.record("\(name): a line of \(line.count) columns: \(line)")
            }
        }
    }
}
