/// Removes the `password` attribute: the default first stage of every run.
///
/// Matches the name in any letter case and with escapes decoded (`"PassWord"`,
/// `"p\u0061ssword"`), every occurrence when a key repeats, and the fully qualified core
/// form `urn:ietf:params:scim:schemas:core:2.0:User:password`.
public struct RedactPassword: RecordStage, Sendable {
    static let plain = Array("password".utf8)
    static let qualified = Array("urn:ietf:params:scim:schemas:core:2.0:user:password".utf8)

    /// Creates the stage.
    public init() {}

    /// `"redact-password"`.
    public var name: String { "redact-password" }

    /// Removes the password members; never drops the record.
    public mutating func process(_ record: inout UserRecord) throws -> StageVerdict {
        record.removeFields(named: Self.plain)
        record.removeFields(named: Self.qualified)
        return .keep
    }
}
