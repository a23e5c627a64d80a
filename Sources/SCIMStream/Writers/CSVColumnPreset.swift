/// The named column sets of `--columns-preset`.
///
/// - ``genesys`` (the default): every attribute of Genesys Cloud's ScimV2User and its
///   extension — each phone type (`work` to `work4`, `mobile`, `home`, `other`) and e-mail type
///   (`work`, `home`, `other`), group names and ids, roles, the enterprise attributes with
///   `dateHire`, routing skills and languages as `name:proficiency`, `externalIds` as
///   `authority:value`, and `meta`.
/// - ``rfc``: RFC 7643's User and enterprise extension: the `name` parts, every RFC phone and
///   e-mail type, `ims`, the work address, `entitlements`, the manager's name.
/// - ``minimal``: who the user is: `id`, `userName`, `displayName`, `active`, the primary
///   e-mail and `externalId`.
public enum CSVColumnPreset: String, Sendable, CaseIterable {
    /// Genesys Cloud's ScimV2User model (the default).
    case genesys
    /// RFC 7643 User with the enterprise extension.
    case rfc
    /// Identity only.
    case minimal

    private static let enterprise = SCIMSchema.enterpriseUser + ":"
    private static let genesysExtension = SCIMSchema.genesysUser + ":"

    /// The preset's columns, in order.
    public var columns: [CSVColumn] {
        switch self {
        case .genesys: Self.genesysColumns
        case .rfc: Self.rfcColumns
        case .minimal: Self.minimalColumns
        }
    }

    // Parsed once: the default columns are made for every run.
    private static let genesysColumns = CSVColumnPreset.genesys.parsed
    private static let rfcColumns = CSVColumnPreset.rfc.parsed
    private static let minimalColumns = CSVColumnPreset.minimal.parsed

    private var parsed: [CSVColumn] {
        specs.map { header, path in
            var column = try! CSVColumn(spec: path)
            column.header = header
            return column
        }
    }

    /// (header, `PATH[{a:b}]`) of each column.
    private var specs: [(String, String)] {
        let e = Self.enterprise, g = Self.genesysExtension
        let identity = [("id", "id"), ("userName", "userName"), ("displayName", "displayName"), ("active", "active")]
        func email(_ type: String) -> (String, String) { (type + "Email", #"emails[type eq "\#(type)"].value"#) }
        func phone(_ type: String) -> (String, String) { (type + "Phone", #"phoneNumbers[type eq "\#(type)"].value"#) }
        let primaryEmail = ("primaryEmail", "emails[primary eq true].value")
        let meta = [
            ("created", "meta.created"), ("lastModified", "meta.lastModified"), ("version", "meta.version"),
            ("location", "meta.location")
        ]
        switch self {
        case .minimal:
            return identity + [primaryEmail, ("externalId", "externalId")]
        case .genesys:
            return identity + [("title", "title"), ("externalId", "externalId"), primaryEmail]
                + ["work", "home", "other"].map(email)
                + ["work", "work2", "work3", "work4", "mobile", "home", "other"].map(phone)
                + [
                    ("photo", "photos.value"), ("groups", "groups.display"), ("groupIds", "groups.value"), ("roles", "roles"),
                    ("employeeNumber", e + "employeeNumber"), ("costCenter", e + "costCenter"),
                    ("organization", e + "organization"), ("division", e + "division"), ("department", e + "department"),
                    ("dateHire", e + "dateHire"), ("managerId", e + "manager.value"),
                    ("routingSkills", g + "routingSkills{name:proficiency}"),
                    ("routingLanguages", g + "routingLanguages{name:proficiency}"),
                    ("externalIds", g + "externalIds{authority:value}")
                ] + meta
        case .rfc:
            return [("id", "id"), ("externalId", "externalId"), ("userName", "userName")]
                + ["formatted", "givenName", "familyName", "middleName", "honorificPrefix", "honorificSuffix"].map {
                    ($0 == "formatted" ? "formattedName" : $0, "name." + $0)
                }
                + [
                    ("displayName", "displayName"), ("nickName", "nickName"), ("profileUrl", "profileUrl"), ("title", "title"),
                    ("userType", "userType"), ("preferredLanguage", "preferredLanguage"), ("locale", "locale"),
                    ("timezone", "timezone"), ("active", "active"), primaryEmail
                ]
                + ["work", "home", "other"].map(email)
                + [("primaryPhone", "phoneNumbers[primary eq true].value")]
                + ["work", "home", "mobile", "fax", "pager", "other"].map(phone)
                + [("ims", "ims.value"), ("photo", "photos.value")]
                + ["formatted", "streetAddress", "locality", "region", "postalCode", "country"].map {
                    (
                        $0 == "formatted" ? "workAddress" : "work" + $0.prefix(1).uppercased() + $0.dropFirst(),
                        #"addresses[type eq "work"].\#($0)"#
                    )
                }
                + [
                    ("groups", "groups.display"), ("groupIds", "groups.value"), ("entitlements", "entitlements"),
                    ("roles", "roles"), ("employeeNumber", e + "employeeNumber"), ("costCenter", e + "costCenter"),
                    ("organization", e + "organization"), ("division", e + "division"), ("department", e + "department"),
                    ("managerId", e + "manager.value"), ("managerName", e + "manager.displayName"),
                    ("resourceType", "meta.resourceType")
                ] + meta
        }
    }
}
