import SCIMJSON

/// The values gathered for one CSV row: for each column, a chain of JSON values that are
/// slices of the record, in the order they were found.
///
/// Gathering stores slices (no bytes are copied); a cell's text is made only when the row is
/// written, column by column. The storage is reused from row to row.
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

    var hits: [Hit] = []
    /// Per column: the first and last hit, -1 when the column has no value.
    var heads: [Int32] = []
    var tails: [Int32] = []
    /// Scratch storage of the recipes: the members collected from one element.
    var slots: [JSONSlice?] = []

    static let valueName = Array("value".utf8)

    /// Empties every column of a row of `columns` cells.
    mutating func reset(columns: Int) {
        hits.removeAll(keepingCapacity: true)
        if heads.count != columns {
            heads = Array(repeating: -1, count: columns)
            tails = heads
        } else {
            for k in heads.indices {
                heads[k] = -1
                tails[k] = -1
            }
        }
    }

    /// Forgets what `column` gathered so far (a later member of the same name wins).
    @inline(__always)
    mutating func clear(_ column: Int) {
        heads[column] = -1
        tails[column] = -1
    }

    /// True when `column` holds at least one value.
    @inline(__always)
    func hasValue(_ column: Int) -> Bool { heads[column] >= 0 }

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
        let n = Int32(hits.count)
        hits.append(hit)
        let tail = tails[column]
        if tail < 0 { heads[column] = n } else { hits[Int(tail)].next = n }
        tails[column] = n
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
        var h = heads[column]
        while h >= 0 {
            let hit = hits[Int(h)]
            let size = hit.value.end - hit.value.start
            total += hit.flattened ? size * (1 + max(joinBytes, 1)) : size + max(joinBytes, 1)
            h = hit.next
        }
        return total
    }

    /// The value of `column` when it holds exactly one (not an array standing for its elements).
    func single(_ column: Int) -> JSONSlice? {
        let head = heads[column]
        guard head >= 0 else { return nil }
        let hit = hits[Int(head)]
        return hit.next < 0 && !hit.flattened ? hit.value : nil
    }

    /// The cell's bytes when `column` holds one value whose text is its raw bytes (a string
    /// without escapes, a number, a boolean); nil when the text has to be made.
    func singleRawText(_ column: Int) -> UnsafeRawBufferPointer? {
        let hit = hits[Int(heads[column])]
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
        var h = heads[column]
        var first = true
        while h >= 0 {
            let hit = hits[Int(h)]
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
        var h = heads[column]
        var first = true
        while h >= 0 {
            let hit = hits[Int(h)]
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
