/// A growable byte buffer holding a window of the input, from absolute offset ``base``.
///
/// A class because it owns raw memory; only its reader uses it, so exclusivity is not checked
/// at run time on the byte path.
@usableFromInline package final class InputBuffer {
    @exclusivity(unchecked) @usableFromInline var storedBytes: UnsafeMutableRawPointer
    /// Start of the buffered bytes.
    @inlinable package var bytes: UnsafeMutableRawPointer { storedBytes }
    @exclusivity(unchecked) @usableFromInline var storedCapacity: Int
    /// Allocated size.
    @inlinable package var capacity: Int { storedCapacity }
    @exclusivity(unchecked) @usableFromInline var storedCount: Int = 0
    /// Number of valid bytes.
    @inlinable package var count: Int {
        get { storedCount }
        set { storedCount = newValue }
    }
    @exclusivity(unchecked) @usableFromInline var storedBase: Int = 0
    /// Absolute input offset of `bytes[0]`.
    @inlinable package var base: Int { storedBase }

    @inlinable package init(capacity: Int) {
        self.storedCapacity = capacity
        storedBytes = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 64)
    }

    deinit { bytes.deallocate() }

    /// First free byte.
    @inlinable package var end: UnsafeMutableRawPointer { bytes + count }

    /// Appends `n` bytes; the caller has made room.
    @inlinable package func append(_ source: UnsafeRawPointer, count n: Int) {
        precondition(capacity - count >= n)
        (bytes + count).copyMemory(from: source, byteCount: n)
        count += n
    }

    /// Drops every byte before absolute offset `offset`, moving the rest to the front.
    @inlinable package func discard(upTo offset: Int) {
        let drop = min(max(0, offset - base), count)
        guard drop > 0 else { return }
        if drop < count {
            bytes.copyMemory(from: bytes + drop, byteCount: count - drop)
        }
        count -= drop
        storedBase += drop
    }

    /// Empties the buffer and makes its next byte absolute offset `offset`.
    @inlinable package func restart(at offset: Int) {
        count = 0
        storedBase = offset
    }

    /// Grows the allocation to at least `minimum` bytes, keeping the contents.
    @inlinable package func grow(to minimum: Int) {
        guard minimum > capacity else { return }
        (storedBytes, storedCapacity) = ByteAllocation.grow(bytes, count: count, capacity: capacity, to: minimum)
    }
}
