/// The growth rule of the raw byte buffers (``InputBuffer``, ``OutputBuffer``): 64-byte aligned
/// allocations that at least double, keeping what is stored.
@usableFromInline enum ByteAllocation {
    /// Moves the first `count` bytes of `bytes` (allocated with `capacity`) into a new allocation
    /// of at least `minimum` bytes and twice `capacity`, frees the old one, and returns the new
    /// memory and its size.
    @usableFromInline package static func grow(
        _ bytes: UnsafeMutableRawPointer, count: Int, capacity: Int, to minimum: Int
    ) -> (bytes: UnsafeMutableRawPointer, capacity: Int) {
        let newCapacity = max(minimum, capacity * 2)
        let newBytes = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 64)
        newBytes.copyMemory(from: bytes, byteCount: count)
        bytes.deallocate()
        return (newBytes, newCapacity)
    }
}
