import SCIMJSON

/// Writes rejected records to a file, one JSON line each:
/// `{"source","line","column","offset","record","error","raw"}`.
///
/// `raw` holds the record's bytes as a JSON string, cut at 64 KiB (`"raw_truncated": true`),
/// with invalid UTF-8 replaced by U+FFFD (`"raw_invalid_utf8": true`), and nothing after a
/// password key: that part becomes `"***"` (`"raw_hidden_after_password": true`) and the error
/// quotes no byte (``RedactedReject``). The file is written like every output
/// (``OutputTarget``): a regular file through a private temporary file renamed over it when
/// closed, whether or not the run succeeded; a device, FIFO or `/dev/fd` path in place.
public final class RejectsWriter {
    let target: OutputTarget
    let out: OutputBuffer
    /// Lines written.
    public private(set) var count = 0

    /// Opens the rejects file.
    ///
    /// - Throws: ``IOError`` when it cannot be created.
    public init(path: String) throws {
        target = try OutputTarget(path: path)
        out = OutputBuffer(sink: target.sink, flushThreshold: 64 << 10)
    }

    /// Writes one rejected record from `source`, redacted.
    public func write(source: String, _ rejected: RejectedRecord) throws {
        try write(source: source, RedactedReject(rejected))
    }

    /// Writes one rejected record from `source` that is already redacted.
    package func write(source: String, _ rejected: RedactedReject) throws {
        out.append(Self.line(source: source, rejected))
        count += 1
        try out.recordDone()
    }

    /// The JSON line for one redacted rejected record, newline included.
    package static func line(source: String, _ rejected: RedactedReject) -> [UInt8] {
        let e = rejected.error
        var line: [UInt8] = Array(#"{"source":"#.utf8)
        JSONEscaping.appendQuoted(source, to: &line)
        line += Array(
            #","line":\#(e.location.line),"column":\#(e.location.column),"offset":\#(e.location.offset),"record":\#(e.recordNumber),"error":"#.utf8)
        JSONEscaping.appendQuoted(e.message, to: &line)
        let masked = rejected.raw
        let text = String(decoding: masked, as: UTF8.self)
        let invalid = text.utf8.count != masked.count || !text.utf8.elementsEqual(masked)
        line += Array(#","raw":"#.utf8)
        JSONEscaping.appendQuoted(text, to: &line)
        if rejected.rawIsTruncated { line += Array(#","raw_truncated":true"#.utf8) }
        if rejected.rawIsHiddenAfterPassword { line += Array(#","raw_hidden_after_password":true"#.utf8) }
        if invalid { line += Array(#","raw_invalid_utf8":true"#.utf8) }
        line += [._closeBrace, ._newline]
        return line
    }

    /// Flushes and renames the file into place.
    public func close() throws {
        try out.flush()
        try target.commit()
    }
}
