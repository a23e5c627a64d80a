import SCIMJSON

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

    /// The message, the text and a caret under the column; a long text is shown as the 60
    /// characters before the column and 40 after, so an error in a huge filter stays short.
    public var description: String {
        var shown = text
        var caret = max(0, column - 1)
        if text.count > 120 {
            let characters = Array(text)
            let from = max(0, min(caret, characters.count) - 60)
            let to = min(characters.count, caret + 40)
            shown = (from > 0 ? "…" : "") + String(characters[from..<to]) + (to < characters.count ? "…" : "")
            caret = caret - from + (from > 0 ? 1 : 0)
        }
        return "\(message) at column \(column)\n    \(shown)\n    \(String(repeating: " ", count: caret))^"
    }
}
