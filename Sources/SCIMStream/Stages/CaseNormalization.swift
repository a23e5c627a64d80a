/// `--lowercase PATH` / `--uppercase PATH` (and `--normalize-username`): Unicode case mapping
/// of string values.
///
/// Uses Unicode's default, locale-independent mapping (`String.lowercased()`):
/// `Nguyễn` ↔ `NGUYỄN`, `ÅSA` → `åsa`, `ß` uppercases to `SS`; Turkish dotted `İ` lowercases
/// to `i̇` (i + U+0307) and `i` uppercases to `I`, not the Turkish forms. A value already in
/// the target case is left untouched, so its record keeps its original bytes.
public struct CaseNormalization: RecordStage, Sendable {
    /// Which case.
    public enum Direction: String, Sendable {
        case lowercase, uppercase
    }

    /// The path normalized.
    public let path: AttributePath
    /// The target case.
    public let direction: Direction
    let compiled: CompiledPath

    /// Creates the stage.
    public init(_ path: AttributePath, _ direction: Direction) {
        self.path = path
        self.direction = direction
        compiled = CompiledPath(path)
    }

    /// `--lowercase PATH`.
    public static func lowercase(_ path: String) throws(PathSyntaxError) -> CaseNormalization {
        CaseNormalization(try AttributePath(parsing: path), .lowercase)
    }

    /// `"lowercase"` or `"uppercase"`.
    public var name: String { direction.rawValue }

    /// Changes the case of every selected string; never drops the record.
    public mutating func process(_ record: inout UserRecord) throws -> StageVerdict {
        let lower = direction == .lowercase
        record.edit(compiled, PathEdit(transform: { value in
            Self.change(value, lower: lower)
        }))
        return .keep
    }

    /// The new value, or `.keep` when the case is already right. ASCII text without escapes is
    /// mapped byte by byte (the same result as the Unicode mapping for ASCII).
    static func change(_ value: JSONSlice, lower: Bool) -> JSONRebuild.Outcome {
        guard value.kind == .string else {
            if value.kind == .array {
                // Multi-valued strings (roles as strings): each element.
                let elements = value.elements
                let outcomes = elements.map { change($0, lower: lower) }
                if outcomes.allSatisfy({ if case .keep = $0 { return true }; return false }) { return .keep }
                return .replace(JSONRebuild.array(elements, outcomes))
            }
            return .keep
        }
        let content = UnsafeRawBufferPointer(start: value.base + value.start + 1, count: value.end - value.start - 2)
        if !value.stringHasEscapes && !content.contains(where: { $0 >= 0x80 }) {
            guard content.contains(where: { lower ? ($0 &- 0x41 < 26) : ($0 &- 0x61 < 26) }) else { return .keep }
            var out: [UInt8] = [._quote]
            out.append(contentsOf: content.map { lower ? $0.asciiLowercased : $0.asciiUppercased })
            out.append(._quote)
            return .replace(out)
        }
        return StringValues.rewrite(value) { lower ? $0.lowercased() : $0.uppercased() }
    }
}
