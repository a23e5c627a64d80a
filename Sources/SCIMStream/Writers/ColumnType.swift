/// The type a table column takes from the SCIM schema: what `--emit-ddl` declares and what
/// Parquet stores.
///
/// A column is typed only when its path selects at most one value of a typed attribute; a
/// multi-valued attribute, a sub-attribute of one (even through a filter, which may select
/// several elements), a pair column and every attribute the schemas do not type are text
/// (several values are joined into one cell).
public enum ColumnType: Sendable, Equatable {
    /// Text (UTF-8).
    case text
    /// `true` or `false`.
    case boolean
    /// An `xsd:dateTime` instant.
    case timestamp
    /// A decimal number.
    case decimal
    /// A whole number.
    case integer

    /// The type of `column`'s cells.
    public init(_ column: CSVColumn) {
        let path = column.path
        let top = SCIMSchema.facts(schema: path.schema, name: path.name, sub: nil)
        // A filter on a multi-valued attribute may select several elements: text too.
        guard column.pair == nil, let facts = path.facts, !facts.multiValued, top?.multiValued != true else {
            self = .text
            return
        }
        switch facts.type {
        case .boolean: self = .boolean
        case .dateTime: self = .timestamp
        case .decimal: self = .decimal
        case .integer: self = .integer
        default: self = .text
        }
    }
}
