import SCIMJSON
import SCIMStream
/// The text of `scimstream --help` and `scimstream --help TOPIC`.
package enum HelpText {
    /// The one-line usage.
    package static let usage = "Usage: scimstream [OPTIONS] [FILE ...]"

    /// The main help: what the tool does, every option by group with defaults, and examples.
    package static var main: String {
        var text = """
            scimstream \(CommandLineInterface.version): SCIM 2.0 users through transforms, at the speed of the disk.

            \(usage)

            Reads each FILE in order (standard input when none is given, or for '-'; gzip
            is decompressed as it streams), runs every record through the stages in the
            order written, and writes the result. The password attribute is stripped unless
            --keep-password is given.

            """
        for group in OptionGroup.allCases {
            let specs = OptionTable.all.filter { $0.group == group }
            guard !specs.isEmpty else { continue }
            text += "\n\(group.rawValue):\n"
            for spec in specs { text += optionLines(spec) }
        }
        text += """

            Examples:
              scimstream export.json > users.ndjson
                  any export (NDJSON, ListResponse pages, JSON array, gzip) to NDJSON
              curl -s "$SCIM/Users?count=1000" | scimstream --from list -o users.ndjson
                  stream a ListResponse from a pipe into a file, written atomically
              zcat users.ndjson.gz | scimstream --max-record-bytes 64M | head -n 5
                  stop early: scimstream exits quietly when its reader goes away

            Help topics (scimstream --help TOPIC):
              \(topicNames.joined(separator: ", "))
            Exit status: 0 success, 64 usage, 65 bad data, 66 no input, 74 I/O error,
            69/76/77 live services (see --help exit-codes).

            """
        return text
    }

    /// Help on one area, by topic name; each text is built only when asked for.
    package static let topics: [String: @Sendable () -> String] = [
        "input": {
            """
            Input shapes (--from):
              auto     the default: a top-level array holds users; a top-level object is a
                       ListResponse once a "Resources" key or the ListResponse schema URN
                       shows up, otherwise it is one user. Several documents may follow
                       each other.
              ndjson   user objects one after another: one per line, or separated by any
                       whitespace; blank lines and CRLF line ends are fine.
              list     SCIM ListResponse documents (one, or many pages concatenated); each
                       element of "Resources" is a user, emitted as soon as it is read.
              array    JSON arrays of user objects.

            Records are read incrementally: memory holds one record at a time, never the
            input. Limits: --max-record-bytes (default 16M) and --max-depth (default 256,
            at most 4096). A UTF-8 byte order mark at the start of a file is skipped.
            gzip (files of any name, standard input) is decompressed as it streams; zstd,
            xz, bzip2, zlib and zip are refused with the command that reads them.
            --config FILE reads any option from a job file (README: Job files).

            Examples:
              scimstream --from list page1.json page2.json
              curl -s "$SCIM/Users?count=1000" | scimstream --from list -
            """
        },
        "paths": {
            """
            Attribute paths (RFC 7644), names case-insensitive:
              userName                     a core attribute
              name.givenName               a sub-attribute
              emails.value                 the sub-attribute of every element
              emails[type eq "work"]       the elements matching a filter
              emails[type eq "work"].value their sub-attribute
              urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value
                                           an extension attribute, by its full schema URN
              urn:ietf:params:scim:schemas:extension:enterprise:2.0:User
                                           the whole extension object
            Lists (--strip, --keep, --pseudonymize, --columns) are comma-separated; commas
            inside brackets and quotes belong to the path. A path that names no attribute
            of the known schemas is a warning (an error with --strict-paths).
            """
        },
        "stages": { stagesTopic },
        "filter": {
            """
            --filter EXPR keeps the records matching a SCIM filter (RFC 7644 §3.4.2.2).
              operators   eq ne co sw ew gt ge lt le pr; and, or, not, parentheses
              values      "strings" (JSON escapes), numbers, true, false, null
              case        names and operators case-insensitive; strings by caseExact:
                          exact for id, externalId, meta.version, photos.value, $ref,
                          case-insensitive otherwise
              multi       any element matches; emails[…] needs one element to match it all
              ordering    dateTimes chronologically, numbers numerically, strings by
                          code point; not allowed on booleans (active, primary)
              pr          false for null, absent, "", [] and {}; eq null = not present

            Examples:
              --filter 'active eq true and emails[type eq "work"].value ew "@example.com"'
              --filter 'meta.lastModified gt "2026-01-01T00:00:00Z"'
              --filter 'not (title pr) or userType eq "Contractor"'
            """
        },
        "columns": {
            """
            --to csv, tsv and parquet write one row per user; columns are fixed before the
            first row.
              --columns SPEC       comma-separated [HEADER=]PATH (see --help paths)
              --columns-file FILE  one [HEADER=]PATH per line, # comments
              --columns-preset P   genesys (the default), rfc or minimal
              --join SEP           joins several values in one cell (default |)
              --null TEXT          absent/null cell (CSV: empty field; TSV: \\N)
              --header-case CASE   snake (manager_id), camel or as-is
              --emit-ddl SQL       print CREATE TABLE: postgres, duckdb or bigquery
              --no-header, --crlf, --spreadsheet-safe (prefix = + - @ tab CR cells with ')
            PATH{a:b} writes each element as a:b (routingSkills{name:proficiency}).
            \(presetList)
            CSV: absent/null = empty field, empty string = "". TSV escapes \\t \\r \\n \\\\.

            Examples:
              scimstream users.json --to csv -o users.csv
              scimstream users.json --to csv \\
                  --columns 'id,userName,work_email=emails[type eq "work"].value'
            """
        },
        "bulk": {
            """
            --to bulk writes SCIM BulkRequest documents (RFC 7644 §3.7), one operation
            per user.
              --bulk-method M            POST (default: /Users, bulkId from externalId,
                                         id or the record number), PUT, PATCH
                                         (/Users/{id}), DELETE
              --bulk-max-operations N    per document (default 1000)
              --bulk-max-bytes N         per document, exact bytes + newline
                                         (default 1048576)
              --bulk-limits-from FILE    both limits from a saved ServiceProviderConfig
              --fail-on-errors N         written into each document
              -o DIR/                    DIR/bulk-000001.json, … (else one document
                                         per line); DIR's bulk-N.json of an earlier
                                         run are deleted first
            A user too large for one document is rejected with the reason.

            Example (tenant migration):
              scimstream export.json --for-create --id-to-external-id \\
                --replace-domain old.example.com=new.example.com --to bulk -o bulk/
            """
        },
        "errors": {
            """
            --on-error fail (default) stops at the first bad record, exit 65, after
            writing and flushing every good record before it. --on-error skip reports
            each bad record and goes on: at the next line for NDJSON, at the next element
            inside a ListResponse or array when the damage is confined to one element;
            otherwise that input stops (exit 65) and the next file still runs.
            --strict-exit makes any reject exit 65.
            --rejects FILE writes each rejected record as a JSON line: source, line,
            column, offset, record, error, raw (64 KiB, password values masked).
            --stats / --stats-json FILE: counts (read = written + dropped + rejected),
            bytes, time. Damaged gzip stops its input (exit 65) after the records
            decoded before the damage.
            """
        },
        "exit-codes": {
            """
            Exit status:
              0   success (also when the reader of standard output goes away early)
              64  usage error: unknown option, bad option value, bad path or filter
              65  bad input data: FILE:LINE:COLUMN: error: MESSAGE (record N) on stderr
              66  an input file does not exist or cannot be opened
              69  a live SCIM service could not be reached or kept failing
              74  I/O error: reading or writing failed (the path and the system's reason are
                  shown)
              76  a live SCIM service answered outside the protocol
              77  a live SCIM service refused the credentials (401, 403)
            """
        }
    ]

    /// `--help stages`: one line per registered stage (``StageDefinition/topic``), then `--pipeline`.
    static var stagesTopic: String {
        var lines = ["Stages run left to right, exactly as written; each touches only what it names."]
        lines += StageRegistry.all.compactMap(\.topic?.text)
        lines.append(HelpLine("--pipeline FILE", "stages from a file, one option per line, # comments").text)
        lines.append("The password is stripped first unless --keep-password.")
        return lines.joined(separator: "\n") + """


            Examples:
              scimstream users.json --strip 'meta,emails[type eq "other"]' --set active=true
              scimstream users.json --key-file key --pseudonymize userName,emails.value
            """
    }

    /// The help text of `topic`, or nil for an unknown topic.
    package static func topic(_ name: String) -> String? {
        topics[name.lowercased()]?()
    }

    /// The topic names, sorted.
    package static var topicNames: [String] { topics.keys.sorted() }
}

extension HelpText {
    /// The width every help text keeps within.
    static let width = 80
    /// The column where option summaries start.
    static let summaryColumn = 30

    /// An option's help: its synopsis, then its summary and default wrapped from
    /// ``summaryColumn`` (on the next line when the synopsis reaches that column).
    static func optionLines(_ spec: OptionSpec) -> String {
        let synopsis = "  " + spec.synopsis
        var summary = spec.summary
        if let d = spec.defaultValue { summary += " [default: \(d)]" }
        let indent = String(repeating: " ", count: summaryColumn)
        let body = wrapWords(summary, width: width - summaryColumn).map { indent + $0 }
        if synopsis.count + 2 <= summaryColumn {
            let first = synopsis + String(repeating: " ", count: summaryColumn - synopsis.count) + body[0].dropFirst(summaryColumn)
            return ([first] + body.dropFirst()).joined(separator: "\n") + "\n"
        }
        return ([synopsis] + body).joined(separator: "\n") + "\n"
    }

    /// `text` broken at spaces into lines of at most `width` characters (a longer word has a
    /// line of its own).
    static func wrapWords(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            if line.isEmpty {
                line = String(word)
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = String(word)
            }
        }
        lines.append(line)
        return lines
    }

    /// Each preset's headers, wrapped within 80 columns.
    static var presetList: String {
        CSVColumnPreset.allCases.map { preset in
            wrap("\(preset.rawValue):", preset.columns.map(\.header), width: 80)
        }.joined(separator: "\n")
    }

    /// `words` after `lead`, comma-separated, wrapped within `width` (continuation lines indented).
    static func wrap(_ lead: String, _ words: [String], width: Int) -> String {
        var lines: [String] = []
        var line = lead
        for (k, word) in words.enumerated() {
            let piece = word + (k == words.count - 1 ? "" : ",")
            if line.count + 1 + piece.count > width {
                lines.append(line)
                line = "  " + piece
            } else {
                line += " " + piece
            }
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }
}
