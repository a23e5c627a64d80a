import Foundation
import Testing
import SCIMTestSupport
@testable import SCIMStream

/// Records and values over the size limits, bad elements next to good ones, and limits at their
/// extremes: what is rejected, what is kept, and where the reader resumes. Each test was a
/// defect found in review and failed before its fix.
@Suite struct ReaderLimitTests {
    func read(_ text: [UInt8], _ options: UserRecordReader.Options, chunk: Int) -> ReadOutcome {
        readOutcome(text, chunkSize: chunk, options: options)
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

    @Test func hugeLimitsDoNotOverflow() {
        let options = UserRecordReader.Options(maxRecordBytes: Int.max)
        #expect(options.maxRecordBytes == 1 << 40)
        let r = read(Array(#"{"id":"1"}"#.utf8), options, chunk: 3)
        #expect(r.records.count == 1)
    }
}
