public import SCIMJSON

/// Why a ServiceProviderConfig gave no Bulk limits: the data of the failure, phrased by the caller.
public enum BulkLimitsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(IOError)
    /// The document is not JSON.
    case notJSON(JSONSyntaxError)
    /// The document has no `bulk` member: probably not a ServiceProviderConfig.
    case noBulkMember
    /// `bulk.supported` is false.
    case unsupported
    /// `bulk.KEY` is missing or not a positive integer.
    case badLimit(String)

    /// A sentence without option names.
    public var description: String {
        switch self {
        case .unreadable(let error): "\(error)"
        case .notJSON(let error): "not JSON: \(error)"
        case .noBulkMember: "no \"bulk\" member (is it a ServiceProviderConfig?)"
        case .unsupported: "the service does not support Bulk (\"supported\": false)"
        case .badLimit(let key): "bulk.\(key) is missing or not a positive integer"
        }
    }
}
