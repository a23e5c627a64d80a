/// What to do when the target already has the user (409 `uniqueness`, or a create whose answer
/// was lost found it there).
public enum ConflictPolicy: String, Sendable, CaseIterable {
    /// Leave the target's user as it is; the outcome is `existing` (the default).
    case skip
    /// Replace the target's user with this one (PUT); the outcome is `updated`.
    case update
    /// The user fails, and with `--on-error fail` the run stops.
    case fail
}
