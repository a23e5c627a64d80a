public import SCIMJSON

/// Turns records into output bytes, appended to an ``OutputBuffer``.
///
/// A writer streams: it keeps at most one record (one batch, for Bulk) between calls.
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
    /// True when copies of the writer, each writing part of the records into its own buffer
    /// (the original writes ``begin(to:)`` and ``end(to:)``), give, concatenated in input
    /// order, the bytes one writer gives: each record's output depends on that record only.
    /// The pipeline runs on several threads only for such a writer.
    ///
    /// Default: false (a writer that batches or numbers records, as Bulk does, cannot).
    var runsOnCopies: Bool { get }
}

extension RecordWriter {
    /// Nothing before the first record.
    public mutating func begin(to out: OutputBuffer) throws {}
    /// Nothing after the last record.
    public mutating func end(to out: OutputBuffer) throws {}
    /// Everything goes to `out`.
    public var externalBytes: Int { 0 }
    /// Not unless the writer says so.
    public var runsOnCopies: Bool { false }
}

/// Writes each record as one line of compact JSON (NDJSON, also known as JSON Lines).
public struct NDJSONWriter: RecordWriter {
    /// Creates the writer.
    public init() {}

    /// Each line depends on its record only.
    public var runsOnCopies: Bool { true }

    /// Appends the record and a newline.
    public mutating func write(_ record: UserRecord, to out: OutputBuffer) throws {
        record.writeJSON(to: out)
        out.append(._newline)
    }
}
