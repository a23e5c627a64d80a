import SCIMStream

/// The man page (roff, `man 7 man`), generated from the same option table and help topics as
/// `--help`, so the two never disagree. `scimstream --man-page > scimstream.1`; the committed
/// copy is `Sources/scimstream/man/scimstream.1`.
package enum ManPage {
    /// The whole page.
    package static var text: String {
        var page = """
            .TH SCIMSTREAM 1 "" "scimstream \(CommandLineInterface.version)" "User Commands"
            .SH NAME
            scimstream \\- stream SCIM 2.0 users through transforms, at the speed of the disk
            .SH SYNOPSIS
            .B scimstream
            [\\fIOPTIONS\\fR] [\\fIFILE\\fR ...]
            .SH DESCRIPTION
            Reads each \\fIFILE\\fR in order (standard input when none is given, or for
            .BR \\- ;
            gzip is decompressed as it streams), runs every record through the stages in the
            order written, and writes the result.
            Input may be NDJSON, SCIM ListResponse pages or JSON arrays of users, or a live SCIM
            service given by its http:// or https:// base URL.
            The password attribute is stripped unless \\fB\\-\\-keep\\-password\\fR is given.
            .SH OPTIONS

            """
        for group in OptionGroup.allCases {
            let specs = OptionTable.all.filter { $0.group == group }
            guard !specs.isEmpty else { continue }
            page += ".SS \(escape(group.rawValue))\n"
            for spec in specs {
                var head = spec.short.map { "\\fB\\-\($0)\\fR, " } ?? ""
                head += "\\fB\(dashes("--" + spec.long))\\fR"
                if let value = spec.valueName { head += " \\fI\(escape(value))\\fR" }
                var summary = spec.summary
                if let d = spec.defaultValue { summary += " [default: \(d)]" }
                page += ".TP\n\(head)\n\(line(summary))\n"
            }
        }
        page += ".SH ENVIRONMENT\n"
        for variable in EnvironmentOptions.documented {
            page += ".TP\n.B \(variable.name)\n\(line(variable.summary))\n"
        }
        page += ".SH HELP TOPICS\nThe same text as \\fBscimstream \\-\\-help\\fR \\fITOPIC\\fR.\n"
        for name in HelpText.topicNames {
            guard let text = HelpText.topic(name) else { continue }
            page += ".SS \(escape(name))\n.nf\n"
            page += text.split(separator: "\n", omittingEmptySubsequences: false).map { line(String($0)) }.joined(separator: "\n")
            page += "\n.fi\n"
        }
        page += """
            .SH EXIT STATUS
            0 success; 64 usage error; 65 bad input data; 66 an input cannot be opened; 69 a live
            service unreachable; 74 I/O error; 76 a live service outside the protocol; 77 a live
            service refused the credentials (see the exit\\-codes topic above).
            .SH EXAMPLES
            .nf
            scimstream export.json > users.ndjson
            scimstream users.ndjson.gz \\-\\-to csv | head
            scimstream export.json \\-\\-to parquet \\-o users.parquet
            scimstream export.json \\-\\-for\\-create \\-\\-id\\-to\\-external\\-id \\-\\-to bulk \\-o bulk/
            .fi
            .SH SEE ALSO
            The README of the scimstream repository: journeys, performance and the library.

            """
        return page
    }

    /// Text escaped for roff: backslashes doubled as `\e`, a leading `.` or `'` guarded.
    static func escape(_ text: String) -> String {
        text.replacingAll("\\", with: "\\e")
    }

    /// One line of running text: escaped, guarded against being read as a request.
    static func line(_ text: String) -> String {
        let escaped = escape(text)
        return escaped.hasPrefix(".") || escaped.hasPrefix("'") ? "\\&" + escaped : escaped
    }

    /// An option name with its hyphens as roff's `\-` (so they are not hyphenation points).
    static func dashes(_ text: String) -> String {
        text.replacingAll("-", with: "\\-")
    }
}
