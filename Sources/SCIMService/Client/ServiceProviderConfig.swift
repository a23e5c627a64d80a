import SCIMJSON

/// What a service says about itself (RFC 7644 §4, RFC 9865 for cursors), as far as reading and
/// writing users needs it.
public struct ServiceProviderConfig: Sendable, Equatable {
    /// `bulk.supported`.
    public var bulkSupported = false
    /// `bulk.maxOperations`.
    public var bulkMaxOperations: Int?
    /// `bulk.maxPayloadSize` in bytes.
    public var bulkMaxPayloadSize: Int?
    /// `filter.maxResults`: the most users one page may hold.
    public var maxResults: Int?
    /// `pagination.cursor` (RFC 9865).
    public var cursorPaging = false
    /// `etag.supported`.
    public var etagSupported = false

    /// Nothing supported (a service that has no ServiceProviderConfig endpoint).
    public init() {}

    /// Reads the document; members that are absent or of another type keep their defaults.
    public init(json: [UInt8]) throws {
        let value = try JSONValue(json: json)
        self.init()
        bulkSupported = value[member: "bulk"]?[member: "supported"]?.boolValue ?? false
        bulkMaxOperations = Self.integer(value[member: "bulk"]?[member: "maxOperations"])
        bulkMaxPayloadSize = Self.integer(value[member: "bulk"]?[member: "maxPayloadSize"])
        maxResults = Self.integer(value[member: "filter"]?[member: "maxResults"])
        cursorPaging = value[member: "pagination"]?[member: "cursor"]?.boolValue ?? false
        etagSupported = value[member: "etag"]?[member: "supported"]?.boolValue ?? false
    }

    /// A positive integer member, or nil.
    static func integer(_ value: JSONValue?) -> Int? {
        guard case .number(let text)? = value, let n = Int(text), n > 0 else { return nil }
        return n
    }
}
