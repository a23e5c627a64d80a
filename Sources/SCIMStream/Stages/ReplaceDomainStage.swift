import SCIMJSON

/// `--replace-domain OLD=NEW`: moves e-mail addresses from one domain to another in
/// `userName` and every `emails.value` (tenant migration).
///
/// The domain after the last `@` must equal OLD, ignoring case (subdomains do not match);
/// the local part is kept byte for byte and NEW is written as given.
public struct ReplaceDomainStage: RecordStage, Sendable {
    /// Keeps nothing between records: copies may run on several threads.
    public var runsOnCopies: Bool { true }

    /// The domain replaced.
    public let oldDomain: String
    /// Its replacement.
    public let newDomain: String
    static let paths = [
        CompiledPath(AttributePath(name: "userName")),
        CompiledPath(AttributePath(name: "emails", subAttribute: "value"))
    ]

    /// OLD in lower case, as UTF-8.
    let oldLowercased: [UInt8]
    /// NEW as UTF-8 when it is ASCII (then a plain ASCII address is rewritten byte for byte),
    /// else nil (every address goes through `String`, whose comparison is canonical).
    let newASCII: [UInt8]?

    /// Creates the stage.
    public init(from oldDomain: String, to newDomain: String) {
        self.oldDomain = oldDomain
        self.newDomain = newDomain
        oldLowercased = Array(oldDomain.lowercased().utf8)
        newASCII = newDomain.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x80 && $0 != ._quote && $0 != ._backslash } ? Array(newDomain.utf8) : nil
        oldIsASCII = oldLowercased.allSatisfy { $0 < 0x80 }
    }

    /// OLD in lower case is ASCII: only then is a byte comparison with an ASCII domain what
    /// `String`'s canonical comparison says (`;` and U+037E are canonically equal).
    let oldIsASCII: Bool

    /// `"replace-domain"`.
    public var name: String { "replace-domain" }

    /// Rewrites matching addresses; never drops the record.
    public mutating func process(_ record: inout UserRecord) throws -> StageVerdict {
        guard mayRewrite(record) else { return .keep }
        for path in Self.paths {
            record.edit(path) { value in rewrittenASCII(value) ?? rewrittenAsText(value) }
        }
        return .keep
    }
}

extension ReplaceDomainStage {
    /// The rewrite of any value through `String`: the reference the byte path must agree with.
    func rewrittenAsText(_ value: JSONSlice) -> JSONRebuild.Outcome {
        let old = oldDomain.lowercased()
        let new = newDomain
        return StringValues.rewrite(value) { text in
            guard let at = text.lastIndex(of: "@"), text[text.index(after: at)...].lowercased() == old else { return text }
            return text[...at] + new
        }
    }

    static let userNameKey = Array("username".utf8)
    static let emailsKey = Array("emails".utf8)

    /// Whether the rewrite might change `record`: false only when every `userName` and
    /// `emails.value` string (all members of those names, as the edit visits them) is plain
    /// ASCII without escapes and its domain, after the last `@`, is not the old one. Most
    /// records of a tenant that is not being renamed are left at that look, with no edit.
    func mayRewrite(_ record: UserRecord) -> Bool {
        guard oldIsASCII else { return true }
        let old = oldLowercased
        return record.withView { view in
            for i in view.fields.indices {
                if view.keyMatches(i, Self.userNameKey) {
                    if Self.mayChange(view.value(i), old) { return true }
                } else if view.keyMatches(i, Self.emailsKey) {
                    let emails = view.value(i)
                    if emails.kind == .object {
                        if Self.anyValueMayChange(emails, old) { return true }
                    } else if emails.kind == .array {
                        var elements = JSONSlice.ElementIterator(emails)
                        while let element = elements.next() {
                            if element.kind == .object && Self.anyValueMayChange(element, old) { return true }
                        }
                    }
                }
            }
            return false
        }
    }

    /// The rewrite of a string whose domain is plain ASCII, when NEW is ASCII: byte for byte
    /// what the `String` path makes (everything up to the last `@` as it is, then NEW);
    /// `.keep` when the domain is not OLD or the result is the same; nil when the `String`
    /// path must decide (escapes, a non-ASCII domain or byte before the `@`, not a string).
    func rewrittenASCII(_ value: JSONSlice) -> JSONRebuild.Outcome? {
        guard oldIsASCII, let new = newASCII, value.kind == .string, let domainStart = Self.plainDomainStart(value) else { return nil }
        let end = value.end - 1
        guard Self.domainEquals(value, from: domainStart, oldLowercased) else { return .keep }
        if end - domainStart == new.count
            && new.withUnsafeBytes({ $0.elementsEqual(UnsafeRawBufferPointer(start: value.base + domainStart, count: end - domainStart)) })
        {
            return .keep
        }
        var out: [UInt8] = []
        out.reserveCapacity(domainStart - value.start + new.count + 1)
        out.append(contentsOf: UnsafeRawBufferPointer(start: value.base + value.start, count: domainStart - value.start))
        out.append(contentsOf: new)
        out.append(._quote)
        return .replace(out)
    }

    /// Where the domain of string `value` starts (just past its last `@` byte) when byte
    /// comparison decides as `String` would: no escapes, an `@`, ASCII after it, and an ASCII
    /// byte (or none) before it, so the `@` is a character of its own. Else nil.
    static func plainDomainStart(_ value: JSONSlice) -> Int? {
        let start = value.start + 1, end = value.end - 1
        guard !value.stringHasEscapes else { return nil }
        var at = end - 1
        while at >= start && value.byte(at) != 0x40 { at -= 1 }
        guard at >= start else { return nil }
        guard !ByteSearch.containsNonASCII(value.base, from: at + 1, end: end) else { return nil }
        guard at == start || value.byte(at - 1) < 0x80 else { return nil }
        return at + 1
    }

    /// True when the bytes from `from` to the string's closing quote equal `old` ignoring ASCII case.
    static func domainEquals(_ value: JSONSlice, from: Int, _ old: [UInt8]) -> Bool {
        let end = value.end - 1
        guard end - from == old.count else { return false }
        return old.withUnsafeBufferPointer { ASCIICase.equalsLowercased(value.base + from, $0.baseAddress!, count: old.count) }
    }

    /// ``mayChange(_:_:)`` for every member named `value` of `object`.
    static func anyValueMayChange(_ object: JSONSlice, _ old: [UInt8]) -> Bool {
        var members = JSONSlice.MemberIterator(object)
        while let (key, value) = members.next() {
            if key.equalsName(CompiledPath.valueName) && mayChange(value, old) { return true }
        }
        return false
    }

    /// False when `value` is not a string, has no `@`, or has a plain ASCII domain
    /// (``plainDomainStart(_:)``) that differs from `old` (lower case) ignoring ASCII case;
    /// true otherwise.
    static func mayChange(_ value: JSONSlice, _ old: [UInt8]) -> Bool {
        guard value.kind == .string else { return false }
        if let domainStart = plainDomainStart(value) { return domainEquals(value, from: domainStart, old) }
        // No `@` byte at all: no `@` character either, so nothing to rewrite.
        return value.stringHasEscapes || ByteSearch.first(0x40, value.base, from: value.start + 1, end: value.end - 1) < value.end - 1
    }
}
