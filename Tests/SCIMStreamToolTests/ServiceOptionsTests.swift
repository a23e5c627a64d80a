import Foundation
import Testing
@testable import SCIMService
@testable import SCIMStream
@testable import SCIMStreamTool

/// The live-service options parsed in-process: what needs a URL, what goes together, and
/// that secrets come only from files or the environment.
@Suite struct ServiceOptionsTests {
    func usageError(_ arguments: [String]) -> String? {
        do {
            _ = try CommandLineInterface.parse(arguments)
            return nil
        } catch {
            return error.message
        }
    }

    func configuration(_ arguments: [String]) throws -> ToolConfiguration {
        guard case .run(let config) = try CommandLineInterface.parse(arguments) else { throw UsageError("not a run") }
        return config
    }

    @Test func inputOptionsNeedAServiceInput() {
        #expect(usageError(["users.ndjson", "--page-size", "25"]) == "--page-size applies to an http:// or https:// input")
        #expect(usageError(["users.ndjson", "--token-file", "t"]) == "--token-file applies to an http:// or https:// input")
    }

    @Test func outputOptionsNeedToScim() {
        #expect(usageError(["users.ndjson", "--results", "r.ndjson"]) == "--results applies to --to scim")
        #expect(usageError(["users.ndjson", "--remap-references"]) == "--remap-references applies to --to scim")
        #expect(usageError(["users.ndjson", "--to", "scim"]) == "--to scim needs the target service: -o https://host/scim/v2")
        #expect(
            usageError(["users.ndjson", "-o", "https://t.example/scim/v2"])
                == "-o https://t.example/scim/v2 is a service: add --to scim to write users to it")
        #expect(usageError(["users.ndjson", "--to", "scim", "-o", "out.ndjson"]) == "--to scim needs the target service: -o https://host/scim/v2")
    }

    @Test func serviceURLsAreCheckedAndNormalised() throws {
        #expect(usageError(["https://user:pw@example.com/scim/v2"])?.contains("not a SCIM service URL") == true)
        #expect(ServiceURL("https://example.com/scim/v2/Users/")?.users == "https://example.com/scim/v2/Users")
        #expect(ServiceURL("https://example.com/scim/v2")?.user("a b/c") == "https://example.com/scim/v2/Users/a%20b%2Fc")
        let config = try configuration(["http://127.0.0.1:9/scim/v2/Users", "--page-size", "25", "--server-filter", "active eq true"])
        guard case .stream(let input) = config.inputs[0], let pages = input as? ServicePages else {
            Issue.record("not a service input")
            return
        }
        #expect(pages.name == "http://127.0.0.1:9/scim/v2/Users")
        #expect(pages.query == ServerQuery(pageSize: 25, filter: "active eq true"))
        #expect(config.stages.first?.name == "seen-twice")
    }

    @Test func eachServerFilterIsAListingOfItsOwn() throws {
        let config = try configuration([
            "https://g.example/scim/v2", "other.ndjson", "--server-filter", "active eq true", "--server-filter", "active eq false"
        ])
        let names = config.inputs.map(\.description)
        #expect(
            names == [
                "https://g.example/scim/v2/Users (filter: active eq true)", "https://g.example/scim/v2/Users (filter: active eq false)",
                "other.ndjson"
            ])
    }

    @Test func theServerFilterIsParsedHereFirst() {
        #expect(usageError(["https://example.com/scim", "--server-filter", "userName eq"])?.hasPrefix("invalid filter for --server-filter") == true)
    }

    @Test func oauthOptionsGoTogetherAndSecretsComeFromFiles() throws {
        #expect(
            usageError(["x.ndjson", "--to", "scim", "-o", "https://t.example/scim", "--target-client-id", "c"])
                == "--target-oauth-token-url, --target-client-id and --target-client-secret-file go together")
        #expect(usageError(["https://s.example/scim", "--token-file", "/nonexistent/token"])?.hasPrefix("--token-file /nonexistent/token:") == true)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scim-token-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let empty = dir.appendingPathComponent("empty")
        try Data("\n".utf8).write(to: empty)
        #expect(usageError(["https://s.example/scim", "--token-file", empty.path])?.contains("the file is empty") == true)
        // No option takes a token as its value: a token on the command line is not an option.
        #expect(usageError(["https://s.example/scim", "--token", "abc"]) != nil)
    }

    @Test func theEnvironmentGivesTheTokenWhenNoOptionDoes() throws {
        let options = CredentialOptions(prefix: "", environment: "SCIMSTREAM_TOKEN")
        guard case .bearer(let secret) = try options.resolve(environmentValue: " tok-env\n") else {
            Issue.record("no bearer token from the environment")
            return
        }
        #expect(secret.value == "tok-env")
        guard case .none = try options.resolve(environmentValue: "  ") else {
            Issue.record("an empty variable is no token")
            return
        }
        // A token file wins over the environment.
        var withFile = options
        withFile.tokenFile = "/nonexistent/token"
        #expect(throws: UsageError.self) { try withFile.resolve(environmentValue: "tok-env") }
    }

    @Test func targetSettingsFollowTheBulkAndErrorOptions() throws {
        let config = try configuration([
            "x.ndjson", "--to", "scim", "-o", "https://t.example/scim/v2", "--bulk-method", "PATCH", "--on-error", "skip",
            "--concurrency", "16", "--on-conflict", "update", "--dry-run"
        ])
        #expect(config.service.writer.method == .patch)
        #expect(config.service.writer.stopsAtFailure == false)
        #expect(config.service.writer.concurrency == 16)
        #expect(config.service.writer.onConflict == .update)
        #expect(config.service.writer.dryRun)
        #expect(config.outputPath == nil)
        #expect(config.service.targetClient?.url.base == "https://t.example/scim/v2")
    }
}
