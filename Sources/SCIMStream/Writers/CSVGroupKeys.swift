import SCIMJSON

/// The keys of a CSV layout's column groups in plain memory, chained by length, so that
/// matching a record's members against them costs no reference counting or array checks.
///
/// Immutable after `init`; the layout that owns it shares it between threads.
final class CSVGroupKeys: @unchecked Sendable {
    /// Every key's lower-case bytes, one after another.
    private let bytes: UnsafeMutablePointer<UInt8>
    /// Per group, where its key starts in ``bytes``.
    private let starts: UnsafeMutablePointer<Int32>
    /// Per key length, the first group whose key has that length (-1: none) …
    private let firstOfLength: UnsafeMutablePointer<Int32>
    /// … and per group, the next group with a key of the same length.
    private let nextOfLength: UnsafeMutablePointer<Int32>
    /// One more than the longest key's length.
    let lengthLimit: Int

    /// The table of `keys` (lower-case ASCII), group `g` having key `keys[g]`.
    init(_ keys: [[UInt8]]) {
        lengthLimit = (keys.map(\.count).max() ?? 0) + 1
        bytes = .allocate(capacity: max(keys.reduce(0) { $0 + $1.count }, 1))
        starts = .allocate(capacity: max(keys.count, 1))
        firstOfLength = .allocate(capacity: lengthLimit)
        nextOfLength = .allocate(capacity: max(keys.count, 1))
        firstOfLength.initialize(repeating: -1, count: lengthLimit)
        var offset = 0
        for (g, key) in keys.enumerated() {
            starts[g] = Int32(offset)
            for (k, b) in key.enumerated() { bytes[offset + k] = b }
            offset += key.count
        }
        for g in keys.indices.reversed() {
            nextOfLength[g] = firstOfLength[keys[g].count]
            firstOfLength[keys[g].count] = Int32(g)
        }
    }

    deinit {
        bytes.deallocate()
        starts.deallocate()
        firstOfLength.deallocate()
        nextOfLength.deallocate()
    }

    /// Calls `body` with each group whose key equals the unescaped key token `[start, end)` of
    /// `base` (quotes included), ASCII case ignored.
    @inline(__always)
    func forEachGroup(matching base: UnsafeRawPointer, start: Int, end: Int, _ body: (Int) -> Void) {
        let length = end &- start &- 2
        guard length < lengthLimit else { return }
        var g = Int(firstOfLength[length])
        while g >= 0 {
            if ASCIICase.equalsLowercased(base + start + 1, bytes + Int(starts[g]), count: length) { body(g) }
            g = Int(nextOfLength[g])
        }
    }
}
