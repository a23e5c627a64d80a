import Testing
@testable import SCIMStream

/// Filters from untrusted text (an HTTP query string) must not exhaust the stack: nesting is
/// bounded with an error that names the limit, and long flat chains are one n-ary node.
@Suite struct FilterBoundsTests {
    static let limit = FilterExpression.maxNesting

    func parseError(_ text: String) -> PathSyntaxError? {
        do {
            _ = try FilterExpression(parsing: text)
            return nil
        } catch {
            return error
        }
    }

    @Test func deepParenthesesAreAnErrorNamingTheLimit() throws {
        let text = String(repeating: "(", count: 15_000) + "a pr" + String(repeating: ")", count: 15_000)
        let error = try #require(parseError(text))
        #expect(error.message.contains("\(Self.limit)"), "\(error.message)")
        #expect(error.column == Self.limit + 1)
    }

    @Test func deepNotIsAnErrorNamingTheLimit() throws {
        let text = String(repeating: "not (", count: 50_000) + "a pr" + String(repeating: ")", count: 50_000)
        let error = try #require(parseError(text))
        #expect(error.message.contains("\(Self.limit)"), "\(error.message)")
    }

    @Test func deepValuePathsAreAnErrorNamingTheLimit() throws {
        let text = String(repeating: "emails[", count: 20_000) + "a pr" + String(repeating: "]", count: 20_000)
        let error = try #require(parseError(text))
        #expect(error.message.contains("\(Self.limit)"), "\(error.message)")
    }

    @Test func nestingAtTheLimitWorks() throws {
        let n = Self.limit
        let parens = String(repeating: "(", count: n) + "userName pr" + String(repeating: ")", count: n)
        let nots = String(repeating: "not (", count: n) + "userName pr" + String(repeating: ")", count: n)
        let record = try UserRecord(json: Array(#"{"userName":"a"}"#.utf8))
        for text in [parens, nots] {
            let filter = try CompiledFilter(parsing: text)
            #expect(filter.matches(record) == (text == parens || n % 2 == 0))
            #expect(try FilterExpression(parsing: filter.expression.description) == filter.expression)
        }
        #expect(parseError("(" + parens + ")") != nil)
    }

    @Test(arguments: ["and", "or"])
    func longFlatChainsWork(keyword: String) throws {
        let n = 60_000
        let terms = (0..<n).map { #"title eq "t\#($0)""# }
        let text = terms.joined(separator: " \(keyword) ")
        let expression = try FilterExpression(parsing: text)
        switch expression {
        case .and(let operands), .or(let operands): #expect(operands.count == n)
        default: Issue.record("not a chain: \(expression)")
        }
        #expect(expression.description == text)
        let filter = CompiledFilter(expression)
        let record = try UserRecord(json: Array(#"{"title":"t59999"}"#.utf8))
        #expect(filter.matches(record) == (keyword == "or"))
        #expect(try FilterExpression(parsing: expression.description) == expression)
    }

    @Test func chainsKeepTheirGrouping() throws {
        #expect(
            try FilterExpression(parsing: "a pr and b pr and c pr")
                == .and([.present(AttributePath(name: "a")), .present(AttributePath(name: "b")), .present(AttributePath(name: "c"))]))
        #expect(
            try FilterExpression(parsing: "a pr or b pr and c pr")
                == .or([.present(AttributePath(name: "a")), .and([.present(AttributePath(name: "b")), .present(AttributePath(name: "c"))])]))
        for text in ["(a pr and b pr) and c pr", "a pr and (b pr and c pr)", "(a pr or b pr) and c pr", "not (a pr and b pr) or c pr"] {
            let e = try FilterExpression(parsing: text)
            #expect(e.description == text)
            #expect(try FilterExpression(parsing: e.description) == e)
        }
    }

    /// The error of a 15,000-parenthesis filter printed all of it (30 KB on stderr).
    @Test func errorsInHugeFiltersPrintAWindow() throws {
        let text = String(repeating: "(", count: 15_000) + "a pr" + String(repeating: ")", count: 15_000)
        let error = try #require(parseError(text))
        let lines = error.description.split(separator: "\n").map(String.init)
        #expect(error.description.count < 300, "\(error.description.count) characters")
        #expect(lines[1] == "    …" + String(repeating: "(", count: 100) + "…")
        #expect(lines[2] == "    " + String(repeating: " ", count: 61) + "^")
        let short = try #require(parseError("title eq"))
        #expect(short.description == "expected a space after 'eq' at column 9\n    title eq\n            ^")
    }
}
