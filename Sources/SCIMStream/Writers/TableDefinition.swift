/// The SQL dialects `--emit-ddl` writes for.
public enum SQLDialect: String, Sendable, CaseIterable {
    /// PostgreSQL.
    case postgres
    /// DuckDB.
    case duckdb
    /// Google BigQuery.
    case bigquery
}

/// `CREATE TABLE` for the rows a CSV/TSV writer writes: one column per CSV column, named by
/// its header (as `--header-case` spells it), typed from the SCIM schema: boolean, timestamp
/// with time zone for dateTime, numeric for decimal, integer, and text for everything else,
/// including a path that may select several values (they are joined into one cell).
public enum TableDefinition {
    /// The statement, ending in `;` and a newline.
    public static func createTable(
        named table: String, columns: [CSVColumn], headerCase: HeaderCase = .asIs, dialect: SQLDialect
    ) -> String {
        let lines = columns.map { column in
            "    \(identifier(headerCase.apply(column.header), dialect)) \(sqlType(ColumnType(column), dialect))"
        }
        return "CREATE TABLE \(identifier(table, dialect)) (\n" + lines.joined(separator: ",\n") + "\n);\n"
    }

    /// The SQL spelling of a column type.
    static func sqlType(_ type: ColumnType, _ dialect: SQLDialect) -> String {
        switch (type, dialect) {
        case (.text, .postgres): return "text"
        case (.text, .duckdb): return "VARCHAR"
        case (.text, .bigquery): return "STRING"
        case (.boolean, .postgres): return "boolean"
        case (.boolean, .duckdb): return "BOOLEAN"
        case (.boolean, .bigquery): return "BOOL"
        case (.timestamp, .postgres): return "timestamptz"
        case (.timestamp, .duckdb): return "TIMESTAMPTZ"
        case (.timestamp, .bigquery): return "TIMESTAMP"
        case (.decimal, .postgres): return "numeric"
        case (.decimal, .duckdb): return "DOUBLE"
        case (.decimal, .bigquery): return "NUMERIC"
        case (.integer, .postgres): return "bigint"
        case (.integer, .duckdb): return "BIGINT"
        case (.integer, .bigquery): return "INT64"
        }
    }

    /// The name as an identifier, always quoted, so reserved words (`user`, `group`, `order`,
    /// BigQuery's `groups`) and upper-case letters are names too. BigQuery allows only letters,
    /// digits and `_` in column names: other characters become `_` (it loads CSV by position).
    static func identifier(_ name: String, _ dialect: SQLDialect) -> String {
        if dialect == .bigquery {
            var plain = String(
                name.unicodeScalars.map {
                    ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) ? Character($0) : "_"
                })
            if plain.first.map({ ("0"..."9").contains($0) }) ?? true { plain = "_" + plain }
            return "`" + plain + "`"
        }
        return "\"" + name.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
