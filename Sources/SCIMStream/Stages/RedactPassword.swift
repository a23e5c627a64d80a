import SCIMJSON

/// Removes every password member (``PasswordKey``): the default first stage of every run.
///
/// Matches `password` and `…:password` in any letter case and with escapes decoded
/// (`"PassWord"`, `"p\u0061ssword"`, `urn:ietf:params:scim:schemas:core:2.0:User:password`),
/// every occurrence when a key repeats, at the top level and nested at any depth (under
/// `name`, inside an extension or a core-schema container object, in array elements).
public struct RedactPassword: RecordStage, Sendable {
    /// Keeps nothing between records: copies may run on several threads.
    public var runsOnCopies: Bool { true }

    /// Creates the stage.
    public init() {}

    /// `"redact-password"`.
    public var name: String { "redact-password" }

    /// Removes the password members; never drops the record.
    public mutating func process(_ record: inout UserRecord) throws -> StageVerdict {
        record.removePasswords()
        return .keep
    }
}
