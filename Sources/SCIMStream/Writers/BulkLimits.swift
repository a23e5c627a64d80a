/// The Bulk limits a service advertises in its ServiceProviderConfig (RFC 7643 §5).
public struct BulkLimits: Sendable, Equatable {
    /// `bulk.maxOperations`.
    public var maxOperations: Int
    /// `bulk.maxPayloadSize`, in bytes.
    public var maxPayloadSize: Int

    /// Reads the limits from ServiceProviderConfig JSON.
    ///
    /// - Throws: ``UsageError`` when the document is not JSON, lacks the limits, or says Bulk is not supported.
    public init(serviceProviderConfig json: [UInt8], name: String) throws(UsageError) {
        let document: JSONValue
        do {
            document = try JSONValue(json: json)
        } catch {
            throw UsageError("--bulk-limits-from \(name): not JSON: \(error)")
        }
        guard let bulk = document[member: "bulk"] else {
            throw UsageError("--bulk-limits-from \(name): no \"bulk\" member (is it a ServiceProviderConfig?)")
        }
        if bulk[member: "supported"]?.boolValue == false {
            throw UsageError("--bulk-limits-from \(name): the service does not support Bulk (\"supported\": false)")
        }
        func number(_ key: String) throws(UsageError) -> Int {
            guard case .number(let text)? = bulk[member: key], let n = Int(text), n > 0 else {
                throw UsageError("--bulk-limits-from \(name): bulk.\(key) is missing or not a positive integer")
            }
            return n
        }
        maxOperations = try number("maxOperations")
        maxPayloadSize = try number("maxPayloadSize")
    }

    /// Reads the limits from a file.
    public static func read(from path: String) throws(UsageError) -> BulkLimits {
        let bytes: [UInt8]
        do {
            bytes = try FileContents.read(path)
        } catch {
            throw UsageError("--bulk-limits-from: \(error)")
        }
        return try BulkLimits(serviceProviderConfig: bytes, name: path)
    }
}
