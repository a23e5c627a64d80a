/// Compressed input that cannot be decompressed: where and why.
public struct CompressedDataError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The byte offset in the compressed input where decoding stopped.
    public var offset: Int
    /// What is wrong (`invalid block type`, `CRC mismatch`, …).
    public var reason: String

    /// Creates an error.
    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    /// `bad gzip data at compressed byte N: REASON`.
    public var description: String { "bad gzip data at compressed byte \(offset): \(reason)" }
}
