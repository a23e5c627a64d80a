public import SCIMJSON

/// Why a run stopped: the failure's data (source, position, system error); a command-line
/// tool maps the cases to its exit statuses.
public enum PipelineError: Error, Sendable, CustomStringConvertible {
    /// Bad input data in `source`.
    case badInput(source: String, RecordError)
    /// A stage or writer refused a record (when errors stop the run).
    case refused(source: String, location: RecordLocation, StageRejection)
    /// An input that could not be opened or read at all.
    case inputUnavailable(IOError)
    /// Reading an open input failed.
    case readFailed(IOError)
    /// Writing the output failed (a closed pipe is ``isBrokenPipe``).
    case writeFailed(IOError)
    /// A live service failed (reading its pages or writing users to it).
    case remote(source: String, RemoteError)
    /// Compressed input (gzip) that cannot be decompressed.
    case badCompressedData(source: String, CompressedDataError)

    /// True when the reader of the output went away (`| head`): stop quietly.
    public var isBrokenPipe: Bool {
        if case .writeFailed(let e) = self { return e.isBrokenPipe }
        return false
    }

    /// The diagnostic: `FILE:LINE:COLUMN: error: MESSAGE (record N)` for bad input.
    public var description: String {
        description(message: \.message, reason: \.description)
    }

    /// The diagnostic with a record error's message and a refusal's reason as `message` and
    /// `reason` phrase them (a tool adds its option hints there).
    public func description(message: (RecordError) -> String, reason: (StageRejection) -> String) -> String {
        switch self {
        case .badInput(let source, let e):
            return "\(source):\(e.location.line):\(e.location.column): error: \(message(e)) (record \(e.recordNumber))"
        case .refused(let source, let loc, let r):
            return "\(source):\(loc.start.line):\(loc.start.column): error: \(reason(r)) (record \(loc.number))"
        case .inputUnavailable(let e), .readFailed(let e), .writeFailed(let e):
            return "error: \(e)"
        case .remote(let source, let e):
            return "\(source): error: \(e.message)"
        case .badCompressedData(let source, let e):
            return "\(source): error: \(e)"
        }
    }
}
