/// What a reader does with a bad record.
public enum ErrorPolicy: String, Sendable, CaseIterable {
    /// Report the first bad record and stop (after everything before it was delivered).
    case fail
    /// Report each bad record and go on: at the next line for NDJSON, at the next element
    /// inside a ListResponse or array when the damage is confined to one element.
    case skip
}
