import SCIMJSON
import SCIMStream
/// A command line that cannot be run as written (exit 64).
package struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    package var message: String

    /// Creates an error.
    package init(_ message: String) {
        self.message = message
    }

    /// The message.
    package var description: String { message }
}

extension UsageError {
    /// A `--columns` list that could not be read, phrased with the option's name.
    init(columnsError error: CSVColumnError) {
        switch error {
        case .emptyColumn(let spec): self.init("empty column in --columns: '\(spec)'")
        case .invalidPath, .invalidPair: self.init("\(error)")
        case .noColumns: self.init("--columns needs at least one column")
        }
    }
}
