/// Rewrites the leaves of (arbitrarily nested) arrays in one linear pass, without recursion.
///
/// Stages that change strings element by element (`--pseudonymize`, `--lowercase`) used to
/// recurse once per array level, and re-scan each level's extent: a value nested 30,000 arrays
/// deep overflowed the stack. This walks the bytes once, copying the brackets and commas,
/// handing each non-array element (a string, number, literal or whole object) to `leaf`.
@usableFromInline package enum JSONArrayLeaves {
    /// `value` with each leaf `leaf` replaces; `.keep` when `leaf` replaced none.
    ///
    /// A value that is not an array is itself the one leaf. Whitespace between elements is
    /// dropped from a rebuilt array (inside an object leaf kept whole, it stays).
    @inlinable package static func rewrite(_ value: JSONSlice, _ leaf: (JSONSlice) -> [UInt8]?) -> JSONRebuild.Outcome {
        guard value.kind == .array else {
            return leaf(value).map { .replace($0) } ?? .keep
        }
        let p = value.base
        let end = value.end
        var out: [UInt8] = []
        out.reserveCapacity(end - value.start)
        var changed = false
        var i = value.start
        while i < end {
            let b = p.load(fromByteOffset: i, as: UInt8.self)
            switch b {
            case ._openBracket, ._closeBracket, ._comma:
                out.append(b)
                i += 1
            case _ where b.isJSONWhitespace:
                i += 1
            default:
                let elementEnd = JSONScan.skipValue(p, i, end)
                let element = JSONSlice(base: p, start: i, end: elementEnd)
                if let replacement = leaf(element) {
                    out.append(contentsOf: replacement)
                    changed = true
                } else {
                    out.append(contentsOf: element.bytes)
                }
                i = elementEnd
            }
        }
        return changed ? .replace(out) : .keep
    }
}
