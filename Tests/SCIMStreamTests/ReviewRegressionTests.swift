import Foundation
import Testing
@testable import SCIMStream

/// Defects found in code review; each test failed before its fix.
@Suite struct ReviewRegressionTests {
    func read(_ text: [UInt8], _ options: UserRecordReader.Options, chunk: Int) -> (records: [String], rejects: [RejectedRecord], failure: String?) {
        var reader = UserRecordReader(options: options)
        var records: [String] = []
        var rejects: [RejectedRecord] = []
        reader.onReject = { rejects.append($0) }
        var failure: String?
        do {
            var offset = 0
            while offset < text.count {
                let n = min(chunk, text.count - offset)
                try text[offset..<offset + n].withUnsafeBytes { try reader.consume($0) { records.append($0.jsonText) } }
                offset += n
            }
            try reader.finish { records.append($0.jsonText) }
        } catch {
            failure = "\(error)"
        }
        return (records, rejects, failure)
    }

    @Test func aPasswordInADroppedOversizedRecordNeverReachesARejectUnmasked() {
        let photo = String(repeating: "A", count: 300_000)
        let text = Array(#"[{"userName":"a","photo":"\#(photo)","password":"hunter2","x":1 "y":2},{"userName":"b"}]"#.utf8)
        let options = UserRecordReader.Options(format: .array, maxRecordBytes: 64 << 10, readSize: 4096, errorPolicy: .skip)
        for chunk in [1000, 4096, 65_537, Int.max] {
            let r = read(text, options, chunk: chunk)
            #expect(!r.rejects.isEmpty)
            for reject in r.rejects {
                let masked = String(decoding: PasswordMasking.mask(reject.raw), as: UTF8.self)
                #expect(!masked.contains("hunter2"), "chunk \(chunk): \(reject.error)")
            }
        }
    }

    @Test func noPhantomRejectAfterABadElement() {
        let text = Array(#"["a\qb",{"userName":"x"}]"#.utf8)
        let r = read(text, .init(format: .array, errorPolicy: .skip), chunk: 3)
        #expect(r.records == [#"{"userName":"x"}"#])
        #expect(r.rejects.count == 1)
    }

    @Test func linesAfterAnOversizedPrettyRecordAreCountedRight() {
        let text = Array(("{\"id\":\"1\",\n\"a\":\"" + String(repeating: "x", count: 5000) + "\",\n\"b\":1}\n}\n{\"id\":\"2\"}\n").utf8)
        let r = read(text, .init(format: .ndjson, maxRecordBytes: 1024, readSize: 4096, errorPolicy: .skip), chunk: 100)
        #expect(r.records == [#"{"id":"2"}"#])
        #expect(r.rejects.map { $0.error.location.line } == [1, 3, 4])
    }

    @Test func aHugeTopLevelValueSkipsItsLine() {
        let text = Array(("{\"id\":\"1\"}\n\"" + String(repeating: "z", count: 20_000) + "\"\n{\"id\":\"2\"}\n").utf8)
        let r = read(text, .init(format: .ndjson, maxRecordBytes: 1024, readSize: 4096, errorPolicy: .skip), chunk: 512)
        #expect(r.records == [#"{"id":"1"}"#, #"{"id":"2"}"#])
        #expect(r.rejects.count == 1 && r.failure == nil)
    }

    @Test func caseNormalizationKeepsWhitespaceOutOfTheLine() throws {
        var record = try UserRecord(json: Array("{\"roles\":[{\"value\":\n\"x\"},\"ADMIN\"]}".utf8))
        var stage = CaseNormalization(try AttributePath(parsing: "roles"), .lowercase)
        _ = try stage.process(&record)
        #expect(record.jsonText == #"{"roles":[{"value":"x"},"admin"]}"#)
    }

    @Test func hugeLimitsDoNotOverflow() {
        let options = UserRecordReader.Options(maxRecordBytes: Int.max)
        #expect(options.maxRecordBytes == 1 << 40)
        let r = read(Array(#"{"id":"1"}"#.utf8), options, chunk: 3)
        #expect(r.records.count == 1)
    }
}
