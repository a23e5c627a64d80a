import SCIMJSON

/// A filter prepared for evaluation against many records: names lower-cased, literals folded
/// and parsed, schema facts looked up once.
///
/// Semantics (RFC 7644 §3.4.2.2, with the choices this tool documents):
/// - String comparison follows the attribute's `caseExact` (``SCIMSchema``); unknown
///   attributes compare case-insensitively.
/// - A multi-valued attribute matches when any element matches; `emails[…]` needs one and the
///   same element to satisfy the whole bracket (and the sub-attribute comparison after it).
/// - A complex value compared directly (`emails co "x"`) is compared by its `value` sub-attribute.
/// - `gt`/`ge`/`lt`/`le`: dateTimes chronologically, numbers numerically, strings by code point.
/// - `pr` is false for null, absent, `""`, `[]` and `{}`; `eq null` is true for absent, null and
///   `[]` (RFC 7643 §2.5: unassigned), false for `""`; `ne null` is its opposite.
/// - A dateTime compared with `eq`, `gt`, … that is not a valid xsd:dateTime matches nothing
///   (only `ne`): no fallback to comparing text.
/// - A comparison on an absent attribute is false (so `not (title eq "x")` is true without a title).
public struct CompiledFilter: Sendable {
    /// The filter as parsed.
    public let expression: FilterExpression
    let root: Node

    /// Compiles `expression`.
    public init(_ expression: FilterExpression) {
        self.expression = expression
        root = Node(expression, parent: nil)
    }

    /// Parses and compiles `text`.
    ///
    /// - Throws: ``PathSyntaxError`` with the column of the problem.
    public init(parsing text: String) throws(PathSyntaxError) {
        self.init(try FilterExpression(parsing: text))
    }

    /// True when `record` satisfies the filter.
    public func matches(_ record: UserRecord) -> Bool {
        record.withView { root.evaluate(.record($0)) }
    }

    /// A literal with its comparable forms (a class: shared, one retain per use).
    final class Literal: Sendable {
        let value: JSONValue
        let exactBytes: [UInt8]
        let foldedBytes: [UInt8]
        let number: Double?
        let instant: DateTimeInstant?

        init(_ value: JSONValue) {
            self.value = value
            switch value {
            case .string(let s):
                exactBytes = Array(s.utf8)
                foldedBytes = TextComparison.folded(exactBytes)
                instant = DateTimeInstant(exactBytes)
                number = nil
            case .number(let text):
                exactBytes = Array(text.utf8)
                foldedBytes = exactBytes
                number = Double(text)
                instant = nil
            default:
                exactBytes = []
                foldedBytes = []
                number = nil
                instant = nil
            }
        }
    }

    indirect enum Node: Sendable {
        case compare(CompiledPath, ComparisonOperator, Literal)
        case present(CompiledPath)
        /// Has a value that is not null (`[]` and absent are not; `""` is).
        case assigned(CompiledPath)
        case valuePath(CompiledPath)
        // Binary: evaluating two payloads costs fewer retains than iterating an array. A chain
        // of n operands becomes a balanced tree (depth log2 n), left-leaning as parsed.
        case and(Node, Node)
        case or(Node, Node)
        case not(Node)
        case constant(Bool)

        init(_ e: FilterExpression, parent: AttributePath?) {
            switch e {
            case .comparison(let path, let op, .null):
                // eq null: unassigned, null or [] (RFC 7643 §2.5), not ""; ne null: the opposite;
                // other operators never match null.
                let assigned = Node.assigned(CompiledPath(path, parent: parent))
                self = op == .eq ? .not(assigned) : (op == .ne ? assigned : .constant(false))
            case .comparison(let path, let op, let value):
                self = .compare(CompiledPath(path, parent: parent), op, Literal(value))
            case .present(let path): self = .present(CompiledPath(path, parent: parent))
            case .valuePath(let path): self = .valuePath(CompiledPath(path, parent: parent))
            case .and(let operands): self = Node.balanced(operands.map { Node($0, parent: parent) }[...], and: true)
            case .or(let operands): self = Node.balanced(operands.map { Node($0, parent: parent) }[...], and: false)
            case .not(let a): self = .not(Node(a, parent: parent))
            }
        }

        /// The operands of a chain as a balanced tree, evaluated left to right; the left half
        /// takes the middle one, so three operands make `(a and b) and c` as before.
        static func balanced(_ nodes: ArraySlice<Node>, and: Bool) -> Node {
            guard nodes.count > 1 else { return nodes.first ?? .constant(and) }
            let middle = nodes.startIndex + (nodes.count + 1) / 2
            let left = balanced(nodes[..<middle], and: and)
            let right = balanced(nodes[middle...], and: and)
            return and ? .and(left, right) : .or(left, right)
        }

        func evaluate(_ scope: PathScope) -> Bool {
            switch self {
            case .compare(let plan, let op, let literal):
                return plan.anyValue(in: scope) { Node.compare($0, op, literal, plan.facts) }
            case .present(let plan):
                return plan.anyValue(in: scope) { !$0.isEmptyOrNull }
            case .assigned(let plan):
                return plan.anyValue(in: scope) { $0.kind != .null }
            case .valuePath(let plan):
                return plan.anyValue(in: scope) { _ in true }
            case .and(let a, let b): return a.evaluate(scope) && b.evaluate(scope)
            case .or(let a, let b): return a.evaluate(scope) || b.evaluate(scope)
            case .not(let a): return !a.evaluate(scope)
            case .constant(let c): return c
            }
        }

        static func compare(
            _ value: JSONSlice, _ op: ComparisonOperator, _ literal: Literal,
            _ facts: SCIMSchema.AttributeFacts?
        ) -> Bool {
            var value = value
            if value.kind == .object {
                guard let inner = value.member(CompiledPath.valueName) else { return false }
                value = inner
            }
            switch (literal.value, value.kind) {
            case (.bool(let b), .bool):
                guard let v = value.bool else { return false }
                switch op {
                case .eq: return v == b
                case .ne: return v != b
                default: return false
                }
            case (.number, .number):
                guard let a = value.numberText.flatMap(Double.init), let b = literal.number else { return false }
                switch op {
                case .eq, .ne, .gt, .ge, .lt, .le: return TextComparison.ordered(op, a < b ? -1 : (a > b ? 1 : 0))
                default:
                    // co/sw/ew on numbers compare their text.
                    return TextComparison.apply(op, value.bytes, literal.exactBytes, fold: false)
                }
            case (.string, .string):
                let dateTime = facts?.type == .dateTime || (facts == nil && op.isOrdering && literal.instant != nil)
                if dateTime, let b = literal.instant, op != .co, op != .sw, op != .ew {
                    // A value that is not an xsd:dateTime is never before, after or equal to one.
                    guard let a = DateTimeInstant(value.stringBytes() ?? []) else { return op == .ne }
                    return TextComparison.ordered(op, a < b ? -1 : (a > b ? 1 : 0))
                }
                let exact = facts?.caseExact ?? false
                return TextComparison.compare(value, op, literal: exact ? literal.exactBytes : literal.foldedBytes, caseExact: exact)
            default:
                // Different types never compare equal; `ne` between different types is true.
                return op == .ne && value.kind != .null
            }
        }
    }
}
