import SCIMJSON

/// The values gathered for one CSV row: for each column, a chain of JSON values that are
/// slices of the record, in the order they were found.
///
/// Gathering stores slices (no bytes are copied); a cell's text is made only when the row is
/// written, column by column. The storage is reused from row to row: plain memory owned by a
/// ``Storage`` object, so filling a row costs no array uniqueness or bounds checks. A copy of a
/// row (a writer copied for another thread) gets storage of its own at its next
/// ``reset(columns:)``, the one place that checks.
///
/// `@unchecked Sendable`: between rows the slices are stale and never read (every row starts
/// with ``reset(columns:)``), so a writer holding this can move to another thread.
struct CSVRowValues: @unchecked Sendable {
    /// One value of a column and the index of the column's next value (-1 at the end).
    struct Hit {
        var value: JSONSlice
        var next: Int32
        /// `value` is an array standing for its elements (each as ``add(_:to:)`` takes it):
        /// one hit, not one per element, so a huge array costs no table.
        var flattened = false
    }

    /// The memory of a row: hits, the per-column chain ends, and the recipes' scratch slots.
    final class Storage {
        @exclusivity(unchecked) var hits: UnsafeMutablePointer<Hit>
        @exclusivity(unchecked) var hitCapacity = 64
        @exclusivity(unchecked) var hitCount = 0
        /// Per column: the first and last hit, -1 when the column has no value.
        @exclusivity(unchecked) var heads: UnsafeMutablePointer<Int32>
        @exclusivity(unchecked) var tails: UnsafeMutablePointer<Int32>
        @exclusivity(unchecked) var columns = 0
        /// Scratch storage of the recipes: the members collected from one element.
        @exclusivity(unchecked) var slots: UnsafeMutablePointer<JSONSlice?>
        @exclusivity(unchecked) var slotCapacity = 0

        init() {
            hits = .allocate(capacity: hitCapacity)
            heads = .allocate(capacity: 1)
            tails = .allocate(capacity: 1)
            slots = .allocate(capacity: 1)
        }

        deinit {
            hits.deallocate()
            heads.deallocate()
            tails.deallocate()
            slots.deinitialize(count: slotCapacity)
            slots.deallocate()
        }

        /// Doubles the room for hits.
        func growHits() {
            let grown = UnsafeMutablePointer<Hit>.allocate(capacity: hitCapacity * 2)
            grown.moveInitialize(from: hits, count: hitCount)
            hits.deallocate()
            hits = grown
            hitCapacity *= 2
        }

        /// Room for `count` columns.
        func setColumns(_ count: Int) {
            guard count != columns else { return }
            heads.deallocate()
            tails.deallocate()
            heads = .allocate(capacity: max(count, 1))
            tails = .allocate(capacity: max(count, 1))
            columns = count
        }

        /// At least `count` scratch slots.
        func reserveSlots(_ count: Int) {
            guard count > slotCapacity else { return }
            slots.deinitialize(count: slotCapacity)
            slots.deallocate()
            slots = .allocate(capacity: count)
            slots.initialize(repeating: nil, count: count)
            slotCapacity = count
        }
    }

    private(set) var storage = Storage()

    static let valueName = Array("value".utf8)

    /// Empties every column of a row of `columns` cells.
    mutating func reset(columns: Int) {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage() }
        let s = storage
        s.hitCount = 0
        s.setColumns(columns)
        s.heads.update(repeating: -1, count: columns)
        s.tails.update(repeating: -1, count: columns)
    }

    /// The recipes' scratch slots, at least `count` of them (valid until the next call).
    func slots(_ count: Int) -> UnsafeMutablePointer<JSONSlice?> {
        storage.reserveSlots(count)
        return storage.slots
    }

    /// Forgets what `column` gathered so far (a later member of the same name wins).
    @inline(__always)
    mutating func clear(_ column: Int) {
        storage.heads[column] = -1
        storage.tails[column] = -1
    }

    /// True when `column` holds at least one value.
    @inline(__always)
    func hasValue(_ column: Int) -> Bool { storage.heads[column] >= 0 }

    /// The value a cell shows for `value`: a complex value stands for its `value` member;
    /// nil for null, `[]` and `{}` (an empty cell, as for an absent attribute: what `pr`
    /// calls not present).
    @inline(__always)
    static func shown(_ value: JSONSlice) -> JSONSlice? {
        var value = value
        if value.kind == .object, let inner = value.member(valueName) { value = inner }
        switch value.kind {
        case .null: return nil
        case .object, .array: return value.isEmptyOrNull ? nil : value
        default: return value
        }
    }

    /// Adds one value (see ``shown(_:)``).
    @inline(__always)
    mutating func add(_ value: JSONSlice, to column: Int) {
        guard let value = Self.shown(value) else { return }
        append(Hit(value: value, next: -1), to: column)
    }

    /// Adds an element as it is (a `{…}` of a pair column), unless null or empty.
    mutating func addElement(_ value: JSONSlice, to column: Int) {
        guard !value.isEmptyOrNull else { return }
        append(Hit(value: value, next: -1), to: column)
    }

    @inline(__always)
    private mutating func append(_ hit: Hit, to column: Int) {
        let s = storage
        if s.hitCount == s.hitCapacity { s.growHits() }
        let n = Int32(truncatingIfNeeded: s.hitCount)
        (s.hits + s.hitCount).initialize(to: hit)
        s.hitCount &+= 1
        let tail = s.tails[column]
        if tail < 0 { s.heads[column] = n } else { s.hits[Int(tail)].next = n }
        s.tails[column] = n
    }

    /// Adds a value, or each element of an array: one hit per element for arrays of up to
    /// 4 KiB (a lone string keeps the cell's no-copy path), one hit for a larger array.
    mutating func addFlattening(_ value: JSONSlice, to column: Int) {
        guard value.kind == .array else { return add(value, to: column) }
        var elements = JSONSlice.ElementIterator(value)
        if value.end - value.start <= 4096 {
            while let element = elements.next() { add(element, to: column) }
            return
        }
        while let element = elements.next() {
            if Self.shown(element) != nil { return append(Hit(value: value, next: -1, flattened: true), to: column) }
        }
    }

    /// An upper bound on the bytes of `column`'s text joined by `joinBytes` between values (or
    /// a pair's `:`): raw sizes, which decoding only shrinks; an array standing for its
    /// elements counts a separator per byte.
    func textBound(_ column: Int, joinBytes: Int) -> Int {
        var total = 0
        var h = storage.heads[column]
        while h >= 0 {
            let hit = storage.hits[Int(h)]
            let size = hit.value.end - hit.value.start
            total += hit.flattened ? size * (1 + max(joinBytes, 1)) : size + max(joinBytes, 1)
            h = hit.next
        }
        return total
    }

    /// The value of `column` when it holds exactly one (not an array standing for its elements).
    func single(_ column: Int) -> JSONSlice? {
        let head = storage.heads[column]
        guard head >= 0 else { return nil }
        let hit = storage.hits[Int(head)]
        return hit.next < 0 && !hit.flattened ? hit.value : nil
    }

    /// The cell's bytes when `column` holds one value whose text is its raw bytes (a string
    /// without escapes, a number, a boolean); nil when the text has to be made.
    func singleRawText(_ column: Int) -> UnsafeRawBufferPointer? {
        let hit = storage.hits[Int(storage.heads[column])]
        guard hit.next < 0, !hit.flattened else { return nil }
        let value = hit.value
        switch value.kind {
        case .string:
            if value.stringHasEscapes { return nil }
            return UnsafeRawBufferPointer(start: value.base + value.start + 1, count: value.end - value.start - 2)
        case .number, .bool:
            return value.bytes
        default:
            return nil
        }
    }

    /// Appends the text of `column`'s values to `cell`, joined by `join`.
    func appendText(_ column: Int, join: [UInt8], to cell: inout [UInt8]) {
        var h = storage.heads[column]
        var first = true
        while h >= 0 {
            let hit = storage.hits[Int(h)]
            if hit.flattened {
                var elements = JSONSlice.ElementIterator(hit.value)
                while let element = elements.next() {
                    guard let shown = Self.shown(element) else { continue }
                    if !first { cell.append(contentsOf: join) }
                    first = false
                    Self.appendText(of: shown, to: &cell)
                }
            } else {
                if !first { cell.append(contentsOf: join) }
                first = false
                Self.appendText(of: hit.value, to: &cell)
            }
            h = hit.next
        }
    }

    /// Appends `column`'s elements as `first:second` (a part the element lacks is left empty;
    /// an element that is not an object is written as it is), joined by `join`.
    func appendPairs(_ column: Int, _ pair: (first: [UInt8], second: [UInt8]), join: [UInt8], to cell: inout [UInt8]) {
        var h = storage.heads[column]
        var first = true
        while h >= 0 {
            let hit = storage.hits[Int(h)]
            h = hit.next
            if !first { cell.append(contentsOf: join) }
            first = false
            guard hit.value.kind == .object else {
                Self.appendText(of: hit.value, to: &cell)
                continue
            }
            if let a = hit.value.member(pair.first).flatMap(Self.shown) { Self.appendText(of: a, to: &cell) }
            cell.append(0x3A)
            if let b = hit.value.member(pair.second).flatMap(Self.shown) { Self.appendText(of: b, to: &cell) }
        }
    }

    /// A value's cell text: a string decoded, a number or boolean as written, a complex value
    /// (one without `value`) as compact JSON (made without recursion: any depth is safe).
    static func appendText(of value: JSONSlice, to cell: inout [UInt8]) {
        switch value.kind {
        case .string:
            if value.stringHasEscapes {
                JSONString.decode(value.base, start: value.start, end: value.end, into: &cell)
            } else {
                cell.append(contentsOf: UnsafeRawBufferPointer(start: value.base + value.start + 1, count: value.end - value.start - 2))
            }
        case .object, .array:
            JSONCompactText.append(value, to: &cell)
        default:
            cell.append(contentsOf: value.bytes)
        }
    }
}
