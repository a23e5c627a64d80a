import Foundation
import SCIMTestSupport
@testable import SCIMStream

/// The one chunk-feeding loop of the reader tests: feeds `bytes` to `reader` `chunkSize` bytes
/// at a time (`Int.max`: all at once), then finishes, calling `body` for every record.
func feed(
    _ bytes: [UInt8], chunkSize: Int, to reader: inout UserRecordReader, _ body: (inout UserRecord) throws -> Void
) throws {
    var offset = 0
    while offset < bytes.count {
        let n = min(chunkSize, bytes.count - offset)
        try reader.consume(Array(bytes[offset..<offset + n]), body)
        offset += n
    }
    try reader.finish(body)
}

/// What a reader made of some input: records (compact JSON), rejects, and the error that stopped it.
struct ReadOutcome {
    var records: [String] = []
    var rejects: [RejectedRecord] = []
    var failure: String?
}

/// Reads `bytes` fed in chunks of `chunkSize` with `options`, collecting records, rejects and
/// the stopping error (if any) instead of throwing.
func readOutcome(_ bytes: [UInt8], chunkSize: Int = Int.max, options: UserRecordReader.Options = .init()) -> ReadOutcome {
    var reader = UserRecordReader(options: options)
    var outcome = ReadOutcome()
    reader.onReject = { outcome.rejects.append($0) }
    do {
        try feed(bytes, chunkSize: chunkSize, to: &reader) { outcome.records.append($0.jsonText) }
    } catch {
        outcome.failure = "\(error)"
    }
    return outcome
}

/// Reads every record of `bytes` fed in chunks of `chunkSize`, returning each record's compact JSON.
func readRecords(
    _ bytes: [UInt8], chunkSize: Int = Int.max, options: UserRecordReader.Options = .init()
) throws -> [String] {
    var reader = UserRecordReader(options: options)
    var out: [String] = []
    try feed(bytes, chunkSize: chunkSize, to: &reader) { out.append($0.jsonText) }
    return out
}

/// Same as `readRecords` but returns the records themselves.
func readUserRecords(_ bytes: [UInt8], options: UserRecordReader.Options = .init()) throws -> [UserRecord] {
    var reader = UserRecordReader(options: options)
    var out: [UserRecord] = []
    try feed(bytes, chunkSize: Int.max, to: &reader) { out.append($0) }
    return out
}
