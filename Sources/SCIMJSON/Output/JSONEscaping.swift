/// Writing text as JSON string literals.
@usableFromInline package enum JSONEscaping {
    @usableFromInline static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `text` as a quoted JSON string: `"`, `\` and control characters escaped,
    /// everything else (non-ASCII included) as UTF-8.
    @inlinable package static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { appendQuoted(UnsafeRawBufferPointer($0), to: &out) }
    }

    /// Appends the UTF-8 bytes `utf8` as a quoted JSON string.
    @inlinable package static func appendQuoted(_ utf8: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        out.append(._quote)
        appendEscaped(utf8, to: &out)
        out.append(._quote)
    }

    /// Appends the UTF-8 bytes `utf8` escaped for the inside of a JSON string (no quotes).
    @inlinable static func appendEscaped(_ utf8: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        for b in utf8 {
            switch b {
            case ._quote: out.append(._backslash); out.append(._quote)
            case ._backslash: out.append(._backslash); out.append(._backslash)
            case 0x0A: out.append(._backslash); out.append(0x6E)
            case 0x0D: out.append(._backslash); out.append(0x72)
            case 0x09: out.append(._backslash); out.append(0x74)
            case 0x08: out.append(._backslash); out.append(0x62)
            case 0x0C: out.append(._backslash); out.append(0x66)
            case 0..<0x20:
                out.append(contentsOf: [._backslash, ._lowerU, 0x30, 0x30, hexDigits[Int(b >> 4)], hexDigits[Int(b & 15)]])
            default: out.append(b)
            }
        }
    }

    /// `text` as a quoted JSON string.
    @inlinable package static func quoted(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        appendQuoted(text, to: &out)
        return out
    }
}
