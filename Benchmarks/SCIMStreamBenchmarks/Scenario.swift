import SCIMStream
import SCIMSampleData

#if canImport(Glibc)
    import Glibc
#endif

/// The generated inputs every scenario reads, built once.
struct BenchmarkInputs {
    let userCount: Int
    let ndjson: [UInt8]
    let pages: [UInt8]

    init(megabytes: Int) {
        userCount = max(1, megabytes * 1_000_000 / 1470)
        var text: [UInt8] = []
        text.reserveCapacity(megabytes * 1_000_000 + (1 << 20))
        SampleUsers.export(count: userCount, layout: .ndjson) { text.append(contentsOf: $0.utf8) }
        ndjson = text
        text.removeAll(keepingCapacity: true)
        SampleUsers.export(count: userCount, layout: .pages, pageSize: 1000) { text.append(contentsOf: $0.utf8) }
        pages = text
    }
}

/// A sink that only counts, so the benchmark measures the library, not a device.
final class CountingSink: ByteSink {
    var count = 0
    func write(unsafeBytes bytes: UnsafeRawBufferPointer) throws { count += bytes.count }
}

/// One workload: which input, and what to do with each record.
struct Scenario {
    let name: String
    let input: KeyPath<BenchmarkInputs, [UInt8]>
    /// Runs the workload once over `bytes`; returns (records, output bytes).
    let body: ([UInt8]) throws -> (Int, Int)

    /// The scenarios, in table order.
    nonisolated(unsafe) static let all: [Scenario] = [
        Scenario(name: "tokenize only (NDJSON)", input: \.ndjson) { bytes in
            var tokenizer = JSONTokenizer(options: .init(allowsMultipleValues: true))
            tokenizer.reportDepth = 0
            var values = 0
            try bytes.withUnsafeBytes { window in
                while case .token = try tokenizer.next(window, base: 0, isFinal: true) { values += 1 }
            }
            return (tokenizer.topLevelValueCount, 0)
        },
        Scenario(name: "read records only (NDJSON)", input: \.ndjson) { bytes in
            var reader = UserRecordReader(format: .ndjson)
            var records = 0
            try bytes.withUnsafeBytes { all in
                var offset = 0
                while offset < all.count {
                    let n = min(1 << 20, all.count - offset)
                    try reader.consume(unsafeBytes: UnsafeRawBufferPointer(rebasing: all[offset..<offset + n])) { _ in records += 1 }
                    offset += n
                }
                try reader.finish { _ in records += 1 }
            }
            return (records, 0)
        },
        Scenario(name: "NDJSON → NDJSON (password stripped)", input: \.ndjson) { bytes in
            try runPipeline(bytes, Pipeline())
        },
        Scenario(name: "NDJSON → NDJSON (--keep-password, no stage)", input: \.ndjson) { bytes in
            try runPipeline(bytes, Pipeline(redactsPassword: false))
        },
        Scenario(name: "ListResponse pages → NDJSON", input: \.pages) { bytes in
            try runPipeline(bytes, Pipeline())
        },
        Scenario(name: "--normalize-username", input: \.ndjson) { bytes in
            try runPipeline(bytes, Pipeline(stages: [CaseNormalization(AttributePath(name: "userName"), .lowercase)]))
        },
        Scenario(name: "--normalize-username --filter 'active eq true'", input: \.ndjson) { bytes in
            try runPipeline(
                bytes,
                Pipeline(stages: [
                    CaseNormalization(AttributePath(name: "userName"), .lowercase),
                    FilterStage(try CompiledFilter(parsing: "active eq true"))
                ]))
        },
        Scenario(name: "--filter (active, work e-mail domain)", input: \.ndjson) { bytes in
            try runPipeline(
                bytes,
                Pipeline(stages: [
                    FilterStage(try CompiledFilter(parsing: #"active eq true and emails[type eq "work"].value ew "@example.com""#))
                ]))
        },
        Scenario(name: "NDJSON → CSV (default columns)", input: \.ndjson) { bytes in
            try runPipeline(bytes, Pipeline(writer: CSVWriter()))
        },
        Scenario(name: "NDJSON → CSV (--columns-preset minimal)", input: \.ndjson) { bytes in
            try runPipeline(bytes, Pipeline(writer: CSVWriter(options: .init(columns: CSVColumnPreset.minimal.columns))))
        },
        Scenario(name: "NDJSON → Parquet (default columns)", input: \.ndjson) { bytes in
            try runPipeline(bytes, Pipeline(writer: ParquetWriter()))
        },
        Scenario(name: "NDJSON → Bulk (POST, default limits)", input: \.ndjson) { bytes in
            try runPipeline(bytes, Pipeline(writer: BulkWriter()))
        },
        Scenario(name: "NDJSON → NDJSON, 2 threads (from a file)", input: \.ndjson) { bytes in
            try runFile(bytes, threads: 2, writer: NDJSONWriter())
        },
        Scenario(name: "NDJSON → CSV, 2 threads (from a file)", input: \.ndjson) { bytes in
            try runFile(bytes, threads: 2, writer: CSVWriter())
        },
        Scenario(name: "--for-create --replace-domain", input: \.ndjson) { bytes in
            try runPipeline(
                bytes,
                Pipeline(stages: [
                    ForCreateStage(copyIDToExternalID: true),
                    ReplaceDomainStage(from: "example.com", to: "example.net")
                ]))
        }
    ]

    func measure(inputs: BenchmarkInputs, runs: Int) -> ResultRow {
        let bytes = inputs[keyPath: input]
        do {
            _ = try body(bytes)  // warm-up
            var seconds: [Double] = []
            var records = 0
            for _ in 0..<runs {
                let clock = ContinuousClock()
                let start = clock.now
                (records, _) = try body(bytes)
                let d = clock.now - start
                seconds.append(Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
            }
            return ResultRow(name: name, bytes: bytes.count, records: records, seconds: seconds)
        } catch {
            return ResultRow(name: name + " FAILED: \(error)", bytes: bytes.count, records: 0, seconds: [1])
        }
    }
}

/// Feeds `bytes` through `pipeline` in 1 MiB chunks.
func runPipeline(_ bytes: [UInt8], _ pipeline: Pipeline) throws -> (Int, Int) {
    let pipeline = pipeline
    let sink = CountingSink()
    let out = OutputBuffer(sink: sink)
    var reader = UserRecordReader(options: pipeline.readerOptions)
    var records = 0
    try bytes.withUnsafeBytes { all in
        var offset = 0
        while offset < all.count {
            let n = min(1 << 20, all.count - offset)
            try reader.consume(unsafeBytes: UnsafeRawBufferPointer(rebasing: all[offset..<offset + n])) { record in
                try pipeline.process(&record, to: out)
                try out.recordDone()
                records += 1
            }
            offset += n
        }
        try reader.finish { record in
            try pipeline.process(&record, to: out)
            records += 1
        }
    }
    try out.flush()
    return (records, sink.count)
}

/// Runs `bytes`, saved to a temporary file once, through a pipeline on `threads` threads.
/// (Threads need a file descriptor to read; the file is in the page cache.)
func runFile(_ bytes: [UInt8], threads: Int, writer: any RecordWriter) throws -> (Int, Int) {
    let path = "/tmp/scimstream-bench-\(bytes.count).ndjson"
    if access(path, F_OK) != 0 {
        let target = try OutputTarget(path: path)
        try bytes.withUnsafeBytes { try target.sink.write(unsafeBytes: $0) }
        try target.commit()
    }
    let pipeline = Pipeline(writer: writer)
    pipeline.threads = threads
    let sink = CountingSink()
    let stats = try pipeline.run([.file(path)], to: OutputBuffer(sink: sink))
    return (stats.recordsRead, sink.count)
}

/// One line of the result table.
struct ResultRow {
    let name: String
    let bytes: Int
    let records: Int
    let seconds: [Double]

    var median: Double { seconds.sorted()[seconds.count / 2] }
}

/// The printed table: MB/s (10^6 bytes) and records/s of the median run, plus the spread.
struct ResultTable {
    var rows: [ResultRow] = []

    mutating func add(_ row: ResultRow) {
        rows.append(row)
        Swift.print(format(row))
    }

    func format(_ row: ResultRow) -> String {
        let mbps = Double(row.bytes) / 1e6 / row.median
        let rps = Double(row.records) / row.median
        let best = Double(row.bytes) / 1e6 / (row.seconds.min() ?? 1)
        let worst = Double(row.bytes) / 1e6 / (row.seconds.max() ?? 1)
        return pad(row.name, 46) + pad(String(format1(mbps)) + " MB/s", 14) + pad(format1(rps / 1000) + "k rec/s", 16)
            + "(runs: \(format1(worst))–\(format1(best)) MB/s)"
    }

    func print() {
        Swift.print("")
        Swift.print(pad("scenario", 46) + pad("median", 14) + pad("records", 16) + "spread")
        for row in rows { Swift.print(format(row)) }
    }

    func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
    func format1(_ x: Double) -> String {
        let scaled = (x * 10).rounded() / 10
        return String(scaled)
    }
}
