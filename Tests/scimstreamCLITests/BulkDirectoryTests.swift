import Foundation
import Testing

/// `--to bulk -o DIR/`: what the directory holds after a run.
@Suite struct BulkDirectoryTests {
    @Test func aBulkDirectoryKeepsNoDocumentsOfAnEarlierRun() throws {
        let dir = CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bulk = dir.appendingPathComponent("bulk")
        try FileManager.default.createDirectory(at: bulk, withIntermediateDirectories: true)
        try Data("mine\n".utf8).write(to: bulk.appendingPathComponent("notes.txt"))
        try Data("mine\n".utf8).write(to: bulk.appendingPathComponent("bulk-final.json"))
        let five = (1...5).map { "{\"id\":\"\($0)\"}\n" }.joined()
        let first = try CLI.run(["--to", "bulk", "--bulk-max-operations", "1", "-o", bulk.path + "/"], stdin: five.bytes)
        #expect(first.status == 0)
        #expect(
            listing(bulk) == [
                "bulk-000001.json", "bulk-000002.json", "bulk-000003.json", "bulk-000004.json", "bulk-000005.json", "bulk-final.json", "notes.txt"
            ])
        try Data("left by a killed run\n".utf8).write(to: bulk.appendingPathComponent("bulk-000009.json.tmp-Ab12Cd"))
        let second = try CLI.run(["--to", "bulk", "--bulk-max-operations", "1", "-o", bulk.path], stdin: twoUsers.bytes)
        #expect(second.status == 0)
        #expect(listing(bulk) == ["bulk-000001.json", "bulk-000002.json", "bulk-final.json", "notes.txt"])
        #expect(String(decoding: contents(bulk.appendingPathComponent("bulk-000002.json")), as: UTF8.self).contains("\"bulkId\":\"2\""))
    }
}
