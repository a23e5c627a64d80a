import Testing
@testable import SCIMStreamTool

@Suite struct PipelineFileTests {
    @Test func parsesStageLines() throws {
        let text = """
            # migration
            --for-create
            --replace-domain example.com=example.org

            filter active eq true
            --set='title="Agent"'
              lowercase userName\r
            --filter 'userName sw "a"'
            """
        let entries = try PipelineFile.parse(text, name: "p.txt")
        #expect(entries.map(\.option) == ["for-create", "replace-domain", "filter", "set", "lowercase", "filter"])
        #expect(entries[0].value == nil)
        #expect(entries[2].value == "active eq true")
        #expect(entries[3].value == #"title="Agent""#)
        #expect(entries[4].value == "userName")
        #expect(entries[5].value == #"userName sw "a""#)
    }

    @Test func rejectsNonStageOptions() {
        #expect(throws: UsageError("p.txt:2: 'to' is not a stage option")) {
            try PipelineFile.parse("--strip meta\n--to csv", name: "p.txt")
        }
        #expect(throws: UsageError("p.txt:1: --strip needs a value")) {
            try PipelineFile.parse("--strip", name: "p.txt")
        }
    }
}
