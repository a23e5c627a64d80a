/// Why one record (or the input around it) could not be read.
public struct RecordError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The message, without position: "invalid UTF-8 byte sequence".
    public var message: String
    /// Where the problem is.
    public var location: InputLocation
    /// The 1-based number of the record the problem belongs to.
    public var recordNumber: Int
    /// The tokenizer's error, when the problem is a JSON syntax error.
    public var syntax: JSONSyntaxError?
    /// How a reader can go on after this error.
    public var recovery: Recovery

    /// How reading can continue after an error.
    public enum Recovery: Sendable, Equatable {
        /// The damaged record was skipped whole; the next record is intact.
        case recordSkipped
        /// Reading resumes at the next line (NDJSON).
        case resumeAtNextLine
        /// The structure is lost; nothing after this point can be trusted.
        case none
    }

    /// Creates an error.
    public init(
        message: String, location: InputLocation, recordNumber: Int,
        syntax: JSONSyntaxError? = nil, recovery: Recovery = .none
    ) {
        self.message = message
        self.location = location
        self.recordNumber = recordNumber
        self.syntax = syntax
        self.recovery = recovery
    }

    /// Creates an error from a syntax error.
    public init(_ syntax: JSONSyntaxError, recordNumber: Int, recovery: Recovery = .none) {
        self.init(message: syntax.message, location: syntax.location, recordNumber: recordNumber,
                  syntax: syntax, recovery: recovery)
    }

    /// `LINE:COLUMN: error: MESSAGE (record N)`.
    public var description: String { "\(location): error: \(message) (record \(recordNumber))" }
}
