/// Line ends as NDJSON recovery sees them: LF, CR LF, or a CR alone (old Mac files).
@usableFromInline package enum LineEnds {
    /// A line end found in a buffer.
    @usableFromInline package struct Found: Equatable {
        /// Index of its first byte.
        @usableFromInline package var start: Int
        /// Index of the first byte of the next line.
        @usableFromInline package var next: Int
        /// It holds an LF (the tokenizer counts lines by LF).
        @usableFromInline package var isNewline: Bool

        @inlinable package init(start: Int, next: Int, isNewline: Bool) {
            self.start = start
            self.next = next
            self.isNewline = isNewline
        }
    }

    /// The first line end in `base[from..<end]`, or nil when there is none yet. A CR that is the
    /// last buffered byte is undecided (an LF may follow) unless `isFinal`.
    @inlinable package static func next(_ base: UnsafeRawPointer, from: Int, end: Int, isFinal: Bool) -> Found? {
        let lf = ByteSearch.first(._newline, base, from: from, end: end)
        let cr = ByteSearch.first(._return, base, from: from, end: min(lf, end))
        if cr < lf && cr < end {
            if cr + 1 < end {
                let crlf = base.load(fromByteOffset: cr + 1, as: UInt8.self) == ._newline
                return Found(start: cr, next: cr + (crlf ? 2 : 1), isNewline: crlf)
            }
            return isFinal ? Found(start: cr, next: cr + 1, isNewline: false) : nil
        }
        return lf < end ? Found(start: lf, next: lf + 1, isNewline: true) : nil
    }

    /// The first line that starts with `{` after the line holding index `from`, at or before
    /// index `through` (and before `count`, the bytes buffered): its index and the number of
    /// LFs before it. Used to resume reading NDJSON at a record that a damaged record's bytes
    /// ran into.
    @inlinable package static func firstRecordLine(_ base: UnsafeRawPointer, from: Int, through: Int, count: Int) -> (offset: Int, newlines: Int)? {
        var i = from
        var newlines = 0
        while i < through {
            guard let found = next(base, from: i, end: through, isFinal: true) else { return nil }
            if found.isNewline { newlines += 1 }
            i = found.next
            if i <= through && i < count && base.load(fromByteOffset: i, as: UInt8.self) == ._openBrace {
                return (i, newlines)
            }
        }
        return nil
    }

    /// `to`, moved back over the line end (LF, CR LF or CR) just before it.
    @inlinable package static func trimmingLineEnd(_ base: UnsafeRawPointer, from: Int, to: Int) -> Int {
        var e = to
        if e > from && base.load(fromByteOffset: e - 1, as: UInt8.self) == ._newline { e -= 1 }
        if e > from && base.load(fromByteOffset: e - 1, as: UInt8.self) == ._return { e -= 1 }
        return e
    }
}
