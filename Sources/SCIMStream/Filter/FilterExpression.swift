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
    /// `a and b`
    case and(FilterExpression, FilterExpression)
    /// `a or b`
    case or(FilterExpression, FilterExpression)
    /// `not (a)`
    case not(FilterExpression)

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
        // Left-associative: a right operand of the same precedence keeps its parentheses,
        // so the text parses back to the same tree.
        case .and(let a, let b): text = "\(a.render(parentPrecedence: 2)) and \(b.render(parentPrecedence: 3))"
        case .or(let a, let b): text = "\(a.render(parentPrecedence: 1)) or \(b.render(parentPrecedence: 2))"
        case .not(let a): return "not (\(a.render(parentPrecedence: 0)))"
        }
        return precedence < parentPrecedence ? "(\(text))" : text
    }
}
