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
        for (name, lowercased) in Self.names {
            // Looked up in place: a record in the RFC's shape costs eight lookups, no copy.
            guard let rewritten = record.withView({ view in view.member(lowercased).flatMap(Self.rewritten) }) else { continue }
            record.setMember(named: name, json: rewritten)
        }
        return .keep
    }

    /// The attributes rewritten, with their lower-case bytes.
    static let names = SCIMSchema.complexWithValue.sorted().map { ($0, Array($0.utf8)) }

    /// The array with each string element wrapped as `{"value": …}` (a lone value made an array
    /// of one); nil when nothing needs rewriting.
    static func rewritten(_ value: JSONSlice) -> [UInt8]? {
        switch value.kind {
        case .string:
            return Array("[{\"value\":".utf8) + value.array + Array("}]".utf8)
        case .object:
            return Array("[".utf8) + value.array + Array("]".utf8)
        case .array:
            var scan = JSONSlice.ElementIterator(value)
            var hasString = false
            while let element = scan.next(), !hasString { hasString = element.kind == .string }
            guard hasString else { return nil }
            let elements = value.elements
            var out: [UInt8] = [._openBracket]
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(._comma) }
                if element.kind == .string {
                    out += Array("{\"value\":".utf8)
                    out += element.array
                    out.append(._closeBrace)
                } else {
                    out += element.array
                }
            }
            out.append(._closeBracket)
            return out
        default:
            return nil
        }
    }
}
