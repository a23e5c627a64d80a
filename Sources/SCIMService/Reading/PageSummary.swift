import SCIMJSON
import SCIMStream

/// The top of one page of a listing: its counts, cursor and schemas, and how many users it
/// holds, read in one pass without building the users.
struct PageSummary: Sendable, Equatable {
    /// `totalResults`.
    var totalResults: Int?
    /// `startIndex`.
    var startIndex: Int?
    /// `itemsPerPage`.
    var itemsPerPage: Int?
    /// `nextCursor` (RFC 9865).
    var nextCursor: String?
    /// `schemas`.
    var schemas: [String] = []
    /// Elements of `Resources`.
    var resources = 0
    /// The page has a `Resources` member.
    var hasResources = false

    /// True for a SCIM Error message.
    var isError: Bool { SCIMErrorBody.isErrorMessage(schemas) }

    /// True when the page looks like a ListResponse (RFC 7644 §3.4.2: `totalResults` is required).
    var isListResponse: Bool { totalResults != nil || hasResources || schemas.contains(Self.listURN) }

    static let listURN = SCIMSchema.listResponse

    /// Reads a page's bytes.
    ///
    /// - Throws: ``JSONSyntaxError`` when the page is not one JSON object.
    init(page bytes: [UInt8]) throws(JSONSyntaxError) {
        var tokenizer = JSONTokenizer()
        tokenizer.reportDepth = 2
        var key = ""
        var failure: JSONSyntaxError?
        var summary = PageSummary.empty
        bytes.withUnsafeBytes { window in
            do throws(JSONSyntaxError) {
                while case .token(let token) = try tokenizer.next(window, base: 0, isFinal: true) {
                    switch (token.kind, token.depth) {
                    case (.key, 1):
                        key = Self.text(window, token) ?? ""
                        if key == "Resources" { summary.hasResources = true }
                    case (.number, 1):
                        let value = Int(String(decoding: UnsafeRawBufferPointer(rebasing: window[token.start..<token.end]), as: UTF8.self))
                        switch key {
                        case "totalResults": summary.totalResults = value
                        case "startIndex": summary.startIndex = value
                        case "itemsPerPage": summary.itemsPerPage = value
                        default: break
                        }
                    case (.string, 1) where key == "nextCursor": summary.nextCursor = Self.text(window, token)
                    case (.string, 2) where key == "schemas": Self.text(window, token).map { summary.schemas.append($0) }
                    case (.beginObject, 2) where key == "Resources": summary.resources += 1
                    default: break
                    }
                }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        self = summary
    }

    private init() {}
    private static var empty: PageSummary { PageSummary() }

    /// The decoded text of a string token.
    private static func text(_ window: UnsafeRawBufferPointer, _ token: JSONToken) -> String? {
        guard case .string(let text)? = try? JSONValue(json: UnsafeRawBufferPointer(rebasing: window[token.start..<token.end])) else {
            return nil
        }
        return text
    }
}
