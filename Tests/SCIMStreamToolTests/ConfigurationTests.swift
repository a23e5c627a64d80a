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
