/// Builds containers from pieces: untouched members are copied as raw bytes, changed ones
/// take new bytes. Used when a stage edits a value nested inside a top-level member.
@usableFromInline package enum JSONRebuild {
    /// What happens to one selected value.
    @usableFromInline package enum Outcome {
        /// Leave it exactly as it is.
        case keep
        /// Replace it with these JSON bytes.
        case replace([UInt8])
        /// Remove it (with its key, or its array slot).
        case remove
    }

    /// `[e1,e2,…]` from element outcomes (nil outcome = keep the element's bytes).
    @inlinable package static func array(_ elements: [JSONSlice], _ outcomes: [Outcome]) -> [UInt8] {
        var out: [UInt8] = [._openBracket]
        var first = true
        for (element, outcome) in zip(elements, outcomes) {
            switch outcome {
            case .remove: continue
            case .keep: append(&out, &first, element.bytes)
            case .replace(let bytes): bytes.withUnsafeBytes { append(&out, &first, $0) }
            }
        }
        out.append(._closeBracket)
        return out
    }

    /// `{k1:v1,…}` from member outcomes; `renames` gives a new key for a member; `extra` is appended.
    @inlinable package static func object(
        _ members: [(key: JSONSlice, value: JSONSlice)], _ outcomes: [Outcome],
        renames: [Int: String] = [:], extra: [(String, [UInt8])] = []
    ) -> [UInt8] {
        var out: [UInt8] = [._openBrace]
        var first = true
        for (k, member) in members.enumerated() {
            let outcome = outcomes[k]
            if case .remove = outcome { continue }
            if !first { out.append(._comma) }
            first = false
            if let name = renames[k] {
                JSONEscaping.appendQuoted(name, to: &out)
            } else {
                out.append(contentsOf: member.key.bytes)
            }
            out.append(._colon)
            switch outcome {
            case .replace(let bytes): out.append(contentsOf: bytes)
            default: out.append(contentsOf: member.value.bytes)
            }
        }
        for (name, value) in extra {
            if !first { out.append(._comma) }
            first = false
            JSONEscaping.appendQuoted(name, to: &out)
            out.append(._colon)
            out.append(contentsOf: value)
        }
        out.append(._closeBrace)
        return out
    }

    /// `{"name":value}`.
    @inlinable package static func singleMember(_ name: String, _ value: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [._openBrace]
        JSONEscaping.appendQuoted(name, to: &out)
        out.append(._colon)
        out.append(contentsOf: value)
        out.append(._closeBrace)
        return out
    }

    @inlinable static func append(_ out: inout [UInt8], _ first: inout Bool, _ bytes: UnsafeRawBufferPointer) {
        if !first { out.append(._comma) }
        first = false
        out.append(contentsOf: bytes)
    }

    /// The members of an object slice.
    @inlinable package static func members(_ object: JSONSlice) -> [(key: JSONSlice, value: JSONSlice)] {
        var out: [(key: JSONSlice, value: JSONSlice)] = []
        object.forEachMember {
            out.append(($0, $1)); return true
        }
        return out
    }
}
