public import SCIMJSON

/// A comparison operator of the SCIM filter language (RFC 7644 §3.4.2.2).
public enum ComparisonOperator: String, Sendable, CaseIterable {
    case eq, ne, co, sw, ew, gt, ge, lt, le

    /// True for `gt`, `ge`, `lt`, `le`.
    public var isOrdering: Bool { self == .gt || self == .ge || self == .lt || self == .le }
}

/// A parsed SCIM filter.
public indirect enum FilterExpression: Sendable, Equatable, CustomStringConvertible {
    /// `attrPath op value`.
    case comparison(AttributePath, ComparisonOperator, JSONValue)
    /// `attrPath pr`.
    case present(AttributePath)
    /// `attr[filter]` on its own: some element satisfies the filter.
    case valuePath(AttributePath)
    /// `a and b and …`: a whole chain is one node, its operands in order (two or more from the
    /// parser; a parenthesized chain inside is an operand of its own).
    case and([FilterExpression])
    /// `a or b or …`: a whole chain is one node, like ``and(_:)``.
    case or([FilterExpression])
    /// `not (a)`
    case not(FilterExpression)

    /// The deepest nesting the parser accepts: parentheses, `not` and value-path brackets, each
    /// one level. Deeper text is a ``PathSyntaxError`` naming this limit, so a filter from an
    /// untrusted source (an HTTP query string) cannot exhaust the stack; long flat chains
    /// (`a or b or …`) are not nesting and have no limit.
    ///
    /// Expressions built by hand should stay within it too: compiling, comparing and printing
    /// recurse once per level.
    public static let maxNesting = 256

    /// Parses a filter.
    ///
    /// - Throws: ``PathSyntaxError`` pointing at the column where parsing failed.
    public init(parsing text: String) throws(PathSyntaxError) {
        var parser = FilterParser(text)
        self = try parser.parseWholeFilter()
    }

    /// The filter in canonical form (lower-case keywords, minimal parentheses).
    public var description: String { render(parentPrecedence: 0) }

    private var precedence: Int {
        switch self {
        case .or: return 1
        case .and: return 2
        default: return 3
        }
    }

    private func render(parentPrecedence: Int) -> String {
        let text: String
        switch self {
        case .comparison(let path, let op, let value): text = "\(path) \(op.rawValue) \(value)"
        case .present(let path): text = "\(path) pr"
        case .valuePath(let path): text = "\(path)"
        // An operand of the same kind keeps its parentheses, so the text parses back to the same tree.
        case .and(let operands): text = operands.map { $0.render(parentPrecedence: 3) }.joined(separator: " and ")
        case .or(let operands): text = operands.map { $0.render(parentPrecedence: 2) }.joined(separator: " or ")
        case .not(let a): return "not (\(a.render(parentPrecedence: 0)))"
        }
        return precedence < parentPrecedence ? "(\(text))" : text
    }
}
