/// Rebuilds an array from element outcomes given one at a time, copying nothing until the
/// first change: an edit of a large array holds only the new array, not every element's
/// outcome (for a 15 MB record that was tens of MB of small allocations).
@usableFromInline package struct JSONArrayRebuilder {
    /// The array being rebuilt.
    @usableFromInline package let array: JSONSlice
    @usableFromInline var out: [UInt8] = []
    @usableFromInline var changed = false
    @usableFromInline var wroteAny = false
    /// Elements given so far.
    @usableFromInline var seen = 0

    @inlinable package init(_ array: JSONSlice) {
        self.array = array
    }

    /// Takes the outcome of the next element (elements in order, each once).
    @inlinable package mutating func add(_ element: JSONSlice, _ outcome: JSONRebuild.Outcome) {
        defer { seen += 1 }
        if case .keep = outcome, !changed { return }
        if !changed { copyUnchanged() }
        switch outcome {
        case .remove: return
        case .keep: append(element.bytes)
        case .replace(let bytes): bytes.withUnsafeBytes { append($0) }
        }
    }

    /// `.keep` when no element changed, else the new array's bytes.
    @inlinable package mutating func finish() -> JSONRebuild.Outcome {
        guard changed else { return .keep }
        out.append(._closeBracket)
        return .replace(out)
    }

    /// At the first change: the opening bracket and the elements before it, as they were.
    @inlinable mutating func copyUnchanged() {
        changed = true
        out.reserveCapacity(array.end - array.start)
        out.append(._openBracket)
        var elements = JSONSlice.ElementIterator(array)
        for _ in 0..<seen {
            guard let element = elements.next() else { break }
            append(element.bytes)
        }
    }

    @inlinable mutating func append(_ bytes: UnsafeRawBufferPointer) {
        if wroteAny { out.append(._comma) }
        wroteAny = true
        out.append(contentsOf: bytes)
    }
}
