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

    /// Creates the stage.
    public init(from oldDomain: String, to newDomain: String) {
        self.oldDomain = oldDomain
        self.newDomain = newDomain
    }

    /// `"replace-domain"`.
    public var name: String { "replace-domain" }

    /// Rewrites matching addresses; never drops the record.
    public mutating func process(_ record: inout UserRecord) throws -> StageVerdict {
        let old = oldDomain.lowercased()
        let new = newDomain
        for path in Self.paths {
            record.edit(path) { value in
                StringValues.rewrite(value) { text in
                    guard let at = text.lastIndex(of: "@"), text[text.index(after: at)...].lowercased() == old else { return text }
                    return text[...at] + new
                }
            }
        }
        return .keep
    }
}
