// Typed read access to the attributes of Genesys Cloud's ScimV2User (and RFC 7643 users).
// Each property decodes only the member it names; the rest of the record stays bytes.

public import SCIMJSON

/// An element of `emails`, `phoneNumbers`, `photos` and similar multi-valued attributes.
public struct MultiValuedAttribute: Sendable, Equatable {
    /// The value (an address, a number, a URL).
    public var value: String?
    /// `work`, `home`, `mobile`, `work2`, `other`, …
    public var type: String?
    /// A human-readable label.
    public var display: String?
    /// The preferred element.
    public var primary: Bool?

    init(_ v: JSONValue) {
        value = v[member: "value"]?.stringValue
        type = v[member: "type"]?.stringValue
        display = v[member: "display"]?.stringValue
        primary = v[member: "primary"]?.boolValue
    }
}

/// An element of `groups` (read-only in SCIM).
public struct GroupMembership: Sendable, Equatable {
    /// The group's id.
    public var value: String?
    /// The group's URI (`$ref`).
    public var ref: String?
    /// The group's name.
    public var display: String?
}

/// The `name` complex attribute.
public struct PersonName: Sendable, Equatable {
    /// The sub-attributes of `name`, decoded.
    public var formatted, familyName, givenName, middleName, honorificPrefix, honorificSuffix: String?
}

/// The enterprise extension (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`).
public struct EnterpriseUser: Sendable, Equatable {
    /// The extension's string attributes, decoded.
    public var employeeNumber, costCenter, organization, division, department: String?
    /// The manager's id (`manager.value`).
    public var managerID: String?
    /// The manager's name (`manager.displayName`).
    public var managerName: String?
}

/// The `meta` complex attribute.
public struct ResourceMeta: Sendable, Equatable {
    /// The sub-attributes of `meta`, as written (timestamps are not parsed).
    public var resourceType, created, lastModified, location, version: String?
}

extension UserRecord {
    /// The decoded value of member `name` (ignoring case), or nil when absent.
    public func value(ofMember name: String) -> JSONValue? {
        let lower = ASCIICase.lowercased(name)
        return withView { view in view.member(lower).map(JSONValue.init(slice:)) }
    }

    /// Every value `path` selects (arrays flattened), decoded.
    ///
    /// ```swift
    /// record.values(at: try AttributePath(parsing: #"emails[type eq "work"].value"#))
    /// ```
    public func values(at path: AttributePath) -> [JSONValue] {
        let plan = CompiledPath(path)
        var out: [JSONValue] = []
        withView { view in
            _ = plan.anyValue(in: .record(view)) {
                out.append(JSONValue(slice: $0)); return false
            }
        }
        return out
    }

    private func string(_ name: String) -> String? { value(ofMember: name)?.stringValue }

    /// `id` (read-only, assigned by the service).
    public var id: String? { string("id") }
    /// `externalId`.
    public var externalId: String? { string("externalId") }
    /// `userName`.
    public var userName: String? { string("userName") }
    /// `displayName`.
    public var displayName: String? { string("displayName") }
    /// `title`.
    public var title: String? { string("title") }
    /// `password`, while it is still in the record (every run strips it by default).
    public var password: String? { string("password") }
    /// `active`.
    public var active: Bool? { value(ofMember: "active")?.boolValue }
    /// `schemas`.
    public var schemas: [String] { value(ofMember: "schemas")?.arrayValue.compactMap(\.stringValue) ?? [] }

    /// `name`.
    public var name: PersonName? {
        guard let v = value(ofMember: "name"), case .object = v else { return nil }
        return PersonName(
            formatted: v[member: "formatted"]?.stringValue, familyName: v[member: "familyName"]?.stringValue,
            givenName: v[member: "givenName"]?.stringValue, middleName: v[member: "middleName"]?.stringValue,
            honorificPrefix: v[member: "honorificPrefix"]?.stringValue, honorificSuffix: v[member: "honorificSuffix"]?.stringValue)
    }

    /// `emails`.
    public var emails: [MultiValuedAttribute] { multiValued("emails") }
    /// `phoneNumbers` (Genesys types include `work2`, `work3`, `work4`).
    public var phoneNumbers: [MultiValuedAttribute] { multiValued("phoneNumbers") }
    /// `photos`.
    public var photos: [MultiValuedAttribute] { multiValued("photos") }

    /// `groups`.
    public var groups: [GroupMembership] {
        (value(ofMember: "groups")?.arrayValue ?? []).map {
            GroupMembership(
                value: $0[member: "value"]?.stringValue, ref: $0[member: "$ref"]?.stringValue,
                display: $0[member: "display"]?.stringValue)
        }
    }

    /// `roles` names: Genesys sends `{"value": name}` objects, older exports plain strings; both work.
    public var roles: [String] {
        (value(ofMember: "roles")?.arrayValue ?? []).compactMap { $0.stringValue ?? $0[member: "value"]?.stringValue }
    }

    /// The enterprise extension.
    public var enterprise: EnterpriseUser? {
        guard let v = value(ofMember: SCIMSchema.enterpriseUser), case .object = v else { return nil }
        return EnterpriseUser(
            employeeNumber: v[member: "employeeNumber"]?.stringValue, costCenter: v[member: "costCenter"]?.stringValue,
            organization: v[member: "organization"]?.stringValue, division: v[member: "division"]?.stringValue,
            department: v[member: "department"]?.stringValue, managerID: v[member: "manager"]?[member: "value"]?.stringValue,
            managerName: v[member: "manager"]?[member: "displayName"]?.stringValue)
    }

    /// `meta`.
    public var meta: ResourceMeta? {
        guard let v = value(ofMember: "meta"), case .object = v else { return nil }
        return ResourceMeta(
            resourceType: v[member: "resourceType"]?.stringValue, created: v[member: "created"]?.stringValue,
            lastModified: v[member: "lastModified"]?.stringValue, location: v[member: "location"]?.stringValue,
            version: v[member: "version"]?.stringValue)
    }

    private func multiValued(_ name: String) -> [MultiValuedAttribute] {
        (value(ofMember: name)?.arrayValue ?? []).map(MultiValuedAttribute.init)
    }
}
