/// Turns records into output bytes, appended to an ``OutputBuffer``.
///
/// A writer streams: it keeps at most one record (one batch, for Bulk) between calls.
public import SCIMJSON

public protocol RecordWriter {
    /// Writes whatever comes before the first record (a header, an opening bracket).
    mutating func begin(to out: OutputBuffer) throws
    /// Writes one record.
    ///
    /// - Throws: ``StageRejection`` when this record cannot be written (it is rejected, and
    ///   the output holds nothing of it); other errors stop the run.
    mutating func write(_ record: UserRecord, to out: OutputBuffer) throws
    /// Writes whatever comes after the last record.
    mutating func end(to out: OutputBuffer) throws
    /// Bytes written somewhere other than `out` (Bulk documents in files), for statistics.
    var externalBytes: Int { get }
}

extension RecordWriter {
    /// Nothing before the first record.
    public mutating func begin(to out: OutputBuffer) throws {}
    /// Nothing after the last record.
    public mutating func end(to out: OutputBuffer) throws {}
    /// Everything goes to `out`.
    public var externalBytes: Int { 0 }
}

/// Writes each record as one line of compact JSON (NDJSON, also known as JSON Lines).
public struct NDJSONWriter: RecordWriter {
    /// Creates the writer.
    public init() {}

    /// Appends the record and a newline.
    public mutating func write(_ record: UserRecord, to out: OutputBuffer) throws {
        record.writeJSON(to: out)
        out.append(._newline)
    }
}
