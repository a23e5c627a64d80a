/// A problem a run met and went on after (the skip policy), for the caller to report.
public enum PipelineDiagnostic: Sendable, CustomStringConvertible {
    /// A record was rejected.
    case rejected(PipelineError)
    /// An input stopped early or could not be read; the run went on with the next input.
    case stopped(PipelineError)
    /// More records were rejected than ``Pipeline/maxDiagnostics`` allows to describe.
    case moreRejected(Int)
    /// Something worth knowing that is not an error (a service's total changed between pages).
    case warning(source: String, String)

    /// A plain rendering: the error's description, or "… and N more rejected records".
    public var description: String {
        switch self {
        case .rejected(let error), .stopped(let error): error.description
        case .moreRejected(let count): "… and \(count) more rejected records"
        case .warning(let source, let text): "\(source): warning: \(text)"
        }
    }
}
