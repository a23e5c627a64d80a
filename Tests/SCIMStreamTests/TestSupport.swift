import Foundation
import SCIMTestSupport
@testable import SCIMStream

/// Reads every record of `bytes` fed in chunks of `chunkSize`, returning each record's compact JSON.
func readRecords(
    _ bytes: [UInt8], chunkSize: Int = Int.max, options: UserRecordReader.Options = .init()
) throws -> [String] {
    var reader = UserRecordReader(options: options)
    var out: [String] = []
    var offset = 0
    while offset < bytes.count {
        let n = min(chunkSize, bytes.count - offset)
        try bytes[offset..<offset + n].withUnsafeBytes { chunk in
            try reader.consume(chunk) { out.append($0.jsonText) }
        }
        offset += n
    }
    try reader.finish { out.append($0.jsonText) }
    return out
}

/// Same as `readRecords` but returns the records themselves.
func readUserRecords(_ bytes: [UInt8], options: UserRecordReader.Options = .init()) throws -> [UserRecord] {
    var reader = UserRecordReader(options: options)
    var out: [UserRecord] = []
    try bytes.withUnsafeBytes { chunk in
        try reader.consume(chunk) { out.append($0) }
        try reader.finish { out.append($0) }
    }
    return out
}

