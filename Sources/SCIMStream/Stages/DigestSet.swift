import SCIMJSON

/// A set of 128-bit digests in one flat open-addressing table: 16 bytes per slot, no per-entry
/// allocation. Used by `--dedupe` to remember values without keeping the strings.
struct DigestSet {
    private var slots: [UInt64]  // two words per slot; (0, 0) marks an empty slot
    private var mask: Int
    private(set) var count = 0
    private var hasZero = false

    init(capacity: Int = 1024) {
        var n = 16
        while n < capacity * 2 { n <<= 1 }
        slots = [UInt64](repeating: 0, count: n * 2)
        mask = n - 1
    }

    /// Bytes held by the table.
    var memoryBytes: Int { slots.count * 8 }

    /// Inserts the digest; returns false when it was already present.
    mutating func insert(_ hi: UInt64, _ lo: UInt64) -> Bool {
        if hi == 0 && lo == 0 {
            defer { hasZero = true }
            if hasZero { return false }
            count += 1
            return true
        }
        if (count + 1) * 8 > (mask + 1) * 7 { grow() }  // keep the load under 7/8
        var i = Int(truncatingIfNeeded: lo) & mask
        while true {
            let a = slots[2 * i], b = slots[2 * i + 1]
            if a == 0 && b == 0 {
                slots[2 * i] = hi
                slots[2 * i + 1] = lo
                count += 1
                return true
            }
            if a == hi && b == lo { return false }
            i = (i + 1) & mask
        }
    }

    private mutating func grow() {
        let old = slots
        let n = (mask + 1) * 2
        slots = [UInt64](repeating: 0, count: n * 2)
        mask = n - 1
        let zero = hasZero
        count = 0
        hasZero = false
        for k in stride(from: 0, to: old.count, by: 2) where old[k] != 0 || old[k + 1] != 0 {
            _ = insert(old[k], old[k + 1])
        }
        if zero { hasZero = true; count += 1 }
    }
}
