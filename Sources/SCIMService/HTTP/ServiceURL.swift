/// A SCIM service's base URL and the URLs of its endpoints.
public struct ServiceURL: Sendable, Equatable, CustomStringConvertible {
    /// The base, without a trailing `/` or `/Users` (`https://host/scim/v2`).
    public let base: String

    /// Parses a command-line URL: `http://` or `https://`; a trailing `/Users` or `/` is dropped.
    /// Returns nil for anything else, and for a URL with credentials in it (`user:pass@`), which
    /// would put a secret in messages.
    public init?(_ text: String) {
        guard Self.isServiceURL(text) else { return nil }
        var base = text
        while base.hasSuffix("/") { base.removeLast() }
        if base.hasSuffix("/Users") { base.removeLast("/Users".count) }
        while base.hasSuffix("/") { base.removeLast() }
        let afterScheme = base.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
        guard afterScheme.count >= 3, !afterScheme[2].isEmpty, !afterScheme[2].contains("@"), !base.contains("?"), !base.contains("#")
        else { return nil }
        self.base = base
    }

    /// True when `text` names a service (`http://…` or `https://…`) rather than a file.
    public static func isServiceURL(_ text: String) -> Bool {
        text.hasPrefix("http://") || text.hasPrefix("https://")
    }

    /// `base/Users`.
    public var users: String { base + "/Users" }

    /// `base/Users/{id}`, the id percent-encoded.
    public func user(_ id: String) -> String { users + "/" + Self.percentEncoded(id) }

    /// `base/Bulk`.
    public var bulk: String { base + "/Bulk" }

    /// `base/ServiceProviderConfig`.
    public var serviceProviderConfig: String { base + "/ServiceProviderConfig" }

    /// The base.
    public var description: String { base }

    /// `base/Users?` and the query, parameters in order, values percent-encoded.
    public func users(query: [(String, String?)]) -> String {
        guard !query.isEmpty else { return users }
        let parts = query.map { name, value in value.map { "\(name)=\(Self.percentEncoded($0))" } ?? name }
        return users + "?" + parts.joined(separator: "&")
    }

    /// `text` with every byte outside RFC 3986's unreserved set percent-encoded.
    public static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 15)])
            }
        }
        return out
    }
}
