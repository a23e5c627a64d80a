/// A growable byte buffer holding a window of the input, from absolute offset ``base``.
///
/// A class because it owns raw memory; only its reader uses it, so exclusivity is not checked
/// at run time on the byte path.
final class InputBuffer {
    /// Start of the buffered bytes.
    @exclusivity(unchecked) private(set) var bytes: UnsafeMutableRawPointer
    /// Allocated size.
    @exclusivity(unchecked) private(set) var capacity: Int
    /// Number of valid bytes.
    @exclusivity(unchecked) var count = 0
    /// Absolute input offset of `bytes[0]`.
    @exclusivity(unchecked) private(set) var base = 0

    init(capacity: Int) {
        self.capacity = capacity
        bytes = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 64)
    }

    deinit { bytes.deallocate() }

    /// First free byte.
    var end: UnsafeMutableRawPointer { bytes + count }

    /// Appends `n` bytes; the caller has made room.
    func append(_ source: UnsafeRawPointer, count n: Int) {
        precondition(capacity - count >= n)
        (bytes + count).copyMemory(from: source, byteCount: n)
        count += n
    }

    /// Drops every byte before absolute offset `offset`, moving the rest to the front.
    func discard(upTo offset: Int) {
        let drop = min(max(0, offset - base), count)
        guard drop > 0 else { return }
        if drop < count {
            bytes.copyMemory(from: bytes + drop, byteCount: count - drop)
        }
        count -= drop
        base += drop
    }

    /// Empties the buffer and makes its next byte absolute offset `offset`.
    func restart(at offset: Int) {
        count = 0
        base = offset
    }

    /// Grows the allocation to at least `minimum` bytes, keeping the contents.
    func grow(to minimum: Int) {
        guard minimum > capacity else { return }
        let newCapacity = max(minimum, capacity * 2)
        let newBytes = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 64)
        newBytes.copyMemory(from: bytes, byteCount: count)
        bytes.deallocate()
        bytes = newBytes
        capacity = newCapacity
    }
}
