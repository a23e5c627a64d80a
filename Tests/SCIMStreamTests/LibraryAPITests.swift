import Foundation
import Testing
import SCIMStream
import SCIMSampleData

/// The README's library example, verbatim (the test below checks the README still holds it).
func readmeExample() throws -> (RunStatistics, String) {
    // Active users' e-mail addresses as CSV, user names lower-cased, passwords stripped.
    let pipeline = Pipeline(
        stages: [
            try CaseNormalization.lowercase("userName"),
            FilterStage(try CompiledFilter(parsing: "active eq true"))
        ],
        writer: CSVWriter(options: .init(columns: try CSVColumn.parseList("userName,email=emails.value"))))
    let csv = MemorySink()
    let stats = try pipeline.run([.file("samples/users.ndjson")], to: OutputBuffer(sink: csv))
    print("\(stats.recordsWritten) of \(stats.recordsRead) users; \(csv.bytes.count) bytes of CSV")
    return (stats, csv.text)
}

/// An async sequence of byte chunks, as a server hands over a request body.
struct Chunks: AsyncSequence {
    typealias Element = [UInt8]
    let data: [UInt8]
    let size: Int
    struct AsyncIterator: AsyncIteratorProtocol {
        var data: ArraySlice<UInt8>
        let size: Int
        mutating func next() async -> [UInt8]? {
            guard !data.isEmpty else { return nil }
            defer { data = data.dropFirst(size) }
            return Array(data.prefix(size))
        }
    }
    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(data: data[...], size: size) }
}

@Suite struct LibraryAPITests {
    @Test func readmeExampleCompilesRunsAndIsInTheReadme() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        guard FileManager.default.changeCurrentDirectoryPath(root.path) else {
            Issue.record("cannot enter the package root")
            return
        }
        let (stats, csv) = try readmeExample()
        #expect(stats.recordsRead == 300)
        #expect(stats.recordsWritten > 200 && stats.recordsWritten < 300)
        let rows = csv.split(separator: "\n")
        #expect(rows.first == "userName,email")
        #expect(rows.count == stats.recordsWritten + 1)
        #expect(rows.dropFirst().allSatisfy { $0 == $0.lowercased() || $0.contains("|") || $0.contains("\"") })
        // The README shows exactly this code.
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let body = source.components(separatedBy: "func readmeExample() throws -> (RunStatistics, String) {\n")[1]
            .components(separatedBy: "    return (stats, csv.text)")[0]
        let unindented = body.split(separator: "\n", omittingEmptySubsequences: false).map { $0.dropFirst(4) }.joined(separator: "\n")
        #expect(readme.contains("import SCIMStream\n\n" + unindented), "README example differs from the tested code")
    }

    @Test func asyncSequenceOverChunksOfAnySize() async throws {
        let text = Array(SampleUsers.listResponsePages(count: 30, pageSize: 7).utf8)
        for size in [1, 5, 100, 1 << 20] {
            var names: [String] = []
            for try await user in UserRecordSequence(chunks: Chunks(data: text, size: size)) {
                names.append(user.userName ?? "?")
            }
            #expect(names.count == 30)
            #expect(Set(names).count == 30)
        }
    }

    @Test func asyncSequenceThrowsOrSkipsBadInput() async throws {
        let bad = Array("{\"userName\":\"a\"}\n{\"userName\":,}\n{\"userName\":\"b\"}\n".utf8)
        var seen: [String] = []
        do {
            for try await user in UserRecordSequence(chunks: Chunks(data: bad, size: 4)) { seen.append(user.userName ?? "") }
            Issue.record("no error thrown")
        } catch let error as RecordError {
            #expect(error.recordNumber == 2)
        }
        #expect(seen == ["a"])
        var iterator = UserRecordSequence(chunks: Chunks(data: bad, size: 4), options: .init(errorPolicy: .skip)).makeAsyncIterator()
        var skipped: [String] = []
        while let user = try await iterator.next() { skipped.append(user.userName ?? "") }
        #expect(skipped == ["a", "b"])
        #expect(iterator.rejectedCount == 1)
    }

    @Test func readerFromAFileDescriptor() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("users-\(UUID().uuidString).ndjson")
        try Data(SampleUsers.ndjson(count: 25).utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let fd = open(url.path, O_RDONLY)
        defer { close(fd) }
        var reader = UserRecordReader(options: .init(readSize: 4096))
        var count = 0
        try reader.read(fileDescriptor: fd) { record in
            #expect(record.id != nil)
            count += 1
        }
        #expect(count == 25)
    }

    @Test func theLibraryExamplePackageIsInTheReadme() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        for file in ["Package.swift", "Sources/UsersToCSV/main.swift"] {
            let text = try String(contentsOf: root.appendingPathComponent("Tests/Integration/library-example/\(file)"), encoding: .utf8)
            #expect(readme.contains("```swift\n" + text + "```"), "README does not show library-example/\(file) as it is")
        }
    }

    @Test func anAsyncSequenceOfUsersFromAFileDescriptor() async throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("users-\(UUID().uuidString).ndjson")
        try Data(SampleUsers.ndjson(count: 40).utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var names: [String] = []
        // Chunks of 100 bytes split every record: the sequence joins them.
        for try await user in UserRecordSequence(fileDescriptor: handle.fileDescriptor, chunkSize: 100) {
            names.append(user.userName ?? "")
        }
        #expect(names.count == 40)
        #expect(names.allSatisfy { !$0.isEmpty })
        // A descriptor that cannot be read throws the system's error.
        await #expect(throws: IOError.self) {
            for try await _ in UserRecordSequence(fileDescriptor: -1) {}
        }
    }
}
