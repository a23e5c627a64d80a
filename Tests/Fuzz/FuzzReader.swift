// libFuzzer target: the tokenizer, framing, error recovery, a stage and the writers.
// Built by Tests/Fuzz/run.sh together with the library sources (not part of `swift build`).
//
// The first input byte picks the format, the error policy and a chunk size; the rest is fed
// to a reader in chunks. Invariants checked on every input (a violation crashes the fuzzer):
// - every delivered record's NDJSON output is valid JSON (re-tokenized strictly);
// - the counts reconcile: records started = delivered + rejected;
// - the same bytes fed all at once give the same records and errors as fed in chunks;
// - the reader's fast path (CompactRecordScanner) changes nothing: the tokenizer alone gives
//   the same records, member tables, locations and errors.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let control = data[0]
    let formats: [InputFormat] = [.auto, .ndjson, .list, .array]
    let format = formats[Int(control & 3)]
    let policy: ErrorPolicy = control & 4 == 0 ? .fail : .skip
    let chunk = [1, 2, 3, 7, 64, 4096, Int.max, 13][Int((control >> 3) & 7)]
    let body = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    let options = UserRecordReader.Options(format: format, maxDepth: 64, maxRecordBytes: 4096, readSize: 4096, errorPolicy: policy)
    let chunked = run(body, options: options, chunk: chunk)
    let whole = run(body, options: options, chunk: Int.max)
    precondition(chunked == whole, "chunking changed the result")
    let tokenizerOnly = run(body, options: options, chunk: chunk, compact: false)
    precondition(chunked == tokenizerOnly, "the compact scanner changed the result")
    return 0
}

struct Outcome: Equatable {
    var records: [[UInt8]] = []
    var rejects: [String] = []
    var failure: String?
    /// Per record: its location, whitespace flag and member table.
    var tables: [String] = []
}

func run(_ bytes: UnsafeRawBufferPointer, options: UserRecordReader.Options, chunk: Int, compact: Bool = true) -> Outcome {
    var outcome = Outcome()
    var reader = UserRecordReader(options: options)
    reader.usesCompactScanner = compact
    var rejected = 0
    reader.onReject = { r in
        rejected += 1
        outcome.rejects.append("\(r.error)")
        // Masking must never crash and never grow a value into a password.
        _ = PasswordMasking.mask(r.raw)
    }
    let sink = MemorySink()
    let out = OutputBuffer(sink: sink, flushThreshold: 1 << 16)
    var redact = RedactPassword()
    var csv = CSVWriter()
    let handle: (inout UserRecord) throws -> Void = { record in
        outcome.tables.append("\(record.location) \(record.storage.hasWhitespace) "
            + record.storage.fields.map { "\($0.keyStart) \($0.keyEnd) \($0.valueStart) \($0.valueEnd) \($0.flags.rawValue) \($0.kind)" }.joined(separator: ";"))
        _ = try redact.process(&record)
        let json = record.jsonBytes()
        do {
            _ = try JSONValue(json: json)
        } catch {
            preconditionFailure("output is not JSON: \(String(decoding: json, as: UTF8.self))")
        }
        precondition(record.password == nil, "password survived redaction")
        try csv.write(record, to: out)
        outcome.records.append(json)
    }
    do {
        var offset = 0
        while offset < bytes.count {
            let n = min(chunk, bytes.count - offset)
            try reader.consume(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + n]), handle)
            offset += n
        }
        try reader.finish(handle)
    } catch {
        outcome.failure = "\(error)"
    }
    precondition(reader.recordsStarted >= outcome.records.count + (outcome.failure == nil ? rejected : rejected - 1),
                 "records unaccounted for")
    return outcome
}
