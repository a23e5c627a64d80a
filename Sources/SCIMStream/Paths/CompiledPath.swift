import SCIMJSON

/// Where an attribute path is looked up: the record's members, or one element's.
enum PathScope {
    case record(RecordView)
    case element(JSONSlice)
}

/// An attribute path with everything lookups need precomputed: lower-cased names, the
/// compiled element filter, and the schema facts of the attribute it ends at.
///
/// A class: it is immutable and shared, and passing it around costs one retain instead of one
/// per array it holds.
final class CompiledPath: Sendable {
    /// The path as parsed (names as the user spelled them, for creating members).
    let path: AttributePath
    let schema: [UInt8]?
    let name: [UInt8]
    /// `schema:name`, for a top-level member named by its full URN.
    let qualifiedName: [UInt8]?
    let filter: CompiledFilter.Node?
    let sub: [UInt8]?
    let facts: SCIMSchema.AttributeFacts?
    /// The name, or the sub-attribute, is `value` (which a primitive element is its own).
    let nameIsValue: Bool
    let subIsValue: Bool

    init(_ path: AttributePath, parent: AttributePath? = nil) {
        self.path = path
        schema = path.lowercaseSchema
        name = path.lowercaseName
        qualifiedName = path.schema.map { ASCIICase.lowercased($0 + ":" + path.name) }
        filter = path.filter.map { CompiledFilter.Node($0, parent: path) }
        sub = path.lowercaseSub
        nameIsValue = name == Self.valueName
        subIsValue = sub == Self.valueName
        if let parent, path.schema == nil {
            facts = path.subAttribute == nil ? SCIMSchema.facts(schema: parent.schema, name: parent.name, sub: path.name) : nil
        } else {
            facts = path.facts
        }
    }

    /// A core attribute with no filter and no sub-attribute: one top-level member.
    var isTopLevel: Bool { schema == nil && filter == nil && sub == nil }

    /// The attribute's value in `scope`, before any filter or sub-attribute.
    func base(in scope: PathScope) -> JSONSlice? {
        switch scope {
        case .record(let view):
            if let schema {
                if let value = view.member(schema)?.member(name) { return value }
                return qualifiedName.flatMap { view.member($0) }
            }
            return view.member(name)
        case .element(let element):
            // A primitive element is its own `value` (RFC 7644 §3.4.2.2: "value" names the
            // elements of a multi-valued attribute of simple values; scim2-server and the
            // UnboundID SDK read `roles[value eq "agent"]` so).
            if element.kind != .object { return nameIsValue ? element : nil }
            return element.member(name)
        }
    }

    /// `value`.
    static let valueName = Array("value".utf8)

    /// Calls `body` for each value the path selects (arrays flattened); true as soon as `body` is.
    func anyValue(in scope: PathScope, _ body: (JSONSlice) -> Bool) -> Bool {
        guard let base = base(in: scope) else { return false }
        return walk(from: base, body)
    }

    /// Like ``anyValue(in:_:)``, starting from the attribute's value (before filter and sub-attribute).
    ///
    /// Written with iterators rather than nested closures: a closure that captured a flag
    /// would box it on the heap at every call, and filters run this once per element.
    func walk(from base: JSONSlice, _ body: (JSONSlice) -> Bool) -> Bool {
        if filter == nil && sub == nil { return Self.each(base, body) }
        guard base.kind == .array else { return visit(base, body) }
        var elements = JSONSlice.ElementIterator(base)
        while let element = elements.next() {
            if visit(element, body) { return true }
        }
        return false
    }

    /// One element (or a single complex value): through the filter and the sub-attribute to `body`.
    @inline(__always)
    private func visit(_ element: JSONSlice, _ body: (JSONSlice) -> Bool) -> Bool {
        if let filter, !filter.evaluate(.element(element)) { return false }
        guard let sub else { return body(element) }
        if let value = element.member(sub) { return Self.each(value, body) }
        if subIsValue && element.kind != .object { return Self.each(element, body) }
        return false
    }

    /// `body` on a value, or on each element of an array; true as soon as `body` is.
    @inline(__always)
    private static func each(_ value: JSONSlice, _ body: (JSONSlice) -> Bool) -> Bool {
        guard value.kind == .array else { return body(value) }
        var elements = JSONSlice.ElementIterator(value)
        while let element = elements.next() {
            if body(element) { return true }
        }
        return false
    }
}
