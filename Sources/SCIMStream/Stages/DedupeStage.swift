import SCIMJSON

/// `--dedupe PATH`: drops later records whose value at PATH was already seen.
///
/// Values compare as the filter would: case-insensitively unless the attribute is caseExact
/// (`id`, `externalId`, …). Only a 128-bit digest of each distinct value is kept (SHA-256,
/// truncated), in a flat table: memory grows by the digest per distinct value plus the
/// table's free slots, never by the strings. A record without a value at PATH is kept.
public struct DedupeStage: RecordStage, Sendable {
    /// The path whose values must be unique.
    public let path: AttributePath
    let compiled: CompiledPath
    var seen = DigestSet()

    /// Creates the stage.
    public init(_ path: AttributePath) {
        self.path = path
        compiled = CompiledPath(path)
    }

    /// `"dedupe"`.
    public var name: String { "dedupe" }

    /// Distinct values remembered so far.
    public var distinctValues: Int { seen.count }

    /// Bytes of memory the remembered digests take.
    public var memoryBytes: Int { seen.memoryBytes }

    /// Keeps the first record with each value, drops the later ones.
    public mutating func process(_ record: inout UserRecord) throws -> StageVerdict {
        let caseExact = compiled.facts?.caseExact ?? false
        var hash = SHA256()
        var any = false
        record.withView { view in
            _ = compiled.anyValue(in: .record(view)) { value in
                var bytes: [UInt8]
                switch value.kind {
                case .string:
                    bytes = value.stringBytes() ?? []
                    if !caseExact { bytes = TextComparison.folded(bytes) }
                    bytes.insert(0x73, at: 0)  // 's': strings and numbers never collide
                case .null:
                    return false
                default:
                    bytes = [0x6A] + value.array  // 'j': other JSON as written
                }
                hash.update(bytes)
                hash.update([0])
                any = true
                return false  // visit every value
            }
        }
        guard any else { return .keep }
        let digest = hash.finalize()
        var hi: UInt64 = 0, lo: UInt64 = 0
        for k in 0..<8 { hi = hi << 8 | UInt64(digest[k]); lo = lo << 8 | UInt64(digest[8 + k]) }
        return seen.insert(hi, lo) ? .keep : .drop
    }
}
