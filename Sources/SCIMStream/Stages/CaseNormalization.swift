import SCIMJSON

/// `--lowercase PATH` / `--uppercase PATH` (and `--normalize-username`): Unicode case mapping
/// of string values.
///
/// Uses Unicode's default, locale-independent mapping (`String.lowercased()`):
/// `Nguyễn` ↔ `NGUYỄN`, `ÅSA` → `åsa`, `ß` uppercases to `SS`; Turkish dotted `İ` lowercases
/// to `i̇` (i + U+0307) and `i` uppercases to `I`, not the Turkish forms. A value already in
/// the target case is left untouched, so its record keeps its original bytes.
public struct CaseNormalization: RecordStage, Sendable {
    /// Keeps nothing between records: copies may run on several threads.
    public var runsOnCopies: Bool { true }

    /// Which case.
    public enum Direction: String, Sendable {
        case lowercase, uppercase
    }

    /// The path normalized.
    public let path: AttributePath
    /// The target case.
    public let direction: Direction
    let compiled: CompiledPath
    var mapper: CaseMapper
    /// The new value being built (reused from record to record).
    var scratch: [UInt8] = []

    /// Creates the stage.
    public init(_ path: AttributePath, _ direction: Direction) {
        self.path = path
        self.direction = direction
        compiled = CompiledPath(path)
        mapper = CaseMapper(lower: direction == .lowercase)
    }

    /// `--lowercase PATH`.
    public static func lowercase(_ path: String) throws(PathSyntaxError) -> CaseNormalization {
        CaseNormalization(try AttributePath(parsing: path), .lowercase)
    }

    /// `"lowercase"` or `"uppercase"`.
    public var name: String { direction.rawValue }

    /// Changes the case of every selected string; never drops the record.
    public mutating func process(_ record: inout UserRecord) throws -> StageVerdict {
        // Take the mapper out of `self` so its cache is uniquely referenced (no copy on insert).
        var mapper = CaseMapper(lower: direction == .lowercase)
        swap(&mapper, &self.mapper)
        defer { swap(&mapper, &self.mapper) }
        if compiled.isTopLevel {
            // The common case (userName): one member, no view of nested values needed.
            guard let i = record.fieldIndex(named: compiled.name) else { return .keep }
            if record.storage.fields[i].kind == .string {
                // A plain string: mapped straight into reused storage, nothing allocated.
                var scratch = self.scratch
                self.scratch = []
                defer { self.scratch = scratch }
                scratch.removeAll(keepingCapacity: true)
                if record.withValueBytes(i, { Self.appendChanged(JSONSlice($0), &mapper, to: &scratch) }) {
                    record.replaceValue(at: i, with: scratch)
                }
                return .keep
            }
            let outcome = record.withValueBytes(i) { Self.change(JSONSlice($0), &mapper) }
            if case .replace(let bytes) = outcome {
                // Array elements kept as they were may still hold whitespace to drop on output.
                record.replaceValue(at: i, with: bytes, mayHoldWhitespace: record.storage.fields[i].flags.contains(.valueHasWhitespace))
            }
            return .keep
        }
        record.edit(compiled) { Self.change($0, &mapper) }
        return .keep
    }

    /// Appends the JSON of string `value` in the target case to `out` and returns true, or
    /// returns false (leaving `out` alone) when its case is already right.
    static func appendChanged(_ value: JSONSlice, _ mapper: inout CaseMapper, to out: inout [UInt8]) -> Bool {
        if value.stringHasEscapes {
            guard let decoded = value.stringBytes(),
                let mapped = decoded.withUnsafeBytes({ mapper.map($0) })
            else { return false }
            mapped.withUnsafeBytes { JSONEscaping.appendQuoted($0, to: &out) }
            return true
        }
        // Case mapping never creates quotes, backslashes or control characters.
        let start = out.count
        out.append(._quote)
        guard
            mapper.map(
                UnsafeRawBufferPointer(start: value.base + value.start + 1, count: value.end - value.start - 2),
                appendingTo: &out)
        else {
            out.removeSubrange(start...)
            return false
        }
        out.append(._quote)
        return true
    }

    /// The new value, or `.keep` when the case is already right (strings, and arrays of
    /// strings nested to any depth: multi-valued strings such as roles).
    static func change(_ value: JSONSlice, _ mapper: inout CaseMapper) -> JSONRebuild.Outcome {
        // The closure cannot capture an inout parameter: swap the mapper into a local (its
        // caches stay uniquely referenced, no copy on insert) and back after.
        var local = CaseMapper(lower: mapper.lower)
        swap(&local, &mapper)
        defer { swap(&local, &mapper) }
        return JSONArrayLeaves.rewrite(value) { leaf in
            guard leaf.kind == .string else { return nil }
            var out: [UInt8] = []
            return appendChanged(leaf, &local, to: &out) ? out : nil
        }
    }
}
