public import SCIMStream

/// A live service's users as an input: `GET /Users` page by page (RFC 7644 §3.4.2.4 index
/// paging, or RFC 9865 cursors when the ServiceProviderConfig announces them), each page's
/// body handed to the pipeline's reader as it arrives. One page is in memory at a time.
///
/// Paging advances by the users a page really holds and stops at an empty page or past
/// `totalResults`; a change of `totalResults` during the export is a warning. A page that is
/// an HTTP error or a SCIM Error message stops the input: it is never read as users.
public final class ServicePages: ByteStreamInput, @unchecked Sendable {
    /// The `/Users` URL.
    public let name: String
    /// The client of the service (its counts included).
    public let client: ServiceClient
    let query: ServerQuery
    /// Called with each warning (the caller prints it).
    public var onWarning: (@Sendable (String) -> Void)?
    /// Pages read so far.
    public private(set) var pagesRead = 0
    /// Users the pages held, all together.
    public private(set) var usersListed = 0

    /// Creates the input.
    ///
    /// - Parameter namesFilter: name the input by its URL and filter (one service read with
    ///   several filters), not by its URL alone.
    public init(client: ServiceClient, query: ServerQuery, namesFilter: Bool = false) {
        self.client = client
        self.query = query
        self.name = client.url.users + (namesFilter ? query.filter.map { " (filter: \($0))" } ?? "" : "")
    }

    /// Reads every page, delivering each body.
    public func read(_ deliver: ([UInt8]) throws -> Void) throws {
        let config = try client.serviceProviderConfig()
        var pageSize = query.pageSize
        if let max = config.maxResults, pageSize > max {
            onWarning?("the service lists at most \(max) users a page (filter.maxResults); using --page-size \(max)")
            pageSize = max
        }
        if config.cursorPaging {
            try readByCursor(pageSize: pageSize, deliver)
        } else {
            try readByIndex(pageSize: pageSize, deliver)
        }
    }

    /// `startIndex` paging.
    func readByIndex(pageSize: Int, _ deliver: ([UInt8]) throws -> Void) throws {
        var start = 1
        var total: Int?
        while true {
            let url = client.url.users(query: query.parameters + [("startIndex", String(start)), ("count", String(pageSize))])
            let (body, page) = try fetch(url)
            noteTotal(page.totalResults, &total, at: "startIndex \(start)")
            try deliver(body)
            if page.resources == 0 {
                if let total, start <= total {
                    onWarning?("the page at startIndex \(start) is empty although totalResults is \(total); stopping there")
                }
                return
            }
            start += page.resources
            if let total, start > total { return }
        }
    }

    /// RFC 9865 cursor paging: `cursor=` first, then each page's `nextCursor` until there is none.
    func readByCursor(pageSize: Int, _ deliver: ([UInt8]) throws -> Void) throws {
        var cursor = ""
        var total: Int?
        while true {
            let url = client.url.users(query: query.parameters + [("cursor", cursor), ("count", String(pageSize))])
            let (body, page) = try fetch(url)
            noteTotal(page.totalResults, &total, at: "page \(pagesRead)")
            try deliver(body)
            guard page.resources > 0, let next = page.nextCursor, !next.isEmpty else { return }
            cursor = next
        }
    }

    /// Warns when `totalResults` changed since the previous page.
    private func noteTotal(_ value: Int?, _ total: inout Int?, at place: String) {
        guard let value else { return }
        if let previous = total, previous != value {
            onWarning?(
                "totalResults changed from \(previous) to \(value) during the export (at \(place)): "
                    + "users added or removed meanwhile may be missing or seen twice")
        }
        total = value
    }

    /// GETs one page and checks that it is a ListResponse.
    private func fetch(_ url: String) throws -> ([UInt8], PageSummary) {
        let exchange = try client.send(HTTPRequest(method: "GET", url: url))
        let response = exchange.response
        guard response.isSuccess else {
            var hint = ""
            if RetryPolicy.isRetryable(status: response.status) {
                hint = " after \(exchange.attempts) attempts"
                if response.status == 429 { hint += " (a service may refuse large pages this way: try a smaller --page-size)" }
            }
            throw RemoteError(
                response.status == 429 || response.status >= 500 ? .unavailable : .protocolError,
                "GET \(url): \(SCIMErrorBody(response: response))\(hint)")
        }
        let page: PageSummary
        do {
            page = try PageSummary(page: response.body)
        } catch {
            throw RemoteError(.protocolError, "GET \(url): the answer is not JSON (\(error))")
        }
        if page.isError {
            throw RemoteError(.protocolError, "GET \(url): the answer is a SCIM Error: \(SCIMErrorBody(response: response))")
        }
        guard page.isListResponse else {
            throw RemoteError(.protocolError, "GET \(url): the answer is not a SCIM ListResponse")
        }
        pagesRead += 1
        usersListed += page.resources
        return (response.body, page)
    }
}
