/// Why a column list could not be read: the data of the failure, phrased by the caller.
public enum CSVColumnError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A column with an empty header or path, as written.
    case emptyColumn(spec: String)
    /// A path that does not parse, with the parser's error.
    case invalidPath(String, PathSyntaxError)
    /// The list or file names no column at all.
    case noColumns
    /// A `{first:second}` pair that is not one, or follows a sub-attribute, as written.
    case invalidPair(String)

    /// A sentence without option names: "empty column 'x='", "invalid column path …".
    public var description: String {
        switch self {
        case .emptyColumn(let spec): "empty column '\(spec)'"
        case .invalidPath(let path, let error): "invalid column path '\(path)': \(error)"
        case .noColumns: "no columns"
        case .invalidPair(let spec):
            "invalid pair in column '\(spec)': write ATTRIBUTE{first:second} (two sub-attributes of a multi-valued attribute)"
        }
    }
}
