import Foundation
import Testing
@testable import SCIMStream
@testable import SCIMStreamTool

/// The command line parsed in-process into a configuration.
@Suite struct ConfigurationTests {
    @Test func threadsAreCappedAtAMultipleOfTheCores() throws {
        let config = try CommandLineInterface.parse(["--threads", "1000"])
        guard case .run(let tool) = config else { Issue.record("not a run: \(config)"); return }
        #expect(tool.threads == ParallelRun.maxThreads)
    }

    @Test func emitDDLPrintsTheTableOfTheColumnsGiven() throws {
        guard case .emitDDL(let dialect, let csv) = try CommandLineInterface.parse(["--emit-ddl", "duckdb", "--columns", "userName,active"])
        else {
            Issue.record("not --emit-ddl")
            return
        }
        #expect(dialect == .duckdb)
        #expect(csv.columns.map(\.header) == ["userName", "active"])
    }
}

/// `--columns-preset` on the command line.
@Suite struct ColumnPresetOptionTests {
    @Test func aPresetChoosesTheColumns() throws {
        guard case .run(let tool) = try CommandLineInterface.parse(["--to", "csv", "--columns-preset", "minimal"]) else {
            Issue.record("not a run")
            return
        }
        #expect(tool.csv.columns == CSVColumnPreset.minimal.columns)
    }

    @Test func twoOptionsChoosingTheColumnsAreAUsageError() {
        #expect(throws: UsageError.self) {
            try CommandLineInterface.parse(["--to", "csv", "--columns-preset", "rfc", "--columns", "id"])
        }
        #expect(throws: UsageError.self) { try CommandLineInterface.parse(["--to", "csv", "--columns-preset", "nope"]) }
    }
}

/// Paths naming no known attribute: warnings, or usage errors with `--strict-paths`.
@Suite struct PathWarningTests {
    func warnings(_ arguments: [String]) throws -> [String] {
        var warnings: [String] = []
        _ = try CommandLineInterface.parse(arguments, warnings: &warnings)
        return warnings
    }

    @Test func everyOptionThatTakesAPathIsChecked() throws {
        let cases: [([String], String)] = [
            (["--to", "csv", "--columns", "id,usrName"], "--columns"), (["--keep", "usrName"], "--keep"),
            (["--strip", "usrName"], "--strip"), (["--filter", #"usrName eq "x""#], "--filter"),
            (["--lowercase", "usrName"], "--lowercase"), (["--emit-ddl", "duckdb", "--columns", "usrName"], "--columns")
        ]
        for (arguments, option) in cases {
            #expect(try warnings(arguments) == ["\(option): 'usrName' names no attribute of the known schemas (did you mean userName?)"])
            #expect(throws: UsageError.self) { try warnings(arguments + ["--strict-paths"]) }
        }
        #expect(try warnings(["--keep", "userName", "--to", "csv", "--columns-preset", "rfc"]).isEmpty)
        #expect(try warnings(["--keep", "usrName", "--quiet"]).isEmpty)
    }
}

/// `--to parquet` takes the column options and `--row-group-size`, not the CSV text options.
@Suite struct ParquetOptionTests {
    @Test func parquetReadsTheColumnOptions() throws {
        let arguments = ["--to", "parquet", "-o", "x.parquet", "--columns-preset", "rfc", "--header-case", "snake", "--row-group-size", "8M"]
        guard case .run(let tool) = try CommandLineInterface.parse(arguments) else {
            Issue.record("not a run")
            return
        }
        #expect(tool.csv.columns == CSVColumnPreset.rfc.columns)
        #expect(tool.rowGroupBytes == 8 << 20)
        #expect(tool.writer.name == "parquet")
    }

    @Test func tablesNeedDistinctNamesAndRowGroupsOfAMegabyte() {
        #expect(throws: UsageError.self) { try CommandLineInterface.parse(["--to", "parquet", "-o", "x", "--columns", "id,id"]) }
        #expect(throws: UsageError.self) {
            try CommandLineInterface.parse(["--emit-ddl", "postgres", "--columns", "userName,user_name=id", "--header-case", "snake"])
        }
        #expect(throws: UsageError("--row-group-size is at least 1M (got 1)")) {
            try CommandLineInterface.parse(["--to", "parquet", "-o", "x", "--row-group-size", "1"])
        }
        // CSV may repeat a header.
        #expect(throws: Never.self) { try CommandLineInterface.parse(["--to", "csv", "--columns", "id,id"]) }
    }

    @Test func aRenameTargetIsANewNameAndPairsAreChecked() throws {
        var warnings: [String] = []
        _ = try CommandLineInterface.parse(["--rename", "title=jobTitle", "--strict-paths"], warnings: &warnings)
        #expect(warnings.isEmpty)
        let pair = "s=\(SCIMSchema.genesysUser):routingSkills{nme:proficiency}"
        _ = try CommandLineInterface.parse(["--to", "csv", "--columns", pair], warnings: &warnings)
        #expect(warnings.count == 1 && warnings[0].contains("routingSkills.nme") && warnings[0].contains("routingSkills.name?"))
        #expect(throws: UsageError.self) { try CommandLineInterface.parse(["--to", "csv", "--columns", "roles.value{a:b}"]) }
        #expect(throws: UsageError.self) { try CommandLineInterface.parse(["--to", "csv", "--columns", "roles{a}"]) }
    }

    @Test func optionsOfOtherFormatsAreUsageErrors() {
        #expect(throws: UsageError("--no-header applies to --to csv or --to tsv")) {
            try CommandLineInterface.parse(["--to", "parquet", "-o", "x.parquet", "--no-header"])
        }
        #expect(throws: UsageError("--row-group-size applies to --to parquet")) {
            try CommandLineInterface.parse(["--to", "csv", "--row-group-size", "8M"])
        }
        #expect(throws: UsageError("--columns applies to --to csv or --to tsv or --to parquet")) {
            try CommandLineInterface.parse(["--columns", "id"])
        }
    }
}

/// Unknown options and help topics get advice (issue 17).
@Suite struct SuggestionTests {
    func message(_ arguments: [String]) -> String? {
        do {
            _ = try CommandLineInterface.parse(arguments)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func spellingsFromOtherToolsGetAdvice() {
        let cases: [([String], String)] = [
            (["-v"], "--version prints the version"), (["-V"], "use --version"), (["-n", "5"], "| head -n N"),
            (["--format", "csv"], "use --to FORMAT"), (["--output-format", "csv"], "use --to FORMAT"),
            (["--input-format", "list"], "use --from FORMAT"), (["--header"], "--no-header leaves it out"),
            (["--select", "id"], "use --keep"), (["-j", "2"], "use --threads N")
        ]
        for (arguments, advice) in cases {
            #expect(message(arguments)?.contains(advice) == true, "\(arguments)")
            #expect(message(arguments)?.contains("did you mean '--to'") == false, "\(arguments)")
        }
    }

    @Test func typosGetTheNearestOptionAndOneLetterOptionsNone() {
        #expect(message(["--fliter", "x"]) == "unknown option '--fliter'; did you mean '--filter'?")
        #expect(message(["--columsn", "id"]) == "unknown option '--columsn'; did you mean '--columns'?")
        #expect(message(["-x"]) == "unknown option '-x' (see scimstream --help)")
    }

    @Test func helpTopicsUnderTheNamesPeopleGuess() {
        #expect(HelpTopicAliases.topic(for: "filters", among: HelpText.topicNames) == "filter")
        #expect(HelpTopicAliases.topic(for: "CSV", among: HelpText.topicNames) == "columns")
        #expect(HelpTopicAliases.topic(for: "parquet", among: HelpText.topicNames) == "columns")
        #expect(HelpTopicAliases.topic(for: "stges", among: HelpText.topicNames) == "stages")
        #expect(HelpTopicAliases.topic(for: "zebra", among: HelpText.topicNames) == nil)
    }
}

/// `--config FILE` and `SCIMSTREAM_*` variables (issue 17): layers, each later one winning.
@Suite struct JobFileTests {
    func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("job-\(UUID().uuidString).conf").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> ToolConfiguration {
        var warnings: [String] = []
        guard case .run(let tool) = try CommandLineInterface.parse(arguments, warnings: &warnings, environment: { environment[$0] })
        else {
            throw UsageError("not a run")
        }
        return tool
    }

    @Test func aJobFileHoldsAnyOptionAndItsInputs() throws {
        let path = try file("# export\ninput users.ndjson\n--to csv\ncolumns-preset minimal\nnormalize-username\nthreads=2\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let tool = try run(["--config", path])
        #expect(tool.inputs == [.file("users.ndjson")])
        #expect(tool.writer.name == "csv")
        #expect(tool.csv.columns == CSVColumnPreset.minimal.columns)
        #expect(tool.stages.count == 1)
        #expect(tool.threads == 2)
        // The command line wins: its inputs, its columns (no conflict with the file's preset), its threads.
        let mine = try run(["--config", path, "other.ndjson", "--columns", "id", "--threads", "1"])
        #expect(mine.inputs == [.file("other.ndjson")])
        #expect(mine.csv.columns.map(\.header) == ["id"])
        #expect(mine.threads == 1)
        // $SCIMSTREAM_CONFIG stands for --config.
        #expect(try run([], environment: ["SCIMSTREAM_CONFIG": path]).writer.name == "csv")
    }

    @Test func environmentVariablesComeFirstAndNameThemselvesInErrors() throws {
        let tool = try run(["x.ndjson"], environment: ["SCIMSTREAM_THREADS": "3", "SCIMSTREAM_MAX_DEPTH": "64"])
        #expect(tool.threads == 3)
        #expect(tool.readerOptions.maxDepth == 64)
        #expect(try run(["x.ndjson", "--threads", "1"], environment: ["SCIMSTREAM_THREADS": "3"]).threads == 1)
        #expect(throws: UsageError("SCIMSTREAM_THREADS: invalid value 'x' for --threads; expected a positive integer")) {
            try run(["x.ndjson"], environment: ["SCIMSTREAM_THREADS": "x"])
        }
        // Every documented variable that stands for an option names a real one.
        for variable in EnvironmentOptions.documented {
            guard let option = variable.option else { continue }
            #expect(OptionTable.entries.contains { $0.spec.long == option }, "\(variable.name)")
        }
    }

    @Test func aKeyFileFromTheEnvironmentIsReadOnlyToPseudonymize() throws {
        #expect(throws: Never.self) { try run(["x.ndjson"], environment: ["SCIMSTREAM_KEY_FILE": "/nonexistent/key"]) }
        #expect(throws: UsageError.self) {
            try run(["x.ndjson", "--pseudonymize", "userName"], environment: ["SCIMSTREAM_KEY_FILE": "/nonexistent/key"])
        }
    }

    @Test func jobFilesRefuseWhatDoesNotRun() throws {
        let path = try file("version\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: UsageError("\(path):1: 'version' is not an option a job file may hold")) { try run(["--config", path]) }
        #expect(throws: UsageError.self) { try run(["--config", "/nonexistent/job.conf"]) }
    }
}
