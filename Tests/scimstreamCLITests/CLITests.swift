import Foundation
import Testing
import SCIMSampleData

/// The command line, run as a user runs it: the built binary, real files, real pipes.
@Suite struct CLITests {
    @Test func stdinToNDJSONStripsPasswords() throws {
        let input = #"{"userName":"a","Password":"secret","x":1}"# + "\n" + #"{"userName":"b"}"#
        let r = try CLI.run([], stdin: input.bytes)
        #expect(r.status == 0)
        #expect(r.lines == [#"{"userName":"a","x":1}"#, #"{"userName":"b"}"#])
        #expect(!r.out.contains("secret"))
        #expect(r.stderr.isEmpty)
    }

    @Test func keepPasswordKeepsIt() throws {
        let r = try CLI.run(["--keep-password"], stdin: #"{"password":"secret"}"#.bytes)
        #expect(r.lines == [#"{"password":"secret"}"#])
    }

    @Test func severalFilesInOrderWithStdinAsDash() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.json")
        let b = dir.appendingPathComponent("b.json")
        try Data(#"{"Resources":[{"id":"1"},{"id":"2"}],"totalResults":2}"#.utf8).write(to: a)
        try Data(#"[{"id":"4"}]"#.utf8).write(to: b)
        let r = try CLI.run([a.path, "-", b.path], stdin: #"{"id":"3"}"#.bytes)
        #expect(r.status == 0)
        #expect(r.lines == ["1", "2", "3", "4"].map { #"{"id":"\#($0)"}"# })
    }

    @Test func badInputExits65WithFileLineColumnAndKeepsGoodRecords() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("users.ndjson")
        try Data("{\"id\":\"1\"}\n{\"id\":\"2\"}\n{\"id\": 3,, }\n{\"id\":\"4\"}\n".utf8).write(to: file)
        let r = try CLI.run([file.path])
        #expect(r.status == 65)
        #expect(r.lines == [#"{"id":"1"}"#, #"{"id":"2"}"#])
        #expect(r.stderr == "\(file.path):3:10: error: unexpected character ',', expected a string key (record 3)\n")
    }

    @Test func usageErrorsExit64WithUsageLine() throws {
        let r = try CLI.run(["--frm", "list"])
        #expect(r.status == 64)
        #expect(r.stderr.hasPrefix("Error: unknown option '--frm'; did you mean '--from'?\nUsage: scimstream"))
        let bad = try CLI.run(["--from", "xml"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("invalid value 'xml' for --from; expected one of: auto, ndjson, list, array"))
    }

    @Test func missingFileExits66AndDirectoryIsAnError() throws {
        let r = try CLI.run(["/nonexistent/users.json"])
        #expect(r.status == 66)
        #expect(r.stderr == "error: /nonexistent/users.json: cannot open: No such file or directory\n")
        let d = try CLI.run(["/tmp"])
        #expect(d.status == 66)
        #expect(d.stderr.contains("/tmp: cannot read: Is a directory"))
    }

    @Test func outputFileIsWrittenAtomically() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.ndjson")
        try Data("previous content\n".utf8).write(to: out)
        // A failing run leaves the old file alone and no temporary file behind.
        let failed = try CLI.run(["-o", out.path], stdin: "{\"id\":1}\n{oops".bytes)
        #expect(failed.status == 65)
        #expect(try String(contentsOf: out, encoding: .utf8) == "previous content\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.ndjson"])
        let ok = try CLI.run(["-o", out.path], stdin: "{\"id\":1}".bytes)
        #expect(ok.status == 0 && ok.stdout.isEmpty)
        #expect(try String(contentsOf: out, encoding: .utf8) == "{\"id\":1}\n")
        let unwritable = try CLI.run(["-o", "/nonexistent/dir/out.ndjson"], stdin: "{}".bytes)
        #expect(unwritable.status == 74)
        #expect(unwritable.stderr.contains("/nonexistent/dir/out.ndjson: cannot create: No such file or directory"))
    }

    @Test func helpAndVersion() throws {
        let help = try CLI.run(["--help"])
        #expect(help.status == 0)
        for group in ["Input:", "Stages", "Output:", "Reporting:", "Examples:"] {
            #expect(help.out.contains(group), "help lacks \(group)")
        }
        #expect(try CLI.run(["--help", "input"]).out.contains("ListResponse"))
        #expect(try CLI.run(["--help", "nonsense"]).status == 64)
        let version = try CLI.run(["--version"])
        #expect(version.status == 0 && version.out.hasPrefix("scimstream "))
    }

    @Test func aReaderThatStopsEarlyIsAQuietStop() throws {
        let r = try CLI.shell("scimstream-gen 20000 | scimstream | head -n 3")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines.count == 3)
        #expect(r.stderr.isEmpty)
    }

    @Test func samplesBothShapesGiveTheSameUsers() throws {
        let ndjson = SampleUsers.ndjson(count: 300)
        let pages = SampleUsers.listResponsePages(count: 300, pageSize: 50)
        let a = try CLI.run(["--keep-password"], stdin: ndjson.bytes)
        let b = try CLI.run(["--from", "list", "--keep-password"], stdin: pages.bytes)
        #expect(a.status == 0 && b.status == 0)
        #expect(a.lines.count == 300)
        #expect(a.stdout == b.stdout)
        #expect(a.out == ndjson)
    }
}

/// Stages from the command line.
@Suite struct CLIStageTests {
    @Test func migrationChainOverTheSamples() throws {
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("samples/users-pages.json")
        let r = try CLI.run([
            samples.path, "--for-create", "--id-to-external-id", "--replace-domain", "example.com=example.net",
            "--normalize-username", "--filter", "active eq true", "--stats"
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines.count > 200 && r.lines.count < 300)
        for line in r.lines {
            let user = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(user["id"] == nil && user["meta"] == nil && user["groups"] == nil && user["password"] == nil)
            #expect(user["active"] as? Bool == true)
            let userName = try #require(user["userName"] as? String)
            #expect(userName == userName.lowercased())
            #expect(!userName.hasSuffix("@example.com"))
            #expect(user["externalId"] is String)
            let emails = user["emails"] as? [[String: Any]] ?? []
            #expect(!emails.contains { $0["type"] as? String == "other" })
        }
        #expect(r.stderr.contains("records read") && r.stderr.contains("dropped by filter:"))
    }

    @Test func badFilterAndPathAreUsageErrorsWithAColumn() throws {
        let r = try CLI.run(["--filter", #"emails[type eq work]"#])
        #expect(r.status == 64)
        #expect(r.stderr.contains("invalid filter for --filter: expected a value: a quoted string, a number, true, false or null at column 16"))
        #expect(r.stderr.contains("    emails[type eq work]\n                   ^"))
        let p = try CLI.run(["--strip", "name..givenName"])
        #expect(p.status == 64)
        #expect(p.stderr.contains("invalid path for --strip"))
        let b = try CLI.run(["--filter", "active lt true"])
        #expect(b.status == 64 && b.stderr.contains("does not apply to boolean attribute 'active'"))
    }

    @Test func pseudonymizeNeedsAKeyFile() throws {
        let r = try CLI.run(["--pseudonymize", "userName"])
        #expect(r.status == 64 && r.stderr.contains("--key-file"))
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = dir.appendingPathComponent("key")
        try Data("s3cret\n".utf8).write(to: key)
        let ok = try CLI.run(
            ["--key-file", key.path, "--pseudonymize", "userName,emails.value"],
            stdin: #"{"userName":"ann","emails":[{"value":"ann@x.org"}]}"#.bytes)
        #expect(ok.status == 0)
        #expect(!ok.out.contains("ann"))
        // HMAC-SHA256("s3cret", "ann"), computed independently with Python's hmac module.
        #expect(ok.out.contains(#""userName":"1d1914399cc4a1d1dc0f159ec30c59ed9f2abaada564ff29a1910422e2406cc2""#))
    }

    @Test func pipelineFileRunsItsStagesInOrder() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("stages.txt")
        try Data("# normalise then filter\n--normalize-username\nfilter userName sw \"a\"\n--strip id\n".utf8).write(to: file)
        let r = try CLI.run(["--pipeline", file.path], stdin: "{\"id\":1,\"userName\":\"ALICE\"}\n{\"id\":2,\"userName\":\"Bob\"}\n".bytes)
        #expect(r.status == 0)
        #expect(r.lines == [#"{"userName":"alice"}"#])
        try Data("--to csv\n".utf8).write(to: file)
        let bad = try CLI.run(["--pipeline", file.path])
        #expect(bad.status == 64 && bad.stderr.contains("stages.txt:1: 'to' is not a stage option"))
    }

    @Test func dedupeAndCounts() throws {
        let input = (0..<10).map { #"{"userName":"user\#($0 % 4)@X.org"}"# }.joined(separator: "\n")
        let r = try CLI.run(["--dedupe", "userName", "--stats"], stdin: input.bytes)
        #expect(r.lines.count == 4)
        #expect(r.stderr.contains("10 records read, 4 written, 6 dropped, 0 rejected"))
        #expect(r.stderr.contains("dropped by dedupe: 6"))
    }
}

/// Writers from the command line.
@Suite struct CLIWriterTests {
    @Test func bulkDocumentsIntoADirectoryWithinLimitsFromAServiceProviderConfig() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let spc = dir.appendingPathComponent("spc.json")
        try Data(
            #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],"bulk":{"supported":true,"maxOperations":7,"maxPayloadSize":20000}}"#
                .utf8
        ).write(to: spc)
        let input = SampleUsers.ndjson(count: 60)
        let out = dir.appendingPathComponent("bulk").path + "/"
        let r = try CLI.run(["--for-create", "--to", "bulk", "--bulk-limits-from", spc.path, "-o", out, "--stats"], stdin: input.bytes)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(files.first == "bulk-000001.json")
        var operations = 0
        for file in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: out + file))
            #expect(data.count <= 20000)
            let doc = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let ops = try #require(doc["Operations"] as? [[String: Any]])
            #expect(ops.count <= 7)
            operations += ops.count
        }
        #expect(operations == 60)
        #expect(r.stderr.contains("60 records read, 60 written"))
    }

    @Test func csvWithDefaultColumnsAndUsageChecks() throws {
        let r = try CLI.run(["--to", "csv"], stdin: SampleUsers.ndjson(count: 10).bytes)
        #expect(r.status == 0)
        #expect(r.lines.count == 11)
        #expect(r.lines[0].hasPrefix("id,userName,displayName,active,title,externalId,"))
        let misuse = try CLI.run(["--to", "ndjson", "--no-header"])
        #expect(misuse.status == 64 && misuse.stderr.contains("--no-header applies to --to csv or --to tsv"))
        let badMethod = try CLI.run(["--to", "bulk", "--bulk-method", "GET"])
        #expect(badMethod.status == 64 && badMethod.stderr.contains("expected one of: POST, PUT, PATCH, DELETE"))
    }

    @Test func aTooLargeUserStopsTheBulkRunWithItsReason() throws {
        let input = #"{"userName":"a"}"# + "\n" + #"{"userName":"\#(String(repeating: "x", count: 3000))"}"#
        let r = try CLI.run(["--to", "bulk", "--bulk-max-bytes", "1000"], stdin: input.bytes)
        #expect(r.status == 65)
        #expect(r.stderr.contains("<stdin>:2:1: error: bulk: this user needs a"))
        #expect(r.stderr.contains("more than the limit of 1000 bytes (--bulk-max-bytes) (record 2)"))
        // The good user before it was written: its pending document is flushed.
        #expect(r.lines.count == 1 && r.lines[0].contains(#""userName":"a""#))
    }
}

/// Help, topics and completions.
@Suite struct CLIHelpTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func helpListsEveryOptionGroupedWithExamples() throws {
        let help = try CLI.run(["--help"]).out
        let options = help.components(separatedBy: "\n").filter { $0.hasPrefix("  -") || $0.hasPrefix("      --") }
        #expect(options.count >= 40)
        for word in [
            "--strip", "--filter", "--to FORMAT", "--on-error POLICY", "--rejects FILE", "--bulk-limits-from FILE",
            "--completion SHELL", "[default: auto]", "[default: 1048576]"
        ] {
            #expect(help.contains(word), "help lacks \(word)")
        }
        #expect(
            help.components(separatedBy: "\n  scimstream ").count - 1 + help.components(separatedBy: "\n  curl ").count - 1
                + help.components(separatedBy: "\n  zcat ").count - 1 >= 3, "three examples")
        for topic in ["input", "paths", "stages", "filter", "columns", "bulk", "errors", "exit-codes"] {
            let r = try CLI.run(["--help", topic])
            #expect(r.status == 0 && r.out.count > 200, "topic \(topic)")
        }
    }

    @Test func committedCompletionsMatchTheOptionTable() throws {
        for (shell, file) in [("bash", "scimstream.bash"), ("zsh", "_scimstream"), ("fish", "scimstream.fish")] {
            let generated = try CLI.run(["--completion", shell]).out
            let committed = try String(contentsOf: Self.root.appendingPathComponent("Sources/scimstream/completions/\(file)"), encoding: .utf8)
            #expect(generated == committed, "regenerate with: scimstream --completion \(shell)")
        }
    }

    @Test func bashCompletionCompletes() throws {
        let script = Self.root.appendingPathComponent("Sources/scimstream/completions/scimstream.bash").path
        let r = try CLI.shell(
            """
            source '\(script)'
            COMP_WORDS=(scimstream --fr); COMP_CWORD=1; _scimstream; echo "${COMPREPLY[*]}"
            COMP_WORDS=(scimstream --to c); COMP_CWORD=2; _scimstream; echo "${COMPREPLY[*]}"
            COMP_WORDS=(scimstream --on-error s); COMP_CWORD=2; _scimstream; echo "${COMPREPLY[*]}"
            """)
        #expect(r.lines == ["--from", "csv", "skip"], "\(r.stderr)")
    }
}

/// A service that cannot be reached: exit 69 with the URL, and no token anywhere.
@Suite struct ServiceCLITests {
    @Test func anUnreachableServiceIsExit69WithoutTheToken() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scim-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let token = dir.appendingPathComponent("token")
        try Data("tok-NEVER-SHOWN\n".utf8).write(to: token)
        // Port 9 on loopback (discard) is closed on a test machine: the connection is refused.
        let result = try CLI.run(["http://127.0.0.1:9/scim/v2", "--token-file", token.path, "--max-retries", "1", "--stats"])
        #expect(result.status == 69)
        #expect(result.stderr.contains("http://127.0.0.1:9/scim/v2"))
        #expect(!result.stderr.contains("tok-NEVER-SHOWN"))
        #expect(!result.out.contains("tok-NEVER-SHOWN"))
    }
}
