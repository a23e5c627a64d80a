/// Tells whether an attribute path names an attribute the known schemas define (core User,
/// enterprise extension, Genesys Cloud's extension), and suggests the nearest one when not:
/// `usrName` → `userName`.
///
/// Unknown attributes are legal data, so an unknown path is a warning (``--strict-paths`` makes
/// it an error). A path under an extension URN the tool does not know is not judged (its
/// attributes are the data's to define), unless the URN looks like a misspelt known one.
public enum PathCheck {
    /// A path that names no known attribute.
    public struct Unknown: Sendable, Equatable, CustomStringConvertible {
        /// The part that is unknown, as written (`usrName`, `emails.valu`, a URN).
        public var name: String
        /// The nearest known spelling, or nil when nothing is near.
        public var suggestion: String?

        /// `usrName names no attribute of the known schemas (did you mean userName?)`.
        public var description: String {
            "'\(name)' names no attribute of the known schemas" + (suggestion.map { " (did you mean \($0)?)" } ?? "")
        }
    }

    /// The unknown part of `path` (its filter's paths included), or nil when every part is known.
    public static func unknown(in path: AttributePath) -> Unknown? {
        if let found = unknownAttribute(path) { return found }
        if let filter = path.filter {
            for inner in paths(in: filter) {
                let full = AttributePath(schema: path.schema, name: path.name, subAttribute: inner.name)
                if let found = unknownAttribute(full) { return found }
            }
        }
        return nil
    }

    /// The unknown parts of every attribute path in `filter`.
    public static func unknown(in filter: FilterExpression) -> [Unknown] {
        paths(in: filter).compactMap(unknown(in:))
    }

    /// Every attribute path a filter names, outermost first.
    public static func paths(in filter: FilterExpression) -> [AttributePath] {
        switch filter {
        case .comparison(let path, _, _), .present(let path), .valuePath(let path): return [path]
        case .and(let operands), .or(let operands): return operands.flatMap(paths(in:))
        case .not(let operand): return paths(in: operand)
        }
    }

    /// Known names by lower-case spelling.
    private static let known: [String: String] = Dictionary(
        SCIMSchema.attributes.map { ($0.name.lowercased(), $0.name) }, uniquingKeysWith: { first, _ in first })

    /// The path without its filter, or nil when it is known or not ours to judge.
    private static func unknownAttribute(_ path: AttributePath) -> Unknown? {
        if path.schema == nil, path.name.lowercased().hasPrefix("urn:") {
            // A whole extension object, or a member named by an unknown URN.
            return unknownSchema(path.name)
        }
        var prefix = ""
        if let schema = path.schema {
            guard let canonical = SCIMSchema.knownSchemas.first(where: { $0.lowercased() == schema.lowercased() }) else {
                // A misspelt URN reads as an unknown URN and an attribute: try it whole first.
                return path.subAttribute == nil ? unknownSchema(schema + ":" + path.name) ?? unknownSchema(schema) : unknownSchema(schema)
            }
            prefix = canonical + ":"
        }
        let top = prefix + path.name
        guard known[top.lowercased()] != nil else {
            return Unknown(name: top, suggestion: nearest(top, among: candidates(parent: nil, prefix: prefix)))
        }
        guard let sub = path.subAttribute else { return nil }
        let full = top + "." + sub
        // `$ref` may follow any reference; `value` stands for a primitive element itself.
        if known[full.lowercased()] != nil || sub == "$ref" || sub.lowercased() == "value" { return nil }
        let parent = known[top.lowercased()]!
        return Unknown(name: full, suggestion: nearest(full, among: candidates(parent: parent, prefix: prefix)))
    }

    /// An unknown URN: judged only when a known schema URN is a likely spelling of it.
    private static func unknownSchema(_ urn: String) -> Unknown? {
        let lower = urn.lowercased()
        guard !SCIMSchema.knownSchemas.contains(where: { $0.lowercased() == lower || lower.hasPrefix($0.lowercased() + ":") }) else {
            return nil
        }
        let near = SCIMSchema.knownSchemas.first { EditDistance.between($0.lowercased(), lower) <= 3 }
        return near.map { Unknown(name: urn, suggestion: $0) }
    }

    /// The names a misspelling of an attribute (`parent` nil) or of a sub-attribute of `parent` may stand for.
    private static func candidates(parent: String?, prefix: String) -> [String] {
        let names = SCIMSchema.attributes.map(\.name)
        if let parent {
            return names.filter { $0.hasPrefix(parent + ".") }
        }
        // Attributes of the same schema; without a URN, any schema's (`department` written
        // without its URN, `givenName` without `name.`).
        return names.filter { prefix.isEmpty || $0.hasPrefix(prefix) }
    }

    /// The candidate nearest to `name` (by edit distance, ignoring case; for a name written
    /// without its URN, the extension attribute it names), or nil when none is near.
    static func nearest(_ name: String, among candidates: [String]) -> String? {
        let lower = name.lowercased()
        var best: (String, Int)?
        for candidate in candidates {
            let c = candidate.lowercased()
            // `department` is the enterprise extension's and `givenName` a part of `name`: the
            // whole name differs, its last part does not.
            var tail = Substring(c)
            if !lower.contains(":"), let colon = tail.lastIndex(of: ":") { tail = tail[tail.index(after: colon)...] }
            if !lower.contains("."), let dot = tail.lastIndex(of: ".") { tail = tail[tail.index(after: dot)...] }
            // A whole name that is as near wins over a last part.
            let d = min(2 * EditDistance.between(c, lower), 2 * EditDistance.between(String(tail), lower) + 1)
            if d < (best?.1 ?? .max) { best = (candidate, d) }
        }
        guard let (candidate, d) = best else { return nil }
        let typed = lower.split(separator: ":").last.map(\.count) ?? 1
        let limit = max(1, min(3, (typed + 2) / 3))
        guard d / 2 <= limit else { return nil }
        return candidate
    }
}
