/// What a listing asks the service for: page size, a server-side filter, and which attributes.
public struct ServerQuery: Sendable, Equatable {
    /// `count`: users per page (default 100; Genesys Cloud allows 25 at most).
    public var pageSize: Int
    /// `filter`, already checked by the tool's own filter parser.
    public var filter: String?
    /// `attributes`, comma-separated.
    public var attributes: String?
    /// `excludedAttributes`, comma-separated.
    public var excludedAttributes: String?

    /// Creates a query.
    public init(pageSize: Int = 100, filter: String? = nil, attributes: String? = nil, excludedAttributes: String? = nil) {
        self.pageSize = pageSize
        self.filter = filter
        self.attributes = attributes
        self.excludedAttributes = excludedAttributes
    }

    /// The query parameters other than paging, in a fixed order.
    var parameters: [(String, String?)] {
        var query: [(String, String?)] = []
        if let filter { query.append(("filter", filter)) }
        if let attributes { query.append(("attributes", attributes)) }
        if let excludedAttributes { query.append(("excludedAttributes", excludedAttributes)) }
        return query
    }
}
