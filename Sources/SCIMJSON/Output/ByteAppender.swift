/// Where compact JSON can be appended: an ``OutputBuffer`` or a byte array.
@usableFromInline package protocol ByteAppender {
    mutating func append(_ bytes: UnsafeRawBufferPointer)
    mutating func append(_ byte: UInt8)
}

extension OutputBuffer: ByteAppender {}

extension Array: ByteAppender where Element == UInt8 {
    @inlinable package mutating func append(_ bytes: UnsafeRawBufferPointer) { append(contentsOf: bytes) }
}
