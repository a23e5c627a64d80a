/// The `FileMetaData` at the end of a Parquet file: the schema (a root group with one optional
/// leaf per column) and where each row group's column chunks are.
struct ParquetFooter {
    /// One column chunk as written.
    struct Chunk {
        var offset: Int64
        var size: Int64
        var rows: Int64
    }

    /// One row group as written.
    struct RowGroup {
        var chunks: [Chunk]
        var rows: Int64
    }

    /// Column names, in order, and their types.
    let names: [[UInt8]]
    let types: [ColumnType]
    var rowGroups: [RowGroup] = []

    /// The encoded `FileMetaData`.
    func encoded(createdBy: String) -> [UInt8] {
        var thrift = ThriftCompactWriter()
        thrift.i32(1, 1)  // version
        thrift.structList(2, [-1] + Array(names.indices)) { element, k in
            if k < 0 {
                element.binary(4, Array("schema".utf8))
                element.i32(5, Int32(names.count))
                return
            }
            element.i32(1, ParquetColumnChunk.PhysicalType(types[k]).rawValue)
            element.i32(3, 1)  // OPTIONAL
            element.binary(4, names[k])
            switch types[k] {
            case .text:
                element.i32(6, 0)  // ConvertedType UTF8
                element.structure(10) { logical in logical.structure(1) { _ in } }  // STRING
            case .timestamp:
                element.i32(6, 10)  // ConvertedType TIMESTAMP_MICROS
                element.structure(10) { logical in
                    logical.structure(8) { timestamp in  // TIMESTAMP
                        timestamp.bool(1, true)  // isAdjustedToUTC
                        timestamp.structure(2) { unit in unit.structure(2) { _ in } }  // MICROS
                    }
                }
            case .boolean, .decimal, .integer:
                break
            }
        }
        thrift.i64(3, rowGroups.reduce(0) { $0 + $1.rows })
        thrift.structList(4, rowGroups) { group, rowGroup in
            group.structList(1, Array(rowGroup.chunks.enumerated())) { chunk, entry in
                let (k, written) = entry
                chunk.i64(2, written.offset)
                chunk.structure(3) { meta in
                    meta.i32(1, ParquetColumnChunk.PhysicalType(types[k]).rawValue)
                    meta.i32List(2, [0, 3])  // PLAIN, RLE
                    meta.binaryList(3, [names[k]])
                    meta.i32(4, 0)  // UNCOMPRESSED
                    meta.i64(5, written.rows)
                    meta.i64(6, written.size)
                    meta.i64(7, written.size)
                    meta.i64(9, written.offset)
                }
            }
            group.i64(2, rowGroup.chunks.reduce(0) { $0 + $1.size })
            group.i64(3, rowGroup.rows)
        }
        thrift.binary(6, Array(createdBy.utf8))
        return thrift.finish()
    }
}
