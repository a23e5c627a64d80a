/// A path or filter that does not parse, with the column of the problem.
public struct PathSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// The text that was parsed.
    public var text: String
    /// 1-based column (in characters) of the problem.
    public var column: Int

    /// Creates an error.
    public init(_ message: String, in text: String, column: Int) {
        self.message = message
        self.text = text
        self.column = column
    }

    /// The message, the text and a caret under the column.
    public var description: String {
        "\(message) at column \(column)\n    \(text)\n    \(String(repeating: " ", count: max(0, column - 1)))^"
    }
}
