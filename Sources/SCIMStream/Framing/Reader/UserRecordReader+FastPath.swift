import SCIMJSON

extension UserRecordReader {
    /// The fast path: reads the next record with ``CompactRecordScanner`` when it is compact
    /// and wholly buffered; false (nothing changed) to leave it to the tokenizer.
    /// `window` holds the buffered bytes from absolute offset `base`.
    mutating func readCompactRecord(
        _ window: UnsafeRawBufferPointer, base: Int, _ body: (inout UserRecord) throws -> Void
    ) throws -> Bool {
        guard let p = window.baseAddress else { return false }
        var i = tokenizer.position - base
        var line = tokenizer.line
        var lineStart = tokenizer.lineStart
        func skipWhitespace() {
            while i < window.count {
                let b = p.load(fromByteOffset: i, as: UInt8.self)
                guard b.isJSONWhitespace else { break }
                if b == ._newline {
                    line += 1
                    lineStart = base + i + 1
                }
                i += 1
            }
        }
        skipWhitespace()
        if tokenizer.expectsComma {
            guard i < window.count, p.load(fromByteOffset: i, as: UInt8.self) == ._comma else { return false }
            i += 1
            skipWhitespace()
        }
        let depth = tokenizer.depth
        var nestedPassword = false  // the scanner sets it when a nested key may name a password
        guard i < window.count, p.load(fromByteOffset: i, as: UInt8.self) == ._openBrace else { return false }
        // A record longer than a value-ends table covers is left to the tokenizer.
        let scanEnd = min(window.count, i + min(options.maxRecordBytes, ValueEnds.maximumCount))
        valueEnds.reserve(scanEnd - i)
        guard
            let end = framer.scanCompactRecord(
                p, start: i, end: scanEnd, maxDepth: options.maxDepth, depth: depth, nestedPassword: &nestedPassword,
                ends: valueEnds.ends)
        else { return false }
        tokenizer.skipValue(to: base + end, line: line, lineStart: lineStart)
        framer.acceptCompactRecord(
            start: base + i, location: InputLocation(line: line, column: base + i - lineStart + 1, offset: base + i), depth: depth)
        try deliver(end: base + end, mayHoldNestedPassword: nestedPassword, tabled: true, body)
        return true
    }
}
