import SCIMStream

// Users on standard input (NDJSON, ListResponse pages, arrays, gzip) to CSV on standard
// output, user names lower-cased: streamed, one record in memory, nothing buffered whole.
let pipeline = Pipeline(
    stages: [try CaseNormalization.lowercase("userName")],
    writer: CSVWriter(options: .init(columns: CSVColumnPreset.minimal.columns)))
let stdout = OutputBuffer(sink: FileDescriptorSink(fd: 1, name: "<stdout>"))
let stats = try pipeline.run([.standardInput], to: stdout)
try FileDescriptorSink(fd: 2, name: "<stderr>").write("\(stats.recordsWritten) users\n")
