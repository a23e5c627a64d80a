/// Where each string and container of one compact JSON value ends, indexed by where it starts.
///
/// The reader's fast path fills it while it validates a record, at no extra pass: for every
/// string (keys included), object and array that starts at byte offset `k` of the record,
/// `ends[k]` is the offset just past its last byte (``offsetMask``), and for a string, whether
/// it holds a backslash escape (``escapesFlag``), so that key comparisons and cell writers
/// need not search for one. Navigation (``JSONSlice``) then skips a
/// value with one load instead of scanning its bytes, the way Foundation's `JSONMap` lets
/// each container know where it ends. Entries at other offsets are stale and never read.
///
/// The table is dense (four bytes per record byte) so that a lookup needs no search; its
/// capacity is bounded by ``maximumCount``, and a longer record is read without one.
@usableFromInline package final class ValueEnds {
    /// The largest record (in bytes) a table covers: 256 KiB, so a table takes at most 1 MiB.
    package static let maximumCount = 256 << 10
    /// The bits of an entry that hold the end offset.
    @inlinable package static var offsetMask: UInt32 { 0x7FFF_FFFF }
    /// The bit of a string's entry set when the string holds a backslash escape.
    @inlinable package static var escapesFlag: UInt32 { 0x8000_0000 }

    /// The entries; `ends[k]` is meaningful only where a string or container starts at `k`.
    @exclusivity(unchecked) package private(set) var ends: UnsafeMutablePointer<UInt32>
    /// How many entries ``ends`` holds.
    @exclusivity(unchecked) package private(set) var capacity: Int

    /// A table with room for a record of `capacity` bytes.
    package init(capacity: Int = 4096) {
        self.capacity = max(capacity, 64)
        ends = .allocate(capacity: self.capacity)
    }

    deinit { ends.deallocate() }

    /// Makes room for a record of `count` bytes (at most ``maximumCount``); old entries may be lost.
    package func reserve(_ count: Int) {
        guard count > capacity else { return }
        ends.deallocate()
        capacity = min(max(count, capacity * 2), max(count, Self.maximumCount))
        ends = .allocate(capacity: capacity)
    }

    /// A copy holding the first `count` entries.
    package func copy(count: Int) -> ValueEnds {
        let other = ValueEnds(capacity: count)
        other.ends.update(from: ends, count: min(count, capacity))
        return other
    }
}
