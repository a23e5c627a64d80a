import SCIMJSON
import SCIMStream

/// What a SCIM Error message (`urn:ietf:params:scim:api:messages:2.0:Error`, RFC 7644 §3.12)
/// or any error body says: status, `scimType`, `detail`.
public struct SCIMErrorBody: Sendable, Equatable, CustomStringConvertible {
    /// The SCIM Error message's URN.
    public static let urn = SCIMSchema.errorMessage

    /// The HTTP status (from the body when it has one, else the response's).
    public var status: Int
    /// `scimType` (`uniqueness`, `invalidFilter`, …), if given.
    public var scimType: String?
    /// `detail`, if given (at most 300 characters kept).
    public var detail: String?

    /// Creates an error description.
    public init(status: Int, scimType: String? = nil, detail: String? = nil) {
        self.status = status
        self.scimType = scimType
        self.detail = detail
    }

    /// Reads the body of a failed response; a body that is not JSON gives its first line.
    public init(response: HTTPResponse) {
        self.init(status: response.status)
        if let value = try? JSONValue(json: response.body), case .object = value {
            scimType = value[member: "scimType"]?.stringValue
            detail = (value[member: "detail"]?.stringValue ?? value[member: "error_description"]?.stringValue).map { String($0.prefix(300)) }
            if let text = value[member: "status"]?.stringValue ?? value[member: "status"].flatMap(Self.numberText), let n = Int(text) {
                status = n
            }
        } else {
            let text = String(decoding: response.body.prefix(200), as: UTF8.self)
            let line = text.split(whereSeparator: \.isNewline).first.map(String.init)?.trimmingWhitespace ?? ""
            detail = line.isEmpty ? nil : line
        }
    }

    /// True when `value` (a whole document) is a SCIM Error message.
    static func isErrorMessage(_ schemas: [String]) -> Bool {
        schemas.contains(urn)
    }

    private static func numberText(_ value: JSONValue) -> String? {
        if case .number(let text) = value { return text }
        return nil
    }

    /// `409 uniqueness: detail`.
    public var description: String {
        var text = String(status)
        if let scimType { text += " " + scimType }
        if let detail { text += ": " + detail }
        return text
    }
}
