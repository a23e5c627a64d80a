/// The text of `scimstream --help` and `scimstream --help TOPIC`.
public enum HelpText {
    /// The one-line usage.
    public static let usage = "Usage: scimstream [OPTIONS] [FILE ...]"

    /// The main help: what the tool does, every option by group with defaults, and examples.
    public static var main: String {
        var text = """
        scimstream \(CommandLineInterface.version): stream SCIM 2.0 users through transforms, at the speed of the disk.

        \(usage)

        Reads each FILE in order (standard input when none is given, or for '-'), runs every
        record through the stages in the order written, and writes the result. The password
        attribute is stripped unless --keep-password is given.

        """
        for group in OptionGroup.allCases {
            let specs = OptionTable.all.filter { $0.group == group }
            guard !specs.isEmpty else { continue }
            text += "\n\(group.rawValue):\n"
            for spec in specs {
                var line = "  " + spec.synopsis
                let pad = max(2, 34 - line.count)
                line += String(repeating: " ", count: pad) + spec.summary
                if let d = spec.defaultValue { line += " [default: \(d)]" }
                text += line + "\n"
            }
        }
        text += """

        Examples:
          scimstream export.json > users.ndjson
              any export (NDJSON, ListResponse pages, JSON array) to NDJSON, passwords stripped
          curl -s "$SCIM/Users?count=1000" | scimstream --from list -o users.ndjson
              stream a ListResponse from a pipe into a file, written atomically
          zcat users.ndjson.gz | scimstream --max-record-bytes 64M | head -n 5
              stop early: scimstream exits quietly when its reader goes away

        Help topics: \(topics.keys.sorted().joined(separator: ", ")) (scimstream --help TOPIC)
        Exit status: 0 success, 64 usage error, 65 bad input data, 66 input not found, 74 I/O error.

        """
        return text
    }

    /// Help on one area, by topic name.
    public static let topics: [String: String] = [
        "input": """
        Input shapes (--from):
          auto     the default: a top-level array holds users; a top-level object is a
                   ListResponse once a "Resources" key or the ListResponse schema URN shows
                   up, otherwise it is one user. Several documents may follow each other.
          ndjson   user objects one after another: one per line, or separated by any
                   whitespace; blank lines and CRLF line ends are fine.
          list     SCIM ListResponse documents (one, or many pages concatenated); each
                   element of "Resources" is a user, emitted as soon as it is read.
          array    JSON arrays of user objects.

        Records are read incrementally: memory holds one record at a time, never the input.
        Limits: --max-record-bytes (default 16M) and --max-depth (default 256).
        A UTF-8 byte order mark at the start of a file is skipped.

        Examples:
          scimstream --from list page1.json page2.json
          cat users.ndjson | scimstream --from ndjson -
        """,
        "exit-codes": """
        Exit status:
          0   success (also when the reader of standard output goes away early)
          64  usage error: unknown option, bad option value
          65  bad input data: FILE:LINE:COLUMN: error: MESSAGE (record N) on stderr
          66  an input file does not exist or cannot be opened
          74  I/O error: reading or writing failed (the path and the system's reason are shown)
        """,
    ]

    /// The help text of `topic`, or nil for an unknown topic.
    public static func topic(_ name: String) -> String? {
        topics[name.lowercased()]
    }
}
