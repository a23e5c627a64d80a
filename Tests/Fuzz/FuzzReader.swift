#if canImport(Glibc)
    import Glibc
#endif
// libFuzzer target: the tokenizer, framing, error recovery, a stage and the writers.
// Built by Tests/Fuzz/run.sh together with the library sources (not part of `swift build`).
//
// The first input byte picks the format, the error policy and a chunk size; the rest is fed
// to a reader in chunks. Invariants checked on every input (a violation crashes the fuzzer):
// - every delivered record's NDJSON output is valid JSON (re-tokenized strictly);
// - the counts reconcile: records started = delivered + rejected;
// - the same bytes fed all at once give the same records and errors as fed in chunks;
// - the reader's fast path (CompactRecordScanner) changes nothing: the tokenizer alone gives
//   the same records, member tables, locations, errors and CSV rows;
// - navigating a record through its value-ends table finds exactly what scanning finds;
// - no secret reaches a report (issue 11): see `checkNoPasswordLeaks`.

/// libFuzzer entry point: one reader input (control byte, then the bytes).
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
    checkNoPasswordLeaks(body, chunked.shown)
    return 0
}

/// The distinctive secret the seeds (run.sh) put after their password keys.
let secret = Array("Zq7Xw9Kp".utf8)

/// No run of four bytes of a password value may reach a report.
///
/// Precisely: on each line of the input, the password region starts just after the first run
/// of bytes between two neighbouring quotes (`"…"`, no backslash inside) that ``PasswordKey``
/// calls a password key, and ends at the line's end or where a next record would start on
/// that line (`}` then spaces or commas then `{`; the rule covers the key's own record). Every four-byte window of `secret` that
/// occurs in some region and nowhere else in the input must be absent from every rejects line
/// (raw text and message, as the rejects file writes them) and from the message of the error
/// that stops the run. And a message whose position lies in a region quotes no byte when its
/// record's bytes hold the key (another record later on the line may quote its own bytes).
func checkNoPasswordLeaks(_ input: UnsafeRawBufferPointer, _ shown: [Shown]) {
    let bytes = Array(input)
    var inRegion = [Bool](repeating: false, count: bytes.count)
    var lineStart = 0
    while lineStart < bytes.count {
        var lineEnd = lineStart
        while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
        if let keyEnd = firstPlainPasswordKeyEnd(bytes[lineStart..<lineEnd]) {
            // The region stops where the next record on the line would start (`}` `,` `{`):
            // the bytes of another record are that record's to show.
            var k = keyEnd
            while k < lineEnd && !startsNextRecord(bytes, k, lineEnd) {
                inRegion[k] = true
                k += 1
            }
        }
        lineStart = lineEnd + 1
    }
    func occurs(_ w: ArraySlice<UInt8>, inside: Bool) -> Bool {
        guard bytes.count >= 4 else { return false }
        for k in 0...(bytes.count - 4) where bytes[k..<k + 4].elementsEqual(w) {
            if (inRegion[k] && inRegion[k + 3]) == inside { return true }
        }
        return false
    }
    let windows = (0...(secret.count - 4)).map { secret[$0..<$0 + 4] }.filter { occurs($0, inside: true) && !occurs($0, inside: false) }
    for (text, offset, recordHasKey) in shown {
        for w in windows {
            var k = 0
            while k + 4 <= text.count {
                require(
                    !text[k..<k + 4].elementsEqual(w),
                    "a report shows \(String(decoding: w, as: UTF8.self)): \(String(decoding: text, as: UTF8.self))")
                k += 1
            }
        }
        if recordHasKey && offset >= 0 && offset < bytes.count && inRegion[offset] {
            let message = String(decoding: text, as: UTF8.self)
            require(
                !message.contains("character '") && !message.contains("character 0x"),
                "a message quotes a byte after a password key: \(message)")
        }
    }
}

struct Outcome: Equatable {
    var records: [[UInt8]] = []
    var rejects: [String] = []
    var failure: String?
    /// Per record: its location, whitespace flag and member table.
    var tables: [String] = []
    /// The CSV rows written (navigation through the value-ends table on the fast path).
    var csv: [UInt8] = []
    /// What reports would show: each rejects line and the stopping error's message, with the
    /// error's offset into the input (not compared: it is checked on its own).
    var shown: [Shown] = []

    static func == (a: Outcome, b: Outcome) -> Bool {
        a.records == b.records && a.rejects == b.rejects && a.failure == b.failure && a.tables == b.tables && a.csv == b.csv
    }
}

func run(_ bytes: UnsafeRawBufferPointer, options: UserRecordReader.Options, chunk: Int, compact: Bool = true) -> Outcome {
    var outcome = Outcome()
    var reader = UserRecordReader(options: options)
    reader.usesCompactScanner = compact
    var rejected = 0
    var last: (original: RecordError, shown: RecordError, hasKey: Bool)?
    reader.onReject = { r in
        rejected += 1
        outcome.rejects.append("\(r.error)")
        // What the rejects file and the diagnostics would show (Pipeline.report).
        let redacted = RedactedReject(r)
        let hasKey = r.raw.split(separator: 0x0A, omittingEmptySubsequences: false).contains { firstPlainPasswordKeyEnd($0) != nil }
        last = (r.error, redacted.error, hasKey)
        outcome.shown.append((RejectsWriter.line(source: "<fuzz>", redacted), r.error.location.offset, hasKey))
    }
    let sink = MemorySink()
    let out = OutputBuffer(sink: sink, flushThreshold: 1 << 16)
    var redact = RedactPassword()
    var csv = CSVWriter()
    let handle: (inout UserRecord) throws -> Void = { record in
        outcome.tables.append(
            "\(record.location) \(record.storage.hasWhitespace) "
                + record.storage.fields.map { "\($0.keyStart) \($0.keyEnd) \($0.valueStart) \($0.valueEnd) \($0.flags.rawValue) \($0.kind)" }.joined(
                    separator: ";"))
        record.withView { view in
            for index in view.fields.indices {
                let plain = JSONSlice(base: view.bytes, start: view.fields[index].valueStart, end: view.fields[index].valueEnd)
                precondition(walk(view.value(index)) == walk(plain), "the value-ends table changed navigation")
            }
        }
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
            try reader.consume(unsafeBytes: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + n]), handle)
            offset += n
        }
        try reader.finish(handle)
        try out.flush()
    } catch {
        outcome.failure = "\(error)"
        if let e = error as? RecordError {
            // The error that stops a run, as Pipeline.redacted shows it.
            let matched = last?.original == e
            let shown = matched ? last!.shown : RedactedReject.withoutQuotedByte(e)
            outcome.shown.append((Array(shown.description.utf8), e.location.offset, matched ? last!.hasKey : true))
        }
    }
    outcome.csv = sink.bytes
    precondition(
        reader.recordsStarted >= outcome.records.count + (outcome.failure == nil ? rejected : rejected - 1),
        "records unaccounted for")
    return outcome
}

/// Every slice reachable from `value` (members, keys, elements, escapes), as text.
func walk(_ value: JSONSlice) -> [String] {
    var out: [String] = []
    func visit(_ value: JSONSlice) {
        out.append("\(value.start)-\(value.end) \(value.kind) \(value.kind == .string && value.stringHasEscapes)")
        if value.kind == .object {
            var members = JSONSlice.MemberIterator(value)
            while let (key, member) = members.next() {
                out.append("key \(key.start)-\(key.end) \(key.stringHasEscapes) \(key.equalsName(Array("value".utf8)))")
                visit(member)
            }
        } else if value.kind == .array {
            var elements = JSONSlice.ElementIterator(value)
            while let element = elements.next() { visit(element) }
        }
    }
    visit(value)
    return out
}

/// Just past the first password key in `line`: bytes between two neighbouring quotes, no
/// backslash among them, that ``PasswordKey`` accepts.
func firstPlainPasswordKeyEnd(_ line: ArraySlice<UInt8>) -> Int? {
    var i = line.startIndex
    while i < line.endIndex && line[i] != 0x22 { i += 1 }
    while i < line.endIndex {
        var j = i + 1
        while j < line.endIndex && line[j] != 0x22 { j += 1 }
        guard j < line.endIndex else { return nil }
        let name = line[(i + 1)..<j]
        if !name.contains(0x5C) && PasswordKey.matches(decodedName: name) { return j + 1 }
        i = j
    }
    return nil
}

/// True when `bytes[k...]` reads `}`, spaces or commas, then `{` (before `end`).
func startsNextRecord(_ bytes: [UInt8], _ k: Int, _ end: Int) -> Bool {
    guard bytes[k] == 0x7D else { return false }
    var j = k + 1
    while j < end && (bytes[j] == 0x20 || bytes[j] == 0x2C || bytes[j] == 0x09 || bytes[j] == 0x0D) { j += 1 }
    return j < end && bytes[j] == 0x7B
}

/// What a report shows, where its error is, and whether its record's bytes hold a password key.
typealias Shown = (text: [UInt8], offset: Int, recordHasKey: Bool)

/// `precondition` that prints its message in optimised builds too (they drop it).
func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition {
        var text = message() + "\n"
        text.withUTF8 { _ = fwrite($0.baseAddress, 1, $0.count, stderr) }
        fflush(stderr)
        preconditionFailure()
    }
}
