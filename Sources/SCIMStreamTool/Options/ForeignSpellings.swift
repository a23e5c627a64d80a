import SCIMStream

/// What people type when they know other tools, and what to tell them: `--format` is `--to`,
/// `-n 5` is `| head -n 5`. Checked before "did you mean" by edit distance, which cannot know.
enum ForeignSpellings {
    /// The advice for `option` (with its dashes, any letter case), or nil.
    static func advice(for option: String) -> String? {
        table[option] ?? table[option.lowercased()]
    }

    /// Option as typed → what to use instead.
    private static let table: [String: String] = {
        var t: [String: String] = [:]
        func add(_ spellings: [String], _ advice: String) { for s in spellings { t[s] = advice } }
        add(["-v", "--verbose"], "use --stats (counts at the end) or --progress; --version prints the version")
        add(["-V"], "use --version")
        add(["-n", "--limit", "--head", "--max", "--count", "--first"], "to keep the first N records, pipe the output: scimstream … | head -n N")
        add(["-f", "--format", "--output-format", "--out-format", "--type", "-t"], "use --to FORMAT (ndjson, csv, tsv, parquet, bulk, list, scim)")
        add(["--input-format", "--in-format", "-i", "--input-type"], "use --from FORMAT (auto, ndjson, list, array)")
        add(["--header", "--headers", "--with-header"], "a header row is written by default; --no-header leaves it out")
        add(["--input", "--in", "--file"], "name input files after the options (scimstream users.ndjson), or pipe them in")
        add(["--out", "--output-file", "--outfile"], "use -o FILE (--output FILE)")
        add(["--select", "--fields", "--only", "--project", "--include"], "use --keep PATH,… (a projection)")
        add(["--exclude", "--remove", "--drop", "--delete", "--omit"], "use --strip PATH,…")
        add(["--where", "--grep", "--query", "--match", "--select-where"], "use --filter 'SCIM filter' (see --help filter)")
        add(["-j", "--jobs", "--workers", "--parallel"], "use --threads N")
        add(["-z", "--gzip", "--gunzip", "--decompress", "--zcat"], "gzip input is read directly, whatever its name: scimstream users.ndjson.gz")
        add(["--lower", "--lowercase-username", "--normalize"], "use --normalize-username, or --lowercase PATH")
        add(["--delimiter", "--sep", "--separator", "-d"], "use --to tsv for tabs, --join SEP for several values in one cell")
        add(["--silent", "-s"], "use --quiet (-q)")
        add(["--dry", "--dryrun", "--simulate", "--what-if"], "use --dry-run (live output --to scim)")
        return t
    }()
}

/// Help topics under the names people guess: `--help filters` is `filter`, `--help csv` is
/// `columns`.
enum HelpTopicAliases {
    /// The topic `name` most likely means, or nil.
    static func topic(for name: String, among topics: [String]) -> String? {
        let key = name.lowercased()
        if let alias = aliases[key], topics.contains(alias) { return alias }
        let nearest = topics.map { ($0, EditDistance.between(key, $0)) }.min { $0.1 < $1.1 }
        if let nearest, nearest.1 <= max(1, key.count / 3) { return nearest.0 }
        return nil
    }

    private static let aliases: [String: String] = [
        "filters": "filter", "query": "filter", "where": "filter", "csv": "columns", "tsv": "columns", "parquet": "columns",
        "column": "columns", "warehouse": "columns", "ddl": "columns", "sql": "columns", "path": "paths", "attributes": "paths",
        "stage": "stages", "transforms": "stages", "errors-and-exit-codes": "exit-codes", "exit": "exit-codes", "codes": "exit-codes",
        "status": "exit-codes", "rejects": "errors", "error": "errors", "formats": "input", "from": "input", "gzip": "input",
        "migration": "bulk", "migrate": "bulk", "scim": "bulk"
    ]
}
