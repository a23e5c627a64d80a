/// A position in an input: 1-based line and column, and the 0-based byte offset.
///
/// Columns count bytes from the start of the line (1 is the first byte), as compilers do.
public struct InputLocation: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// 1-based line number.
    public var line: Int
    /// 1-based byte column within the line.
    public var column: Int
    /// 0-based byte offset from the start of the input.
    public var offset: Int

    /// Creates a location.
    @inlinable public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// `LINE:COLUMN`, the form used in diagnostics.
    @inlinable public var description: String { "\(line):\(column)" }
}
