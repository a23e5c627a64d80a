import SCIMJSON

/// The input bytes a reader holds, from absolute offset ``base``, and the one rule for which
/// of them must stay buffered.
///
/// Every part of the reader states what it still needs in a ``Claims`` value; ``retainFrom(_:)``
/// turns the claims into the first offset to keep. The same offset bounds what the tokenizer may
/// scan (``scannable(_:base:_:maxRecordBytes:)``: a record's size is counted from it) and decides
/// what ``makeRoom(atLeast:keeping:)`` may drop, so the two can never disagree.
struct RetainedWindow {
    /// What the parts of the reader still need, as absolute offsets.
    struct Claims: Equatable {
        /// The tokenizer's ``JSONTokenizer/retainFrom``: the start of a token in progress, or
        /// its position.
        var token: Int
        /// The tokenizer's ``JSONTokenizer/position``: everything before it was scanned.
        var scanned: Int
        /// The start of the record being read, or of a damaged element being skipped (the
        /// framer's ``RecordFramer/retainFrom``), when there is one.
        var element: Int?
        /// The record being read is too large: its bytes are dropped as soon as they are scanned.
        var discardsElement: Bool
        /// Where the search for the end of a damaged line goes on, while one is skipped.
        var lineSkip: Int?
    }

    /// The buffered bytes.
    let buffer: InputBuffer

    /// Creates an empty window that can hold `capacity` bytes before it grows.
    init(capacity: Int) {
        buffer = InputBuffer(capacity: capacity)
    }

    // MARK: - The rule

    /// The first absolute offset that must stay buffered.
    ///
    /// A line being skipped abandoned everything before its search point, so the search point
    /// alone counts; a record being discarded keeps only its unscanned bytes; otherwise the
    /// earliest of what the tokenizer needs and the record or damaged element in progress.
    static func retainFrom(_ claims: Claims) -> Int {
        if let searchFrom = claims.lineSkip { return searchFrom }
        if claims.discardsElement { return claims.scanned }
        guard let element = claims.element else { return claims.token }
        return min(element, claims.token)
    }

    /// The absolute offset the tokenizer may scan up to (exclusive): one byte past the record
    /// size limit counted from ``retainFrom(_:)``, so every size decision falls on the same byte
    /// whatever the chunking. No limit while a record is discarded (its size was reported).
    static func scanEnd(_ claims: Claims, maxRecordBytes: Int) -> Int {
        claims.discardsElement ? .max : retainFrom(claims) + maxRecordBytes + 1
    }

    /// True when a window of `count` buffered bytes may be longer than the tokenizer may scan.
    /// Every offset ``retainFrom(_:)`` returns is still buffered, so a window no longer than the
    /// limit plus one byte is never cut, and the rule need not be applied to it.
    static func mayCut(count: Int, maxRecordBytes: Int) -> Bool {
        count > maxRecordBytes + 1
    }

    /// What the tokenizer may scan of `all`, the buffered bytes from absolute offset `base`:
    /// `all` cut at ``scanEnd(_:maxRecordBytes:)``. Also returns ``retainFrom(_:)``, from where
    /// the size limit counts.
    static func scannable(
        _ all: UnsafeRawBufferPointer, base: Int, _ claims: Claims, maxRecordBytes: Int
    ) -> (bytes: UnsafeRawBufferPointer, anchor: Int) {
        let anchor = retainFrom(claims)
        let end = scanEnd(claims, maxRecordBytes: maxRecordBytes)
        guard end - base < all.count else { return (all, anchor) }
        return (UnsafeRawBufferPointer(rebasing: all[..<max(end - base, 0)]), anchor)
    }

    // MARK: - Bytes

    /// Absolute offset of the first buffered byte.
    var base: Int { buffer.base }
    /// Absolute offset just past the last buffered byte: the number of bytes consumed so far.
    var end: Int { buffer.base + buffer.count }
    /// Bytes the window can hold before it grows.
    var capacity: Int { buffer.capacity }
    /// Address of the first buffered byte (absolute offset ``base``).
    var address: UnsafeMutableRawPointer { buffer.bytes }
    /// Number of bytes buffered.
    var count: Int { buffer.count }
    /// Everything buffered, starting at ``base``.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: buffer.bytes, count: buffer.count) }

    /// A copy of buffered bytes `[start, end)` (absolute offsets, clamped to what is buffered).
    func copy(from start: Int, to end: Int) -> [UInt8] {
        let s = max(start, buffer.base) - buffer.base
        let e = min(end, buffer.base + buffer.count) - buffer.base
        guard e > s else { return [] }
        return Array(UnsafeRawBufferPointer(start: buffer.bytes + s, count: e - s))
    }

    // MARK: - Filling

    /// Drops the bytes that `claims` no longer need and grows the buffer if what stays needs
    /// the space; returns the free space at the end (at least `wanted` bytes).
    func makeRoom(atLeast wanted: Int, keeping claims: Claims) -> Int {
        if buffer.capacity - buffer.count >= wanted { return buffer.capacity - buffer.count }
        buffer.discard(upTo: Self.retainFrom(claims))
        if buffer.capacity - buffer.count < wanted {
            // What stays buffered is at most the limit plus what was read but not yet scanned
            // (the drain loop scans no further than scanEnd), so this growth is bounded.
            buffer.grow(to: buffer.count + wanted)
        }
        return buffer.capacity - buffer.count
    }

    /// Appends `count` bytes from `source`; ``makeRoom(atLeast:keeping:)`` made room for them.
    func append(_ source: UnsafeRawPointer, count: Int) {
        buffer.append(source, count: count)
    }

    /// Reads up to `count` bytes from `fd` into the free space; returns how many (0 at its end).
    func read(from fd: Int32, count: Int) throws(IOError) -> Int {
        let n = try SystemCall.read(fd, into: buffer.end, count: count)
        buffer.count += n
        return n
    }

    /// Empties the window and makes its next byte absolute offset `offset`.
    func restart(at offset: Int) {
        buffer.restart(at: offset)
    }
}
