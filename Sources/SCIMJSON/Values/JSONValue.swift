/// A JSON value as a tree, for the few places that need one: values given on the command line
/// (`--set name.givenName='"Ann"'`), typed access to nested attributes, and tests.
///
/// Numbers keep their original text, and objects keep member order and duplicate keys.
/// Records never become trees on the byte path: this type is for small values.
public indirect enum JSONValue: Sendable, Equatable, CustomStringConvertible {
    /// `null`
    case null
    /// `true` or `false`
    case bool(Bool)
    /// A number, as written.
    case number(String)
    /// A string, decoded.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object, members in order.
    case object([Member])

    /// One member of an object.
    public struct Member: Sendable, Equatable {
        /// The key, decoded.
        public var key: String
        /// The value.
        public var value: JSONValue

        /// Creates a member.
        @inlinable public init(_ key: String, _ value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// Parses exactly one JSON value.
    ///
    /// - Throws: ``JSONSyntaxError`` for anything that is not one valid JSON value.
    public init(json: some Collection<UInt8>) throws(JSONSyntaxError) {
        let bytes = Array(json)
        try JSONValue.validate(bytes)
        self = bytes.withUnsafeBytes { JSONValue(slice: JSONSlice($0)) }
    }

    /// Throws the first syntax error of `bytes` as one JSON document.
    static func validate(_ bytes: [UInt8]) throws(JSONSyntaxError) {
        var tokenizer = JSONTokenizer()
        var failure: JSONSyntaxError?
        bytes.withUnsafeBytes { window in
            do throws(JSONSyntaxError) {
                while case .token = try tokenizer.next(window, base: 0, isFinal: true) {}
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }

    /// Parses JSON text.
    @inlinable public init(parsing text: String) throws(JSONSyntaxError) {
        try self.init(json: Array(text.utf8))
    }

    /// Builds the tree of a validated slice.
    @inlinable package init(slice: JSONSlice) {
        switch slice.kind {
        case .null: self = .null
        case .bool: self = .bool(slice.bool ?? false)
        case .number: self = .number(slice.numberText ?? "0")
        case .string: self = .string(slice.string ?? "")
        case .array: self = .array(slice.elements.map(JSONValue.init(slice:)))
        case .object:
            var members: [Member] = []
            slice.forEachMember { key, value in
                members.append(Member(JSONString.decode(key.bytes), JSONValue(slice: value)))
                return true
            }
            self = .object(members)
        }
    }

    /// Compact JSON bytes.
    @inlinable public var jsonBytes: [UInt8] {
        var out: [UInt8] = []
        write(to: &out)
        return out
    }

    /// Compact JSON text.
    @inlinable public var description: String { String(decoding: jsonBytes, as: UTF8.self) }

    /// Appends compact JSON to `out`.
    @inlinable public func write(to out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let text): out.append(contentsOf: text.utf8)
        case .string(let s): JSONEscaping.appendQuoted(s, to: &out)
        case .array(let items):
            out.append(._openBracket)
            for (k, item) in items.enumerated() {
                if k > 0 { out.append(._comma) }
                item.write(to: &out)
            }
            out.append(._closeBracket)
        case .object(let members):
            out.append(._openBrace)
            for (k, m) in members.enumerated() {
                if k > 0 { out.append(._comma) }
                JSONEscaping.appendQuoted(m.key, to: &out)
                out.append(._colon)
                m.value.write(to: &out)
            }
            out.append(._closeBrace)
        }
    }

    /// The last member named `name`, ignoring ASCII case (SCIM names are case-insensitive).
    @inlinable public subscript(member name: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        let wanted = ASCIICase.lowercased(name)
        return members.last { ASCIICase.lowercased($0.key) == wanted }?.value
    }

    /// The text of a string value.
    @inlinable public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The value of a boolean.
    @inlinable public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The elements of an array (empty for anything else).
    @inlinable public var arrayValue: [JSONValue] {
        if case .array(let items) = self { return items }
        return []
    }
}
