/// A record that could not be read or was refused, with its bytes for the rejects file.
public struct RejectedRecord: Sendable {
    /// Why, and where.
    public var error: RecordError
    /// The record's bytes as read (at most ``UserRecordReader/rawLimit``); may hold a password.
    public var raw: [UInt8]
    /// `raw` was cut at the limit.
    public var rawIsTruncated: Bool

    /// Creates a rejected record.
    public init(error: RecordError, raw: [UInt8], rawIsTruncated: Bool) {
        self.error = error
        self.raw = raw
        self.rawIsTruncated = rawIsTruncated
    }
}
