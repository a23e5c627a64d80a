import Testing
@testable import SCIMJSON
import SCIMTestSupport

/// A record larger than the output buffer must not make the buffer hold it whole (issue 11:
/// a 15.7 MB record peaked at 125 MB, most of it the output buffer doubling).
@Suite struct OutputBufferBoundsTests {
    final class FailingSink: ByteSink {
        struct Failure: Error {}
        func write(unsafeBytes bytes: UnsafeRawBufferPointer) throws { throw Failure() }
    }

    @Test func largeAppendsDoNotGrowTheBuffer() throws {
        let sink = MemorySink()
        let out = OutputBuffer(sink: sink, flushThreshold: 4096)
        let big = (0..<10_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        out.append(Array("head,".utf8))
        for k in 0..<3000 { out.append(UInt8(truncatingIfNeeded: k)) }
        out.append(big)
        out.append(Array(",tail".utf8))
        try out.recordDone()
        try out.flush()
        #expect(out.capacity == 8192)
        #expect(sink.bytes == Array("head,".utf8) + (0..<3000).map { UInt8(truncatingIfNeeded: $0) } + big + Array(",tail".utf8))
        #expect(out.totalBytes == sink.bytes.count)
    }

    @Test func aFailedWriteWhileAppendingIsThrownAtRecordDone() throws {
        let out = OutputBuffer(sink: FailingSink(), flushThreshold: 4096)
        out.append([UInt8](repeating: 1, count: 3000))
        out.append([UInt8](repeating: 2, count: 30_000))  // spills: the write fails, kept for later
        #expect(throws: FailingSink.Failure.self) { try out.recordDone() }
    }
}
