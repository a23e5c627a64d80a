import SCIMJSON

/// What the SCIM schemas say about the attributes this tool reasons about.
///
/// Sources: RFC 7643 §3.1 (common attributes), §4.1 (User), §4.3 (enterprise extension), and
/// Genesys Cloud's ScimV2User. Attributes not listed are unknown: strings compared
/// case-insensitively, no type constraints.
public enum SCIMSchema {
    /// `urn:ietf:params:scim:schemas:core:2.0:User`
    public static let coreUser = "urn:ietf:params:scim:schemas:core:2.0:User"
    /// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`
    public static let enterpriseUser = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    /// `urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User`
    public static let genesysUser = "urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User"
    /// `urn:ietf:params:scim:api:messages:2.0:ListResponse`
    public static let listResponse = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
    /// `urn:ietf:params:scim:api:messages:2.0:BulkRequest`
    public static let bulkRequest = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
    /// `urn:ietf:params:scim:api:messages:2.0:Error`
    public static let errorMessage = "urn:ietf:params:scim:api:messages:2.0:Error"
    /// `urn:ietf:params:scim:api:messages:2.0:PatchOp`
    public static let patchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp"

    /// Schema URNs whose attributes may be addressed as `URN:attr`, longest first for prefix matching.
    public static let knownSchemas: [String] = [
        coreUser, enterpriseUser, genesysUser,
        "urn:ietf:params:scim:schemas:core:2.0:Group"
    ]
    .sorted { $0.count > $1.count }

    /// The type of an attribute's values.
    public enum AttributeType: Sendable, Equatable {
        case string, boolean, dateTime, decimal, integer, reference, complex, binary
    }

    /// What the schema says about one attribute.
    public struct AttributeFacts: Sendable, Equatable {
        /// Value type.
        public var type: AttributeType
        /// String comparisons are case-sensitive.
        public var caseExact: Bool
        /// The attribute holds an array.
        public var multiValued: Bool
    }

    private static func facts(_ type: AttributeType, exact: Bool = false, multi: Bool = false) -> AttributeFacts {
        AttributeFacts(type: type, caseExact: exact, multiValued: multi)
    }

    /// Every attribute the schemas define, spelt as they spell it (`name.givenName`; extension
    /// attributes prefixed by their URN and ':'), with its facts, in schema order.
    public static let attributes: [(name: String, facts: AttributeFacts)] = {
        var t: [(String, AttributeFacts)] = [
            ("id", facts(.string, exact: true)), ("externalId", facts(.string, exact: true)),
            ("meta", facts(.complex)), ("meta.resourceType", facts(.string, exact: true)),
            ("meta.created", facts(.dateTime)), ("meta.lastModified", facts(.dateTime)),
            ("meta.location", facts(.reference, exact: true)), ("meta.version", facts(.string, exact: true)),
            ("schemas", facts(.reference, exact: true, multi: true)),
            ("userName", facts(.string)), ("name", facts(.complex)), ("displayName", facts(.string)),
            ("nickName", facts(.string)), ("profileUrl", facts(.reference, exact: true)), ("title", facts(.string)),
            ("userType", facts(.string)), ("preferredLanguage", facts(.string)), ("locale", facts(.string)),
            ("timezone", facts(.string)), ("active", facts(.boolean)), ("password", facts(.string))
        ]
        for sub in ["formatted", "familyName", "givenName", "middleName", "honorificPrefix", "honorificSuffix"] {
            t.append(("name." + sub, facts(.string)))
        }
        for multi in ["emails", "phoneNumbers", "ims", "photos", "addresses", "groups", "entitlements", "roles", "x509Certificates"] {
            t.append((multi, facts(.complex, multi: true)))
            let value: AttributeFacts =
                multi == "photos" ? facts(.reference, exact: true) : multi == "x509Certificates" ? facts(.binary, exact: true) : facts(.string)
            if multi != "addresses" {
                t.append((multi + ".value", value))
                t.append((multi + ".display", facts(.string)))
                t.append((multi + ".$ref", facts(.reference, exact: true)))
            }
            t.append((multi + ".type", facts(.string)))
            t.append((multi + ".primary", facts(.boolean)))
        }
        for sub in ["formatted", "streetAddress", "locality", "region", "postalCode", "country"] {
            t.append(("addresses." + sub, facts(.string)))
        }
        let ent = enterpriseUser + ":"
        // dateHire: Genesys Cloud's addition to the enterprise extension (a date as text).
        for sub in ["employeeNumber", "costCenter", "organization", "division", "department", "dateHire"] {
            t.append((ent + sub, facts(.string)))
        }
        t.append((ent + "manager", facts(.complex)))
        // The manager's `id`: compared exactly like every id (an id compared ignoring case could
        // name another user); RFC 7643 §4.3 leaves its caseExact unsaid.
        t.append((ent + "manager.value", facts(.string, exact: true)))
        t.append((ent + "manager.$ref", facts(.reference, exact: true)))
        t.append((ent + "manager.displayName", facts(.string)))
        let gen = genesysUser + ":"
        for multi in ["routingSkills", "routingLanguages"] {
            t.append((gen + multi, facts(.complex, multi: true)))
            t.append((gen + multi + ".name", facts(.string)))
            t.append((gen + multi + ".proficiency", facts(.decimal)))
        }
        t.append((gen + "externalIds", facts(.complex, multi: true)))
        t.append((gen + "externalIds.authority", facts(.string)))
        t.append((gen + "externalIds.value", facts(.string)))
        return t
    }()

    /// Facts by lower-case dotted name; extension attributes are prefixed by their lower-case URN and ':'.
    private static let table: [String: AttributeFacts] = Dictionary(
        attributes.map { ($0.name.lowercased(), $0.facts) }, uniquingKeysWith: { first, _ in first })

    /// The core User's multi-valued complex attributes that have a `value` sub-attribute
    /// (lower case): a string element stands for `{"value": …}` in other models (Genesys Cloud's roles).
    public static let complexWithValue: Set<String> = [
        "emails", "phonenumbers", "ims", "photos", "groups", "entitlements", "roles", "x509certificates"
    ]

    /// Facts about `name` (with `sub`) in `schema` (nil: core), or nil when the attribute is unknown.
    public static func facts(schema: String?, name: String, sub: String?) -> AttributeFacts? {
        var key = ""
        if let schema, schema.lowercased() != coreUser.lowercased() { key = schema.lowercased() + ":" }
        key += name.lowercased()
        if let sub { key += "." + sub.lowercased() }
        if let found = table[key] { return found }
        // `$ref` is a reference, compared exactly, wherever it appears.
        if sub?.lowercased() == "$ref" || (sub == nil && name.lowercased() == "$ref") { return facts(.reference, exact: true) }
        return nil
    }

    /// The known schema URN that `text` starts with, followed by ':' (case-insensitive), longest first.
    public static func schemaPrefix(of text: Substring) -> String? {
        let lower = text.lowercased()
        return knownSchemas.first { lower.hasPrefix($0.lowercased() + ":") }
    }
}
