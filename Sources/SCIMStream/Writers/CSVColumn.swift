import SCIMJSON

/// One column of a CSV or TSV output: a header and the attribute path that fills it.
public struct CSVColumn: Sendable, Equatable {
    /// The header text.
    public var header: String
    /// The attribute path whose values fill the cell (several values are joined).
    public var path: AttributePath

    /// Creates a column.
    public init(header: String, path: AttributePath) {
        self.header = header
        self.path = path
    }

    /// Parses one `[HEADER=]PATH` spec; the header defaults to the path as written.
    ///
    /// - Throws: ``CSVColumnError`` for an empty column or a bad path.
    public init(spec: String) throws(CSVColumnError) {
        let text = spec.trimmingSpaces
        var header = text
        var pathText = text
        if let (h, p) = StringValues.splitAssignment(text) {
            header = h
            pathText = p.trimmingSpaces
        }
        guard !header.isEmpty, !pathText.isEmpty else { throw .emptyColumn(spec: spec) }
        do {
            path = try AttributePath(parsing: pathText)
        } catch {
            throw .invalidPath(pathText, error)
        }
        self.header = header
    }

    /// Parses a comma-separated list of `[HEADER=]PATH` (commas inside brackets and quotes are kept).
    public static func parseList(_ text: String) throws(CSVColumnError) -> [CSVColumn] {
        var out: [CSVColumn] = []
        for spec in StringValues.splitList(text) { out.append(try CSVColumn(spec: spec)) }
        guard !out.isEmpty else { throw .noColumns }
        return out
    }

    /// Parses a columns file: one `[HEADER=]PATH` per line, blank lines and `#` comments ignored.
    public static func parseFile(_ text: String) throws(CSVColumnError) -> [CSVColumn] {
        var out: [CSVColumn] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let spec = String(line).trimmingSpaces
            if spec.isEmpty || spec.hasPrefix("#") { continue }
            out.append(try CSVColumn(spec: spec))
        }
        guard !out.isEmpty else { throw .noColumns }
        return out
    }

    /// The documented default columns: every attribute of the ScimV2User model a warehouse needs.
    public static let defaults: [CSVColumn] = [
        ("id", "id"), ("userName", "userName"), ("displayName", "displayName"), ("active", "active"),
        ("title", "title"), ("externalId", "externalId"),
        ("primaryEmail", "emails[primary eq true].value"), ("workEmail", #"emails[type eq "work"].value"#),
        ("workPhone", #"phoneNumbers[type eq "work"].value"#), ("work2Phone", #"phoneNumbers[type eq "work2"].value"#),
        ("mobilePhone", #"phoneNumbers[type eq "mobile"].value"#), ("homePhone", #"phoneNumbers[type eq "home"].value"#),
        ("photo", "photos.value"), ("groups", "groups.display"), ("roles", "roles"),
        ("employeeNumber", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber"),
        ("department", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"),
        ("division", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division"),
        ("managerId", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value"),
        ("created", "meta.created"), ("lastModified", "meta.lastModified")
    ].map { CSVColumn(header: $0.0, path: try! AttributePath(parsing: $0.1)) }
}
