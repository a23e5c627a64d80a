import SCIMJSON

/// `--pseudonymize PATH,… --key-file FILE`: replaces values with their keyed hash, so the
/// same input gives the same output across runs and joins still work in a warehouse.
///
/// Each string (its UTF-8 text) or number (its original text) becomes the 64 lower-case hex
/// digits of HMAC-SHA256 under the key. Arrays are pseudonymized element by element; objects
/// are left alone (name their sub-attributes: `emails.value`). Normalize first if case must
/// not matter (`--lowercase emails.value --pseudonymize emails.value`).
public struct PseudonymizeStage: RecordStage, Sendable {
    /// Keeps nothing between records: copies may run on several threads.
    public var runsOnCopies: Bool { true }

    /// The paths pseudonymized.
    public let paths: [AttributePath]
    let compiled: [CompiledPath]
    let mac: HMACSHA256

    /// Creates the stage with the key's bytes.
    public init(_ paths: [AttributePath], key: [UInt8]) {
        self.paths = paths
        compiled = paths.map { CompiledPath($0) }
        mac = HMACSHA256(key: key)
    }

    /// `"pseudonymize"`.
    public var name: String { "pseudonymize" }

    /// Replaces the selected values; never drops the record.
    public mutating func process(_ record: inout UserRecord) throws -> StageVerdict {
        let mac = self.mac
        for path in compiled {
            record.edit(path) { Self.pseudonym($0, mac) }
        }
        return .keep
    }

    /// A string's or number's pseudonym; arrays (nested to any depth) element by element.
    static func pseudonym(_ value: JSONSlice, _ mac: HMACSHA256) -> JSONRebuild.Outcome {
        JSONArrayLeaves.rewrite(value) { leaf in
            switch leaf.kind {
            case .string: return JSONEscaping.quoted(mac.hexTag(leaf.stringBytes() ?? []))
            case .number: return JSONEscaping.quoted(mac.hexTag(leaf.array))
            default: return nil
            }
        }
    }
}
