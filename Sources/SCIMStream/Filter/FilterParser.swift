import SCIMJSON

/// Recursive-descent parser for SCIM filters (RFC 7644 §3.4.2.2) and attribute paths.
///
/// Recursion goes one level per parenthesis, `not` or bracket, bounded by
/// ``FilterExpression/maxNesting``; `and`/`or` chains are loops, collected into n-ary nodes.
///
/// Grammar, loosest binding first:
/// ```
/// filter  = and *( "or" and )
/// and     = unary *( "and" unary )
/// unary   = "not" "(" filter ")" / "not" term / term
/// term    = "(" filter ")" / path [ "pr" / op value ]     ; a value path may stand alone
/// path    = [URN ":"] name [ "[" filter "]" ] [ "." sub ]
/// value   = string / number / true / false / null          ; JSON literals
/// ```
/// Keywords and operators are case-insensitive; any run of spaces separates words. Beyond
/// the RFC, `not` may precede a term without parentheses, and a value path may be followed
/// by `.sub op value` (`emails[type eq "work"].value ew "@example.com"`), as identity providers send.
struct FilterParser {
    let text: String
    let bytes: [UInt8]
    var i = 0
    /// Attributes whose brackets we are inside, to know the type of relative names.
    var parents: [AttributePath] = []
    /// Terms parsed so far: linear in the text's length (the tests hold the parser to it).
    var termsParsed = 0
    /// Parentheses, `not` and brackets open at `i` (at most ``FilterExpression/maxNesting``).
    var nesting = 0

    init(_ text: String) {
        self.text = text
        bytes = Array(text.utf8)
    }

    // MARK: - Entry points

    mutating func parseWholeFilter() throws(PathSyntaxError) -> FilterExpression {
        skipSpaces()
        guard i < bytes.count else { throw error("empty filter", at: i) }
        let expression = try parseOr()
        skipSpaces()
        guard i == bytes.count else { throw error("unexpected \(describeHere()) after the filter", at: i) }
        return expression
    }

    mutating func parseWholePath() throws(PathSyntaxError) -> AttributePath {
        guard !bytes.isEmpty else { throw error("empty attribute path", at: 0) }
        let path = try parsePath()
        guard i == bytes.count else { throw error("unexpected \(describeHere()) in attribute path", at: i) }
        return path
    }

    // MARK: - Filters

    /// A chain is collected in a loop into one node: its length costs no stack.
    mutating func parseOr() throws(PathSyntaxError) -> FilterExpression {
        let first = try parseAnd()
        guard consumeKeyword("or") else { return first }
        var operands = [first]
        repeat {
            operands.append(try parseAnd())
        } while consumeKeyword("or")
        return .or(operands)
    }

    mutating func parseAnd() throws(PathSyntaxError) -> FilterExpression {
        let first = try parseUnary()
        guard consumeKeyword("and") else { return first }
        var operands = [first]
        repeat {
            operands.append(try parseUnary())
        } while consumeKeyword("and")
        return .and(operands)
    }

    /// Opens one level of nesting at `offset` (the byte that opens it).
    mutating func enterNesting(at offset: Int) throws(PathSyntaxError) {
        nesting += 1
        guard nesting <= FilterExpression.maxNesting else {
            throw error("the filter nests deeper than \(FilterExpression.maxNesting) levels (parentheses, 'not' and brackets)", at: offset)
        }
    }

    mutating func parseUnary() throws(PathSyntaxError) -> FilterExpression {
        skipSpaces()
        if wordHere().lowercased() == "not" && notIsAPrefix() {
            try enterNesting(at: i)
            defer { nesting -= 1 }
            i += 3
            skipSpaces()
            if peek == UInt8(ascii: "(") {
                i += 1
                let inner = try parseOr()
                try expect(UInt8(ascii: ")"), "')' to close 'not ('")
                return .not(inner)
            }
            return .not(try parseTerm())
        }
        return try parseTerm()
    }

    /// Decides, by looking one token ahead and without backtracking, whether the `not` at `i`
    /// negates what follows (`not (…)`, `not title pr`, `not eq pr`) or is an attribute named
    /// "not" (`not eq "x"`): it is a prefix when a parenthesis follows, or when the next word
    /// is followed by `[` or by an operator keyword.
    func notIsAPrefix() -> Bool {
        var j = i + 3
        guard j < bytes.count, bytes[j] == ._space || bytes[j] == UInt8(ascii: "(") else { return false }
        while j < bytes.count && bytes[j] == ._space { j += 1 }
        guard j < bytes.count else { return false }
        if bytes[j] == UInt8(ascii: "(") { return true }
        let wordStart = j
        while j < bytes.count && isPathByte(bytes[j]) { j += 1 }
        guard j > wordStart else { return false }
        if j < bytes.count && bytes[j] == ._openBracket { return true }
        while j < bytes.count && bytes[j] == ._space { j += 1 }
        var k = j
        while k < bytes.count && bytes[k].isASCIILetter { k += 1 }
        let next = String(decoding: bytes[j..<k], as: UTF8.self).lowercased()
        return next == "pr" || ComparisonOperator(rawValue: next) != nil
    }

    mutating func parseTerm() throws(PathSyntaxError) -> FilterExpression {
        termsParsed += 1
        skipSpaces()
        if peek == UInt8(ascii: "(") {
            try enterNesting(at: i)
            defer { nesting -= 1 }
            i += 1
            let inner = try parseOr()
            try expect(UInt8(ascii: ")"), "')'")
            return inner
        }
        guard i < bytes.count else { throw error("expected an attribute name", at: i) }
        let path = try parsePath()
        let afterPath = i
        skipSpaces()
        let opStart = i
        let word = wordHere().lowercased()
        if word == "pr" {
            i += 2
            return .present(path)
        }
        if let op = ComparisonOperator(rawValue: word) {
            i += word.utf8.count
            guard skipSpaces() > 0 else { throw error("expected a space after '\(word)'", at: i) }
            if op.isOrdering, facts(of: path)?.type == .boolean {
                throw error("'\(word)' does not apply to boolean attribute '\(path)'", at: opStart)
            }
            let valueStart = i
            let value = try parseValue()
            if let facts = facts(of: path) { try checkLiteral(value, of: path, facts, at: valueStart) }
            return .comparison(path, op, value)
        }
        if path.filter != nil && path.subAttribute == nil {
            i = afterPath
            return .valuePath(path)
        }
        if i == bytes.count || word.isEmpty {
            throw error("expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr) after '\(path)'", at: i)
        }
        throw error("unknown operator '\(word)'; expected eq, ne, co, sw, ew, gt, ge, lt, le or pr", at: opStart)
    }

    /// A JSON literal: string, number, true, false or null.
    mutating func parseValue() throws(PathSyntaxError) -> JSONValue {
        let start = i
        guard let b = peek else { throw error("expected a value after the operator", at: i) }
        if b == ._quote {
            i += 1
            while i < bytes.count && bytes[i] != ._quote {
                i += bytes[i] == ._backslash ? 2 : 1
            }
            guard i < bytes.count else { throw error("unterminated string", at: start) }
            i += 1
            do {
                return try JSONValue(json: bytes[start..<i])
            } catch {
                throw self.error("invalid string literal: \(error.message)", at: start + error.location.offset)
            }
        }
        if b == ._minus || b.isASCIIDigit {
            while i < bytes.count, bytes[i].isASCIIDigit || [._minus, ._plus, ._period, ._lowerE, ._upperE].contains(bytes[i]) {
                i += 1
            }
            if let value = try? JSONValue(json: bytes[start..<i]), case .number = value, !isWordByte(peek) {
                return value
            }
            i = start
        }
        let word = wordHere()
        switch word {
        case "true": i += 4; return .bool(true)
        case "false": i += 5; return .bool(false)
        case "null": i += 4; return .null
        default:
            throw error("expected a value: a quoted string, a number, true, false or null", at: start)
        }
    }

    // MARK: - Paths

    mutating func parsePath() throws(PathSyntaxError) -> AttributePath {
        let start = i
        while i < bytes.count && isPathByte(bytes[i]) { i += 1 }
        guard i > start else { throw error("expected an attribute name, found \(describeHere())", at: i) }
        var path = try split(word: String(decoding: bytes[start..<i], as: UTF8.self), at: start)
        if peek == ._openBracket {
            if path.subAttribute != nil {
                throw error("a filter in brackets must follow the attribute, not its sub-attribute", at: i)
            }
            try enterNesting(at: i)
            i += 1
            parents.append(path)
            skipSpaces()
            if peek == ._closeBracket { throw error("empty filter in brackets", at: i) }
            path.filter = try parseOr()
            parents.removeLast()
            nesting -= 1
            try expect(._closeBracket, "']' to close the filter")
            if peek == ._period {
                i += 1
                let subStart = i
                while i < bytes.count && isNameByte(bytes[i]) { i += 1 }
                guard i > subStart else { throw error("expected a sub-attribute name after '.'", at: i) }
                let sub = String(decoding: bytes[subStart..<i], as: UTF8.self)
                try validateName(sub, at: subStart)
                path.subAttribute = sub
            }
        }
        return path
    }

    /// Splits `word` into schema URN, name and sub-attribute.
    func split(word: String, at start: Int) throws(PathSyntaxError) -> AttributePath {
        var schema: String?
        var rest = Substring(word)
        var restOffset = start
        if word.lowercased().hasPrefix("urn:") {
            if let prefix = SCIMSchema.schemaPrefix(of: rest) {
                schema = prefix
                rest = rest.dropFirst(prefix.count + 1)
                restOffset += prefix.utf8.count + 1
            } else if SCIMSchema.knownSchemas.contains(where: { $0.lowercased() == word.lowercased() }) {
                return AttributePath(name: word)  // a whole extension object
            } else if let colon = rest.lastIndex(of: ":"), isValidAttribute(rest[rest.index(after: colon)...]) {
                schema = String(rest[..<colon])
                restOffset += rest[..<colon].utf8.count + 1
                rest = rest[rest.index(after: colon)...]
            } else {
                return AttributePath(name: word)  // a top-level member named by a URN
            }
            if schema?.lowercased() == SCIMSchema.coreUser.lowercased() { schema = nil }
        }
        let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2 else {
            throw error(
                "'\(rest)' has more than one '.': a path has at most one sub-attribute",
                at: restOffset + parts[0].utf8.count + parts[1].utf8.count + 1)
        }
        try validateName(String(parts[0]), at: restOffset)
        var sub: String?
        if parts.count == 2 {
            try validateName(String(parts[1]), at: restOffset + parts[0].utf8.count + 1)
            sub = String(parts[1])
        }
        return AttributePath(schema: schema, name: String(parts[0]), subAttribute: sub)
    }

    func isValidAttribute(_ text: Substring) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return false }
        return parts.allSatisfy { part in
            guard let first = part.utf8.first, first.isASCIILetter || first == UInt8(ascii: "$") else { return false }
            return part.utf8.allSatisfy(isNameByte)
        }
    }

    /// ATTRNAME = ALPHA *(ALPHA / DIGIT / "-" / "_"), plus `$` for `$ref`.
    func validateName(_ name: String, at offset: Int) throws(PathSyntaxError) {
        guard let first = name.utf8.first else { throw error("expected an attribute name", at: offset) }
        guard first.isASCIILetter || first == UInt8(ascii: "$") else {
            throw error("an attribute name must start with a letter", at: offset)
        }
        for (k, b) in name.utf8.enumerated() where !isNameByte(b) {
            throw error("'\(Character(Unicode.Scalar(b)))' is not allowed in an attribute name", at: offset + k)
        }
    }

    /// The schema facts of `path`, relative to the attribute whose brackets we are in.
    /// A literal of a JSON type the attribute's values can never have is an error, as servers
    /// answer `invalidFilter` (RFC 7644 §3.4.2.2: `userName eq 5`, `active eq "true"`); a
    /// dateTime literal must be an xsd:dateTime with its time zone.
    func checkLiteral(_ value: JSONValue, of path: AttributePath, _ facts: SCIMSchema.AttributeFacts, at column: Int) throws(PathSyntaxError) {
        let wanted: String
        switch (facts.type, value) {
        case (_, .null), (.complex, _): return
        case (.string, .string), (.reference, .string), (.binary, .string): return
        case (.boolean, .bool), (.decimal, .number), (.integer, .number): return
        case (.dateTime, .string(let text)):
            guard DateTimeInstant(Array(text.utf8)) != nil, DateTimeInstant.hasZone(Array(text.utf8)) else {
                throw error("'\(path)' is a dateTime: the literal must be like \"2026-12-02T10:00:00Z\" (with its time zone)", at: column)
            }
            return
        case (.boolean, _): wanted = "true or false"
        case (.decimal, _), (.integer, _): wanted = "a number"
        default: wanted = "a string in double quotes"
        }
        throw error("'\(path)' holds \(facts.type) values: the literal must be \(wanted)", at: column)
    }

    func facts(of path: AttributePath) -> SCIMSchema.AttributeFacts? {
        if let parent = parents.last, path.schema == nil, path.subAttribute == nil {
            return SCIMSchema.facts(schema: parent.schema, name: parent.name, sub: path.name)
        }
        return path.facts
    }

    // MARK: - Lexing

    var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

    func isNameByte(_ b: UInt8) -> Bool {
        b.isASCIILetter || b.isASCIIDigit || b == ._minus || b == UInt8(ascii: "_") || b == UInt8(ascii: "$")
    }

    func isPathByte(_ b: UInt8) -> Bool { isNameByte(b) || b == ._colon || b == ._period }

    func isWordByte(_ b: UInt8?) -> Bool { b.map(isPathByte) ?? false }

    /// The run of letters at `i` (a keyword candidate).
    func wordHere() -> String {
        var j = i
        while j < bytes.count && bytes[j].isASCIILetter { j += 1 }
        return String(decoding: bytes[i..<j], as: UTF8.self)
    }

    /// Skips spaces; returns how many.
    @discardableResult
    mutating func skipSpaces() -> Int {
        let start = i
        while i < bytes.count && bytes[i] == ._space { i += 1 }
        return i - start
    }

    /// Consumes ` KEYWORD ` (spaces, then the keyword as a whole word); restores on failure.
    mutating func consumeKeyword(_ keyword: String) -> Bool {
        let save = i
        guard skipSpaces() > 0 else { i = save; return false }
        let word = wordHere()
        guard word.lowercased() == keyword else { i = save; return false }
        let after = i + word.utf8.count
        guard after < bytes.count, bytes[after] == ._space || bytes[after] == UInt8(ascii: "(") else {
            i = save
            return false
        }
        i = after
        return true
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(PathSyntaxError) {
        skipSpaces()
        guard peek == byte else { throw error("expected \(what), found \(describeHere())", at: i) }
        i += 1
    }

    func describeHere() -> String {
        guard let b = peek else { return "end of text" }
        return b < 0x80 ? "'\(Character(Unicode.Scalar(b)))'" : "'\(String(decoding: bytes[i...].prefix(4), as: UTF8.self).prefix(1))'"
    }

    /// An error at byte offset `offset`, reported as a 1-based character column.
    func error(_ message: String, at offset: Int) -> PathSyntaxError {
        let column = bytes[..<min(offset, bytes.count)].filter { $0 & 0xC0 != 0x80 }.count + 1
        return PathSyntaxError(message, in: text, column: column)
    }
}

extension UInt8 {
    /// True for ASCII letters.
    var isASCIILetter: Bool { (self | 0x20) &- 0x61 < 26 }
}
