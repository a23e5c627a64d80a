public import SCIMJSON

/// Why one record (or the input around it) could not be read: the kind of problem with its
/// data (``problem``, ``syntax``), a message in plain words, and the position.
///
/// Messages name no command-line option; a tool adds its own hints from ``problem``.
public struct RecordError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem, with its data.
    public enum Problem: Sendable, Equatable {
        /// A JSON syntax error or a tokenizer limit: see ``RecordError/syntax``.
        case syntax
        /// A record larger than the byte limit.
        case recordTooLarge(limit: Int)
        /// A value outside any record larger than the byte limit.
        case valueTooLarge(limit: Int)
        /// A member whose name (ignoring case) appears twice in one record.
        case duplicateMember(String)
        /// With the ListResponse shape: an object without `Resources` or `totalResults`.
        case notListResponse
        /// A detected ListResponse that also has members of a user.
        case listResponseWithOtherMembers
        /// A value of the wrong JSON type where a user, an array or a ListResponse belongs.
        case unexpectedValue
        /// A stage or writer refused the record (past a configured limit, when that is why).
        case refused(StageRejection.ExceededLimit?)
        /// A single record was expected and none, or more than one, was found.
        case notOneRecord
    }

    /// What kind of problem, with its data.
    public var problem: Problem
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
        _ problem: Problem, message: String, location: InputLocation, recordNumber: Int,
        syntax: JSONSyntaxError? = nil, recovery: Recovery = .none
    ) {
        self.problem = problem
        self.message = message
        self.location = location
        self.recordNumber = recordNumber
        self.syntax = syntax
        self.recovery = recovery
    }

    /// Creates an error from a syntax error.
    public init(_ syntax: JSONSyntaxError, recordNumber: Int, recovery: Recovery = .none) {
        self.init(
            .syntax, message: syntax.message, location: syntax.location, recordNumber: recordNumber,
            syntax: syntax, recovery: recovery)
    }

    /// `LINE:COLUMN: error: MESSAGE (record N)`.
    public var description: String { "\(location): error: \(message) (record \(recordNumber))" }
}
