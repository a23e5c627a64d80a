/// `--bulk`: when users go to the target through its `/Bulk` endpoint.
public enum BulkMode: String, Sendable, CaseIterable {
    /// When the ServiceProviderConfig says `bulk.supported` (within its advertised limits).
    case auto
    /// Always: a target without Bulk stops the run.
    case always
    /// Never: one request per user.
    case never
}
