import Foundation
import Testing

/// Inputs that used to overflow the stack or grow without bound (issue 11, "Crashes and bounds").
@Suite struct BoundsTests {
    /// The highest `--max-depth` the tool accepts (`JSONNesting.maxDepth`).
    static let depthCeiling = 4096

    func write(_ text: String, named name: String, in dir: URL) throws -> URL {
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test func deeplyNestedFilterIsAUsageErrorNamingTheLimit() throws {
        let parens = String(repeating: "(", count: 15_000) + "userName pr" + String(repeating: ")", count: 15_000)
        let nots = String(repeating: "not (", count: 20_000) + "userName pr" + String(repeating: ")", count: 20_000)
        for text in [parens, nots] {
            let r = try CLI.run(["--filter", text], stdin: #"{"userName":"a"}"#.bytes)
            #expect(r.status == 64, "status \(r.status)")
            #expect(r.stderr.contains("256"), "\(r.stderr.prefix(300))")
        }
    }

    @Test func longFlatFilterChainsRun() throws {
        // 60,000 terms do not fit one argument (128 KiB): a pipeline file carries them.
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for keyword in ["and", "or"] {
            let chain = (0..<60_000).map { #"title ne "t\#($0)""# }.joined(separator: " \(keyword) ")
            let file = try write("filter \(chain)\n", named: "stages-\(keyword).txt", in: dir)
            let r = try CLI.run(["--pipeline", file.path], stdin: "{\"title\":\"t5\"}\n{\"title\":\"x\"}\n".bytes)
            #expect(r.status == 0, "status \(r.status): \(r.stderr.prefix(300))")
            #expect(r.lines == (keyword == "and" ? [#"{"title":"x"}"#] : [#"{"title":"t5"}"#, #"{"title":"x"}"#]))
        }
    }

    @Test func maxDepthHasACeiling() throws {
        let r = try CLI.run(["--max-depth", "100000"], stdin: #"{"userName":"a"}"#.bytes)
        #expect(r.status == 64, "status \(r.status)")
        #expect(r.stderr.contains("\(Self.depthCeiling)"), "\(r.stderr)")
        let ok = try CLI.run(["--max-depth", "\(Self.depthCeiling)"], stdin: #"{"userName":"a"}"#.bytes)
        #expect(ok.status == 0)
    }

    /// Every stage and writer that walks values, on values as deep as the ceiling allows.
    @Test(arguments: [
        ["--pseudonymize", "userName,emails,roles,name", "--key-file", "KEY"], ["--normalize-username"],
        ["--lowercase", "roles"], ["--uppercase", "name"], ["--to", "csv"], ["--to", "tsv"],
        ["--to", "csv", "--columns", "u=userName,r=roles,n=name,e=emails"], ["--to", "bulk"], ["--to", "list"],
        ["--keep", "userName,roles,name.a"], ["--strip", "emails.value"], ["--for-create"], ["--replace-domain", "a=b"],
        ["--dedupe", "roles"], ["--filter", "roles eq \"x\" or name.a pr or emails[value pr]"], ["--set", "title=1"]
    ])
    func deepValuesAtTheCeiling(options: [String]) throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = try write("secret", named: "key", in: dir)
        let n = Self.depthCeiling - 2  // the record's object and the attribute's array count too
        let deepArray = String(repeating: "[", count: n) + #""A""# + String(repeating: "]", count: n)
        let deepObject = String(repeating: #"{"a":"#, count: n) + #""A""# + String(repeating: "}", count: n)
        let input =
            [
                #"{"userName":\#(deepArray),"title":"t"}"#,
                #"{"userName":"u","roles":\#(deepArray),"emails":\#(deepArray),"name":\#(deepObject)}"#,
                #"{"userName":"u","roles":[\#(deepObject)],"emails":[\#(deepObject)]}"#
            ].joined(separator: "\n") + "\n"
        let file = try write(input, named: "deep.ndjson", in: dir)
        let arguments = options.map { $0 == "KEY" ? key.path : $0 }
        for threads in ["1", "2"] {
            let r = try CLI.run(["--max-depth", "\(Self.depthCeiling)", "--threads", threads] + arguments + [file.path])
            #expect(r.status == 0, "\(arguments) threads \(threads): status \(r.status) \(r.stderr.prefix(300))")
        }
    }
}
