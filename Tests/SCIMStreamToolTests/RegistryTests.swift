import Testing
@testable import SCIMStream
@testable import SCIMStreamTool

/// Every registered stage and writer reaches every place derived from the registries.
@Suite struct RegistryTests {
    /// `--help` lines, `--help stages`, both completion scripts.
    static let help = HelpText.main
    static let stagesTopic = HelpText.topic("stages") ?? ""
    static let scripts = Completions.Shell.allCases.map { Completions.script(for: $0) }

    @Test func stageNamesAreUniqueAndNoOptionIsListedTwice() {
        let stageNames = StageRegistry.all.map(\.name)
        #expect(Set(stageNames).count == stageNames.count, "two stage definitions share a name: \(stageNames)")
        let names = OptionTable.all.map(\.long)
        #expect(Set(names).count == names.count, "an option is listed twice: \(names)")
        let shorts = OptionTable.all.compactMap(\.short)
        #expect(Set(shorts).count == shorts.count)
        for name in stageNames {
            #expect(ToolOption(rawValue: name) == nil, "--\(name) is both a stage and a tool option")
        }
    }

    @Test func everyStageIsInTheTableHelpTopicCompletionsAndPipelineFiles() throws {
        let stageEntries = OptionTable.entries.compactMap { entry -> StageDefinition? in
            if case .stage(let definition) = entry { return definition }
            return nil
        }
        #expect(stageEntries == StageRegistry.all)
        for definition in StageRegistry.all {
            let name = definition.name
            #expect(definition.spec.group == .stages, "--\(name) is not in the stages group")
            let listed = ["\n  " + definition.spec.synopsis + " ", "\n  " + definition.spec.synopsis + "\n"]
            #expect(listed.contains { Self.help.contains($0) }, "--help lacks --\(name)")
            #expect(Self.mentions(Self.stagesTopic, name), "--help stages names no --\(name)")
            for script in Self.scripts {
                // fish names long options as `-l NAME`.
                #expect(Self.mentions(script, name) || script.contains(" -l \(name) "), "a completion script lacks --\(name)")
            }
            let line = "--\(name)" + (definition.spec.takesValue ? " userName" : "")
            let entries = try PipelineFile.parse(line, name: "p")
            #expect(entries == [PipelineFile.Entry(command: .stage(definition), value: definition.spec.takesValue ? "userName" : nil)])
            #expect(PipelineFile.allowed.contains(.stage(definition)))
            #expect(!definition.readme.isEmpty && !definition.readme.contains("\n") && !definition.readme.contains("|"))
        }
    }

    @Test func everyToolOptionIsInTheTableOnce() {
        for option in ToolOption.allCases {
            #expect(OptionTable.entries.filter { $0 == .tool(option) }.count == 1, "--\(option.rawValue)")
            #expect(option.spec.long == option.rawValue)
        }
        for option in ServiceOption.allCases {
            #expect(OptionTable.entries.filter { $0 == .service(option) }.count == 1, "--\(option.rawValue)")
            #expect(option.spec.long == option.rawValue)
        }
        #expect(OptionTable.entries.count == StageRegistry.all.count + ToolOption.allCases.count + ServiceOption.allCases.count)
    }

    @Test func companionsFollowTheirStage() throws {
        let specs = OptionTable.all.map(\.long)
        for definition in StageRegistry.all where !definition.companions.isEmpty {
            let index = try #require(specs.firstIndex(of: definition.name))
            #expect(Array(specs[(index + 1)...].prefix(definition.companions.count)) == definition.companions.map(\.rawValue))
        }
    }

    @Test func pipelineFilesRefuseToolOptionsButKeepPasswordAndStrictPaths() throws {
        for option in ToolOption.allCases where !option.isAllowedInPipelineFile {
            #expect(throws: UsageError("p:1: '\(option.rawValue)' is not a stage option")) {
                try PipelineFile.parse("--\(option.rawValue) x", name: "p")
            }
        }
        #expect(try PipelineFile.parse("keep-password", name: "p") == [PipelineFile.Entry(command: .tool(.keepPassword), value: nil)])
        #expect(try PipelineFile.parse("strict-paths", name: "p") == [PipelineFile.Entry(command: .tool(.strictPaths), value: nil)])
        #expect(ToolOption.allCases.filter(\.isAllowedInPipelineFile) == [.keepPassword, .strictPaths])
    }

    @Test func writersAreUniqueAndDeriveTheToOption() throws {
        let names = WriterRegistry.all.map(\.name)
        #expect(Set(names.map { $0.lowercased() }).count == names.count)
        #expect(ToolOption.to.spec.completion == .words(names))
        #expect(ToolOption.to.spec.summary == "output format: ndjson, csv, tsv, parquet, bulk, list or scim")
        #expect(WriterRegistry.formats(reading: .csv) == "--to csv or --to tsv")
        for writer in WriterRegistry.all {
            let target = writer == .scim ? ["-o", "https://target.example/scim/v2"] : []
            guard case .run(let config) = try CommandLineInterface.parse(["--to", writer.name.uppercased()] + target) else {
                Issue.record("--to \(writer.name) did not make a run")
                continue
            }
            #expect(config.writer == writer)
            #expect(!writer.readme.isEmpty && !writer.readme.contains("\n") && !writer.readme.contains("|"))
        }
        #expect(throws: UsageError("invalid value 'xml' for --to; expected one of: \(names.joined(separator: ", "))")) {
            try CommandLineInterface.parse(["--to", "xml"])
        }
    }

    @Test func stagesAreBuiltInOrderWithTheirContext() throws {
        let key = "k"
        guard
            case .run(let config) = try CommandLineInterface.parse(
                ["--id-to-external-id", "--strip", "meta", "--for-create", "--normalize-username", "--pipeline", "/dev/null"]
            )
        else { Issue.record("not a run"); return }
        // --id-to-external-id folds into --for-create.
        #expect(config.stages.map(\.name) == ["strip", "for-create", "lowercase"])
        #expect(throws: UsageError("--pseudonymize needs --key-file FILE holding the secret key")) {
            try CommandLineInterface.parse(["--pseudonymize", key])
        }
    }

    /// `text` names `--name` as a whole option (not as the prefix of a longer one).
    static func mentions(_ text: String, _ name: String) -> Bool {
        var rest = Substring(text)
        while let range = rest.firstRange(of: "--" + name) {
            let next = rest[range.upperBound...].first
            if next == nil || !(next!.isLetter || next! == "-") { return true }
            rest = rest[range.upperBound...]
        }
        return false
    }
}
