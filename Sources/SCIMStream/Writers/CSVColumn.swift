import SCIMJSON

/// One column of a CSV or TSV output: a header and the attribute path that fills it.
public struct CSVColumn: Sendable, Equatable {
    /// The header text.
    public var header: String
    /// The attribute path whose values fill the cell (several values are joined).
    public var path: AttributePath
    /// Writes each element as two of its sub-attributes joined by `:` (`PATH{name:proficiency}`),
    /// the form Genesys Cloud's people import takes for routing skills and languages.
    public var pair: Pair?

    /// Two sub-attributes of an element written as `first:second`.
    public struct Pair: Sendable, Equatable {
        /// The sub-attribute before the `:`.
        public var first: String
        /// The sub-attribute after the `:`.
        public var second: String

        /// Creates a pair.
        public init(_ first: String, _ second: String) {
            self.first = first
            self.second = second
        }
    }

    /// Creates a column.
    public init(header: String, path: AttributePath, pair: Pair? = nil) {
        self.header = header
        self.path = path
        self.pair = pair
    }

    /// Parses one `[HEADER=]PATH[{SUB:SUB}]` spec; the header defaults to the path as written
    /// (without the pair).
    ///
    /// - Throws: ``CSVColumnError`` for an empty column or a bad path.
    public init(spec: String) throws(CSVColumnError) {
        let text = spec.trimmingSpaces
        var header = text
        var pathText = text
        if let (h, p) = StringValues.splitAssignment(text) {
            header = h
            pathText = p.trimmingSpaces
        }
        guard !header.isEmpty, !pathText.isEmpty else { throw .emptyColumn(spec: spec) }
        if let (path, pair) = Self.splitPair(pathText) {
            if header == pathText { header = path }
            pathText = path
            self.pair = pair
        } else if pathText.hasSuffix("}"), let open = pathText.lastIndex(of: "{"), !pathText[..<open].contains("\"") {
            throw .invalidPair(spec)
        }
        do {
            path = try AttributePath(parsing: pathText)
        } catch {
            throw .invalidPath(pathText, error)
        }
        if pair != nil, path.subAttribute != nil { throw .invalidPair(spec) }
        self.header = header
    }

    /// `PATH{first:second}` split into the path and the pair, or nil without a well-formed pair
    /// (two attribute names; a `{` inside a filter's quotes is not one).
    static func splitPair(_ text: String) -> (String, Pair)? {
        guard text.hasSuffix("}"), let open = text.lastIndex(of: "{") else { return nil }
        let inner = text[text.index(after: open)..<text.index(before: text.endIndex)]
        let parts = inner.split(separator: ":", omittingEmptySubsequences: false)
        func isName(_ s: Substring) -> Bool {
            !s.isEmpty
                && s.unicodeScalars.allSatisfy {
                    ("0"..."9").contains($0) || ("A"..."Z").contains($0) || ("a"..."z").contains($0) || "$_-".unicodeScalars.contains($0)
                }
        }
        guard parts.count == 2, isName(parts[0]), isName(parts[1]) else { return nil }
        return (String(text[..<open]).trimmingSpaces, Pair(String(parts[0]), String(parts[1])))
    }

    /// Parses a comma-separated list of `[HEADER=]PATH` (commas inside brackets and quotes are kept).
    public static func parseList(_ text: String) throws(CSVColumnError) -> [CSVColumn] {
        var out: [CSVColumn] = []
        for spec in StringValues.splitList(text) { out.append(try CSVColumn(spec: spec)) }
        guard !out.isEmpty else { throw .noColumns }
        return out
    }

    /// Parses a columns file: one `[HEADER=]PATH` per line, blank lines and `#` comments ignored.
    public static func parseFile(_ text: String) throws(CSVColumnError) -> [CSVColumn] {
        var out: [CSVColumn] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let spec = String(line).trimmingSpaces
            if spec.isEmpty || spec.hasPrefix("#") { continue }
            out.append(try CSVColumn(spec: spec))
        }
        guard !out.isEmpty else { throw .noColumns }
        return out
    }

    /// The default columns: ``CSVColumnPreset/genesys``.
    public static var defaults: [CSVColumn] { CSVColumnPreset.genesys.columns }
}
