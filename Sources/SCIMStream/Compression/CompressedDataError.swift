/// Compressed input that cannot be decompressed: where and why.
public struct CompressedDataError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The byte offset in the compressed input where decoding stopped.
    public var offset: Int
    /// What is wrong (`invalid block type`, `CRC mismatch`, …).
    public var reason: String
    /// The input is another compression format, not damaged gzip.
    public var isOtherFormat = false

    /// Creates an error.
    public init(offset: Int, reason: String, isOtherFormat: Bool = false) {
        self.offset = offset
        self.reason = reason
        self.isOtherFormat = isOtherFormat
    }

    /// `bad gzip data at compressed byte N: REASON`, or the reason alone for another format.
    public var description: String { isOtherFormat ? reason : "bad gzip data at compressed byte \(offset): \(reason)" }
}
