/// Why a run stopped, with the exit status a command-line tool should use.
public enum PipelineError: Error, Sendable, CustomStringConvertible {
    /// Bad input data in `source` (exit 65).
    case badInput(source: String, RecordError)
    /// A stage or writer refused a record (exit 65 when errors stop the run).
    case refused(source: String, location: RecordLocation, StageRejection)
    /// An input that could not be opened or read at all (exit 66).
    case inputUnavailable(IOError)
    /// Reading an open input failed (exit 74).
    case readFailed(IOError)
    /// Writing the output failed (exit 74; a closed pipe is ``isBrokenPipe``).
    case writeFailed(IOError)

    /// The exit status: 65 bad data, 66 input not found or unreadable, 74 I/O error.
    public var exitCode: Int32 {
        switch self {
        case .badInput, .refused: return 65
        case .inputUnavailable: return 66
        case .readFailed, .writeFailed: return 74
        }
    }

    /// True when the reader of the output went away (`| head`): stop quietly.
    public var isBrokenPipe: Bool {
        if case .writeFailed(let e) = self { return e.isBrokenPipe }
        return false
    }

    /// The diagnostic: `FILE:LINE:COLUMN: error: MESSAGE (record N)` for bad input.
    public var description: String {
        switch self {
        case .badInput(let source, let e):
            return "\(source):\(e.location.line):\(e.location.column): error: \(e.message) (record \(e.recordNumber))"
        case .refused(let source, let loc, let r):
            return "\(source):\(loc.start.line):\(loc.start.column): error: \(r.stage): \(r.reason) (record \(loc.number))"
        case .inputUnavailable(let e), .readFailed(let e), .writeFailed(let e):
            return "error: \(e)"
        }
    }
}
