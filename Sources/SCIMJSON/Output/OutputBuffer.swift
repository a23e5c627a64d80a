/// One reusable output buffer that writers append to; it flushes to its sink in large blocks.
///
/// Writers append whole records and call ``recordDone()``; the buffer writes through once it
/// holds at least ``flushThreshold`` bytes, so the system sees few, large `write(2)` calls.
///
/// A record larger than the buffer does not make it grow: what is buffered is written out
/// first, and a single append larger than the buffer goes straight to the sink, so memory
/// stays at twice the threshold whatever the record's size. An error of such a write is
/// thrown by the next ``recordDone()`` or ``flush()``.
public final class OutputBuffer {
    /// Where flushed bytes go.
    public var sink: any ByteSink
    /// Flush once this many bytes are buffered (default 256 KiB).
    public let flushThreshold: Int
    @exclusivity(unchecked) @usableFromInline var storedBytes: UnsafeMutableRawPointer
    @inlinable package var bytes: UnsafeMutableRawPointer { storedBytes }
    @exclusivity(unchecked) @usableFromInline var storedCapacity: Int
    @inlinable package var capacity: Int { storedCapacity }
    /// Storage of ``count``.
    @exclusivity(unchecked) @usableFromInline var storedCount = 0
    /// Bytes buffered and not yet flushed.
    @inlinable public var count: Int { storedCount }
    /// Storage of ``flushedBytes``.
    @exclusivity(unchecked) @usableFromInline var storedFlushedBytes = 0
    /// Bytes handed to the sink so far.
    @inlinable public var flushedBytes: Int { storedFlushedBytes }
    /// The error of a write made while appending, thrown by the next `recordDone` or `flush`.
    @usableFromInline var deferredError: (any Error)?
    @exclusivity(unchecked) @usableFromInline var hasDeferredError = false

    /// Creates a buffer in front of `sink`.
    @inlinable public init(sink: any ByteSink, flushThreshold: Int = 256 << 10) {
        self.sink = sink
        self.flushThreshold = flushThreshold
        storedCapacity = flushThreshold * 2
        storedBytes = UnsafeMutableRawPointer.allocate(byteCount: flushThreshold * 2, alignment: 64)
    }

    deinit { bytes.deallocate() }

    /// Total bytes appended (flushed or not).
    @inlinable public var totalBytes: Int { flushedBytes + count }

    /// Appends `n` bytes from `source`.
    @inline(__always)
    @inlinable package func append(_ source: UnsafeRawPointer, count n: Int) {
        if count + n > capacity, spill(source, count: n) { return }
        (bytes + count).copyMemory(from: source, byteCount: n)
        storedCount += n
    }

    /// Appends the bytes of `buffer`.
    @inline(__always)
    @inlinable package func append(_ buffer: UnsafeRawBufferPointer) {
        guard let base = buffer.baseAddress else { return }
        append(base, count: buffer.count)
    }

    /// Appends one byte.
    @inline(__always)
    @inlinable public func append(_ byte: UInt8) {
        if count == capacity { _ = spill(nil, count: 1) }
        bytes.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        storedCount += 1
    }

    /// Appends an array of bytes.
    @inlinable public func append(_ array: [UInt8]) {
        array.withUnsafeBytes { append($0) }
    }

    /// Appends the UTF-8 of `text`.
    @inlinable public func append(_ text: String) {
        var text = text
        text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Current write position, for writers that patch or measure what they wrote.
    @inlinable var writePointer: UnsafeMutableRawPointer { bytes + count }

    /// Reserves `n` bytes at the end and returns where they start (the caller fills them).
    @inline(__always)
    @inlinable func reserve(_ n: Int) -> UnsafeMutableRawPointer {
        if count + n > capacity { grow(count + n) }
        let p = bytes + count
        storedCount += n
        return p
    }

    /// Gives back the last `n` appended bytes (not yet flushed).
    @inlinable package func truncate(by n: Int) {
        precondition(n <= count)
        storedCount -= n
    }

    /// Calls `body` with the buffered bytes from `offset` (relative to the unflushed start).
    @inlinable func withBufferedBytes<R>(from offset: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: bytes + offset, count: count - offset))
    }

    /// Flushes when the threshold is reached; call after each complete record.
    @inline(__always)
    @inlinable public func recordDone() throws {
        if count >= flushThreshold || hasDeferredError { try flush() }
    }

    /// Writes everything buffered to the sink.
    @inlinable public func flush() throws {
        if let error = deferredError {
            deferredError = nil
            hasDeferredError = false
            throw error
        }
        guard count > 0 else { return }
        let n = count
        storedCount = 0
        storedFlushedBytes += n
        try sink.write(unsafeBytes: UnsafeRawBufferPointer(start: bytes, count: n))
    }

    /// Makes room for `n` more bytes without growing: writes out what is buffered, and writes
    /// `source` (when given) straight to the sink when it alone exceeds the buffer (returns
    /// true: appended). Grows only after a failed write, to keep the appended bytes.
    @inline(never)
    @usableFromInline func spill(_ source: UnsafeRawPointer?, count n: Int) -> Bool {
        if !hasDeferredError {
            do {
                if count > 0 { try flush() }
                if n <= capacity { return false }
                if let source {
                    storedFlushedBytes += n
                    try sink.write(unsafeBytes: UnsafeRawBufferPointer(start: source, count: n))
                    return true
                }
            } catch {
                deferredError = error
                hasDeferredError = true
            }
        }
        grow(count + n)
        return false
    }

    /// Grows the allocation to at least `minimum` bytes, keeping the contents.
    @usableFromInline func grow(_ minimum: Int) {
        (storedBytes, storedCapacity) = ByteAllocation.grow(bytes, count: count, capacity: capacity, to: minimum)
    }
}
