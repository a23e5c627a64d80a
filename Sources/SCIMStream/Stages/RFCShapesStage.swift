import SCIMJSON

/// `--rfc-shapes`: rewrites what the Genesys Cloud model allows and RFC 7643 does not into the
/// RFC's shape: a string element of a multi-valued complex attribute that has a `value`
/// sub-attribute (`roles`, `entitlements`, `emails`, `phoneNumbers`, `ims`, `photos`,
/// `x509Certificates`, `groups`) becomes `{"value": …}`; a single value of such an attribute
/// becomes an array of one. Elements that are already objects, and every other member, stay as
/// they came, byte for byte.
///
/// Genesys Cloud's ScimV2User has `roles: [string]`; RFC 7643 §4.1.2 has a complex attribute,
/// and servers that validate against the RFC's schema (scim2-server) refuse the string form.
/// `--for-create` applies this stage too.
public struct RFCShapesStage: RecordStage, Sendable {
    /// Keeps nothing between records: copies may run on several threads.
    public var runsOnCopies: Bool { true }

    /// Creates the stage.
    public init() {}

    /// `"rfc-shapes"`.
    public var name: String { "rfc-shapes" }

    /// Rewrites the members that need it; never drops the record.
    public mutating func process(_ record: inout UserRecord) throws -> StageVerdict {
        // One pass over the members, a key compared only when its length is one of the names':
        // a record in the RFC's shape is neither copied nor changed.
        let rewrites = record.withView { view -> [(index: Int, json: [UInt8])] in
            var rewrites: [(index: Int, json: [UInt8])] = []
            for i in view.fields.indices {
                let field = view.fields[i]
                let length = field.keyEnd - field.keyStart - 2
                guard field.flags.contains(.keyHasEscapes) || (length < 64 && Self.lengths & (1 << UInt64(length)) != 0),
                    Self.names.contains(where: { view.keyMatches(i, $0) }), let json = Self.rewritten(view.value(i))
                else { continue }
                rewrites.append((i, json))
            }
            return rewrites
        }
        for rewrite in rewrites { record.replaceValue(at: rewrite.index, with: rewrite.json) }
        return .keep
    }

    /// The attributes rewritten, as lower-case bytes.
    static let names = SCIMSchema.complexWithValue.sorted().map { Array($0.utf8) }

    /// A bit per length of ``names``.
    static let lengths: UInt64 = names.reduce(0) { $0 | 1 << UInt64($1.count) }

    /// The array with each string element wrapped as `{"value": …}` (a lone value made an array
    /// of one); nil when nothing needs rewriting.
    static func rewritten(_ value: JSONSlice) -> [UInt8]? {
        var out: [UInt8] = []
        switch value.kind {
        case .string:
            out.reserveCapacity(value.end - value.start + 12)
            out.append(._openBracket)
            wrap(value, into: &out)
        case .object:
            out.append(._openBracket)
            out.append(contentsOf: value.bytes)
        case .array:
            var scan = JSONSlice.ElementIterator(value)
            var hasString = false
            while !hasString, let element = scan.next() { hasString = element.kind == .string }
            guard hasString else { return nil }
            out.reserveCapacity(2 * (value.end - value.start) + 16)
            out.append(._openBracket)
            var elements = JSONSlice.ElementIterator(value)
            var first = true
            while let element = elements.next() {
                if !first { out.append(._comma) }
                first = false
                if element.kind == .string { wrap(element, into: &out) } else { out.append(contentsOf: element.bytes) }
            }
        default:
            return nil
        }
        out.append(._closeBracket)
        return out
    }

    /// `{"value":` and the string.
    private static let valuePrefix = Array(#"{"value":"#.utf8)

    /// Appends `{"value":STRING}`.
    private static func wrap(_ string: JSONSlice, into out: inout [UInt8]) {
        out.append(contentsOf: valuePrefix)
        out.append(contentsOf: string.bytes)
        out.append(._closeBrace)
    }
}
