import SCIMJSON

/// An RFC 7644 attribute path: `userName`, `name.givenName`, `emails[type eq "work"].value`,
/// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`.
///
/// Names compare case-insensitively. An extension attribute names its schema URN, found by
/// matching the longest known schema URN first (URNs contain `.` and `:`), then by the last
/// `:` for unknown extensions. A path may also name a whole extension object by its URN.
public struct AttributePath: Sendable, Equatable, CustomStringConvertible {
    /// The extension schema URN, or nil for core attributes.
    public var schema: String?
    /// The attribute name (for a whole extension object: its URN).
    public var name: String
    /// A filter selecting elements of a multi-valued attribute (`emails[type eq "work"]`).
    public var filter: FilterExpression?
    /// The sub-attribute (`value` in `emails.value`).
    public var subAttribute: String?

    /// Creates a path from its parts.
    public init(schema: String? = nil, name: String, filter: FilterExpression? = nil, subAttribute: String? = nil) {
        self.schema = schema
        self.name = name
        self.filter = filter
        self.subAttribute = subAttribute
    }

    /// Parses a path.
    ///
    /// - Throws: ``PathSyntaxError`` pointing at the column where parsing failed.
    public init(parsing text: String) throws(PathSyntaxError) {
        var parser = FilterParser(text)
        self = try parser.parseWholePath()
    }

    /// The path in canonical form.
    public var description: String {
        var text = schema.map { $0 + ":" } ?? ""
        text += name
        if let filter { text += "[\(filter)]" }
        if let subAttribute { text += "." + subAttribute }
        return text
    }

    /// Lower-case name bytes, for matching JSON keys.
    var lowercaseName: [UInt8] { ASCIICase.lowercased(name) }
    var lowercaseSchema: [UInt8]? { schema.map(ASCIICase.lowercased) }
    var lowercaseSub: [UInt8]? { subAttribute.map(ASCIICase.lowercased) }

    /// What the schema knows about the attribute this path ends at.
    public var facts: SCIMSchema.AttributeFacts? {
        SCIMSchema.facts(schema: schema, name: name, sub: subAttribute)
    }

    /// True when the path ends at a top-level attribute (no sub-attribute, no filter).
    public var isSimpleTopLevel: Bool { schema == nil && filter == nil && subAttribute == nil }
}
