public import SCIMJSON

/// Writes all records as one SCIM ListResponse, streaming.
///
/// `Resources` comes first, one user per line, and `totalResults`, `startIndex` and
/// `itemsPerPage` follow it (RFC 7644 lets members come in any order), so nothing but the
/// current record is held in memory.
public struct ListResponseWriter: RecordWriter, Sendable {
    var count = 0

    /// Creates the writer.
    public init() {}

    /// Opens the document.
    public mutating func begin(to out: OutputBuffer) throws {
        out.append(#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"Resources":["#)
    }

    /// Appends one user to `Resources`.
    public mutating func write(_ record: UserRecord, to out: OutputBuffer) throws {
        out.append(count == 0 ? ._newline : ._comma)
        if count > 0 { out.append(._newline) }
        record.writeJSON(to: out)
        count += 1
    }

    /// Closes `Resources` and writes the counts.
    public mutating func end(to out: OutputBuffer) throws {
        if count > 0 { out.append(._newline) }
        out.append(#"],"totalResults":\#(count),"startIndex":1,"itemsPerPage":\#(count)}"#)
        out.append(._newline)
    }
}
