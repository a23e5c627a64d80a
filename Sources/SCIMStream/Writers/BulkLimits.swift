import SCIMJSON

/// The Bulk limits a service advertises in its ServiceProviderConfig (RFC 7643 §5).
public struct BulkLimits: Sendable, Equatable {
    /// `bulk.maxOperations`.
    public var maxOperations: Int
    /// `bulk.maxPayloadSize`, in bytes.
    public var maxPayloadSize: Int

    /// Reads the limits from ServiceProviderConfig JSON.
    ///
    /// - Throws: ``BulkLimitsError`` when the document is not JSON, lacks the limits, or says Bulk is not supported.
    public init(serviceProviderConfig json: [UInt8]) throws(BulkLimitsError) {
        let document: JSONValue
        do {
            document = try JSONValue(json: json)
        } catch {
            throw .notJSON(error)
        }
        guard let bulk = document[member: "bulk"] else {
            throw .noBulkMember
        }
        if bulk[member: "supported"]?.boolValue == false {
            throw .unsupported
        }
        func number(_ key: String) throws(BulkLimitsError) -> Int {
            guard case .number(let text)? = bulk[member: key], let n = Int(text), n > 0 else {
                throw .badLimit(key)
            }
            return n
        }
        maxOperations = try number("maxOperations")
        maxPayloadSize = try number("maxPayloadSize")
    }

    /// Reads the limits from a file.
    public static func read(from path: String) throws(BulkLimitsError) -> BulkLimits {
        let bytes: [UInt8]
        do {
            bytes = try FileContents.read(path)
        } catch {
            throw .unreadable(error)
        }
        return try BulkLimits(serviceProviderConfig: bytes)
    }
}
