import Foundation
import SCIMSampleData
import Testing
@testable import SCIMJSON
@testable import SCIMStream

/// A reader of the Thrift compact protocol for the tests: each struct as its fields by id
/// (lists as arrays), enough to check what ``ParquetWriter`` puts in a footer.
struct CompactDecoder {
    indirect enum Value: Equatable {
        case bool(Bool), int(Int64), binary([UInt8]), list([Value]), structure([Int16: Value])
    }

    let bytes: [UInt8]
    var i = 0

    mutating func varint() -> UInt64 {
        var v: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = bytes[i]
            i += 1
            v |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return v }
            shift += 7
        }
    }

    mutating func zigzag() -> Int64 {
        let v = varint()
        return Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1)
    }

    mutating func value(_ type: UInt8) -> Value {
        switch type {
        case 1: return .bool(true)
        case 2: return .bool(false)
        case 3:
            i += 1
            return .int(Int64(Int8(bitPattern: bytes[i - 1])))
        case 4, 5, 6: return .int(zigzag())
        case 8:
            let n = Int(varint())
            i += n
            return .binary(Array(bytes[(i - n)..<i]))
        case 9:
            let header = bytes[i]
            i += 1
            var n = Int(header >> 4)
            if n == 15 { n = Int(varint()) }
            return .list((0..<n).map { _ in value(header & 0x0F) })
        case 12: return structure()
        default: fatalError("type \(type)")
        }
    }

    mutating func structure() -> Value {
        var fields: [Int16: Value] = [:]
        var last: Int16 = 0
        while true {
            let header = bytes[i]
            i += 1
            if header == 0 { return .structure(fields) }
            let delta = Int16(header >> 4)
            let id = delta == 0 ? Int16(zigzag()) : last + delta
            last = id
            let type = header & 0x0F
            // A bool inside a list is a byte; as a field it is in the header.
            fields[id] = type == 1 || type == 2 ? .bool(type == 1) : value(type)
        }
    }
}

extension CompactDecoder.Value {
    subscript(_ id: Int16) -> Self? {
        guard case .structure(let fields) = self else { return nil }
        return fields[id]
    }
    var int: Int64? { if case .int(let v) = self { v } else { nil } }
    var list: [Self] { if case .list(let v) = self { v } else { [] } }
    var text: String? { if case .binary(let v) = self { String(decoding: v, as: UTF8.self) } else { nil } }
}

/// `--to parquet` (issue 16): the file's structure, typed values, misfits and row groups.
@Suite struct ParquetWriterTests {
    /// The file written for `ndjson` and its decoded footer.
    func parquet(_ ndjson: String, _ options: ParquetWriter.Options) throws -> (bytes: [UInt8], footer: CompactDecoder.Value) {
        let (bytes, _, error) = try run(ndjson, options, policy: .fail)
        if let error { throw error }
        return (bytes, footer(of: bytes))
    }

    /// Runs `ndjson` from a file through a Parquet writer: the bytes, statistics and error.
    func run(_ ndjson: String, _ options: ParquetWriter.Options, policy: ErrorPolicy, messages: ((String) -> Void)? = nil) throws -> (
        [UInt8], RunStatistics, PipelineError?
    ) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("parquet-\(UUID().uuidString).ndjson")
        try Data(ndjson.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let pipeline = Pipeline(readerOptions: .init(errorPolicy: policy), writer: ParquetWriter(options: options))
        if let messages { pipeline.onDiagnostic = { messages("\($0)") } }
        let sink = MemorySink()
        let out = OutputBuffer(sink: sink)
        var failure: PipelineError?
        do {
            try pipeline.run([.file(url.path)], to: out)
        } catch {
            failure = error
        }
        try out.flush()
        return (sink.bytes, pipeline.statistics, failure)
    }

    func footer(of bytes: [UInt8]) -> CompactDecoder.Value {
        let n = bytes.count
        let length = Int(bytes[n - 8]) | Int(bytes[n - 7]) << 8 | Int(bytes[n - 6]) << 16 | Int(bytes[n - 5]) << 24
        var decoder = CompactDecoder(bytes: Array(bytes[(n - 8 - length)..<(n - 8)]))
        return decoder.structure()
    }

    @Test func thriftCompactEncodings() {
        var thrift = ThriftCompactWriter()
        thrift.i32(1, 1)  // delta 1, i32: 0x15, zigzag 2
        thrift.i64(3, -1)  // delta 2, i64: 0x26, zigzag 1
        thrift.bool(4, true)  // delta 1, true: 0x11
        thrift.binary(20, [0x41])  // delta 16: long form 0x08, zigzag(20) = 40
        thrift.i32List(21, Array(repeating: 0, count: 15))  // 15 elements: 0xF5 then the count
        #expect(
            thrift.finish() == [0x15, 0x02, 0x26, 0x01, 0x11, 0x08, 40, 0x01, 0x41, 0x19, 0xF5, 15] + Array(repeating: 0, count: 15) + [0x00])
    }

    @Test func aPageHoldsLevelsThenPlainValues() {
        var chunk = ParquetColumnChunk(type: .text)
        Array("a".utf8).withUnsafeBytes { chunk.append(text: $0) }
        chunk.appendNull()
        Array("bc".utf8).withUnsafeBytes { chunk.append(text: $0) }
        let (pages, rows) = chunk.take()
        #expect(rows == 3)
        // Body: levels length 2, one bit-packed group (header 3) of levels 1,0,1, then the values.
        let body: [UInt8] = [2, 0, 0, 0, 3, 0b101, 1, 0, 0, 0, 0x61, 2, 0, 0, 0, 0x62, 0x63]
        #expect(Array(pages.suffix(body.count)) == body)
        var decoder = CompactDecoder(bytes: pages)
        let header = decoder.structure()
        #expect(header[2]?.int == Int64(body.count))
        #expect(header[5]?[1]?.int == 3)
        #expect(decoder.i == pages.count - body.count)
    }

    @Test func theFileIsFramedAndTyped() throws {
        let input = """
            {"id":"1","userName":"a","active":true,"meta":{"created":"2024-03-01T12:00:00.123456Z"}}
            {"id":"2","userName":"","active":null,"meta":{"created":"2024-03-01T14:00:00+02:00"}}

            """
        let options = ParquetWriter.Options(columns: try CSVColumn.parseList("id,userName,active,meta.created,roles"))
        let (bytes, footer) = try parquet(input, options)
        #expect(Array(bytes.prefix(4)) == Array("PAR1".utf8))
        #expect(Array(bytes.suffix(4)) == Array("PAR1".utf8))
        #expect(footer[3]?.int == 2)
        let schema = footer[2]!.list
        #expect(schema.map { $0[4]?.text } == ["schema", "id", "userName", "active", "meta.created", "roles"])
        #expect(schema.dropFirst().map { $0[1]?.int } == [6, 6, 0, 2, 6])  // BYTE_ARRAY, BOOLEAN, INT64
        #expect(schema[4][6]?.int == 10)  // TIMESTAMP_MICROS
        let group = footer[4]!.list[0]
        #expect(group[3]?.int == 2)
        // Each chunk's offset points at its page header, one after the other from byte 4.
        var expectedOffset: Int64 = 4
        for chunk in group[1]!.list {
            #expect(chunk[3]?[9]?.int == expectedOffset)
            expectedOffset += chunk[3]![7]!.int!
        }
        // The timestamp column: 1709294400123456 µs, then 12:00 UTC written as 14:00+02:00.
        let created = group[1]!.list[3][3]![9]!.int!
        var decoder = CompactDecoder(bytes: Array(bytes[Int(created)...]))
        _ = decoder.structure()
        let values = Array(bytes[(Int(created) + decoder.i + 4 + 2)...].prefix(16))
        let micros = stride(from: 0, to: 16, by: 8).map { k in
            values[k..<(k + 8)].reversed().reduce(Int64(0)) { $0 << 8 | Int64($1) }
        }
        #expect(micros == [1_709_294_400_123_456, 1_709_294_400_000_000])
    }

    @Test func aValueUnfitForItsColumnRejectsTheRecordAndNothingOfIt() throws {
        let input = """
            {"id":"1","active":true}
            {"id":"2","active":"yes"}
            {"id":"3","meta":{"created":"yesterday"}}
            {"id":"4","active":false}

            """
        var messages: [String] = []
        let options = ParquetWriter.Options(columns: try CSVColumn.parseList("id,active,meta.created"))
        let (bytes, statistics, error) = try run(input, options, policy: .skip) { messages.append($0) }
        #expect(error == nil)
        #expect(statistics.recordsWritten == 2)
        #expect(statistics.recordsRejected == 2)
        #expect(messages.contains { $0.contains("column active: a string is not a boolean") })
        #expect(messages.contains { $0.contains("column meta.created: not an xsd:dateTime") })
        #expect(footer(of: bytes)[3]?.int == 2)
        // Under fail the run stops at the first.
        let (_, _, stopped) = try run(input, options, policy: .fail)
        #expect(stopped != nil)
    }

    @Test func rowGroupsAreWrittenAsTheyFill() throws {
        let input = SampleUsers.ndjson(count: 400)
        let (_, footer) = try parquet(input, .init(rowGroupBytes: 64 << 10, pageBytes: 8 << 10))
        let groups = footer[4]!.list
        #expect(groups.count > 3)
        #expect(groups.reduce(0) { $0 + $1[3]!.int! } == 400)
        #expect(footer[3]?.int == 400)
    }
}

/// Defects a hostile review found (issue 16).
@Suite struct ParquetReviewTests {
    @Test func datesThatDoNotExistAreNotTimestamps() {
        for text in ["2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "2024-04-31T00:00:00Z", "2024-01-01T00:00:00+99:99", "2024-01-01T00:00:00+24:00"]
        {
            #expect(DateTimeInstant(Array(text.utf8)) == nil, "\(text)")
        }
        for text in ["2024-02-29T00:00:00Z", "2000-02-29T23:59:59-23:59", "2024-12-31T23:59:60Z"] {
            #expect(DateTimeInstant(Array(text.utf8)) != nil, "\(text)")
        }
    }

    @Test func aCellTooLargeForAPageRejectsTheUserBeforeItIsBuilt() throws {
        // 2,000 empty strings joined by 600 KB: more than 1 GiB, refused from the raw sizes.
        let roles = Array(repeating: #""""#, count: 2000).joined(separator: ",")
        let input = #"{"id":"big","roles":[\#(roles)]}"# + "\n" + #"{"id":"small","roles":["a"]}"# + "\n"
        var messages: [String] = []
        let options = ParquetWriter.Options(
            columns: try CSVColumn.parseList("id,roles"), joinSeparator: String(repeating: "#", count: 600_000))
        let (_, statistics, error) = try ParquetWriterTests().run(input, options, policy: .skip) { messages.append($0) }
        #expect(error == nil)
        #expect(statistics.recordsWritten == 1)
        #expect(messages.contains { $0.contains("column roles: a value of more than 1 GiB") })
    }
}
