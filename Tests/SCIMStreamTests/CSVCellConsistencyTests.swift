import Testing
@testable import SCIMStream

/// Cells for empty complex values and for NUL characters (issue 11, "Consistency").
@Suite struct CSVCellConsistencyTests {
    func csv(_ json: String, dialect: CSVWriter.Dialect = .csv) throws -> String {
        let columns = try CSVColumn.parseList("a=title,b=x")
        return try write(json, CSVWriter(options: .init(dialect: dialect, columns: columns, header: false))).0
    }

    @Test func emptyArraysAndObjectsAreBothEmptyCells() throws {
        for empty in ["[]", "{}", "[{}]", "[[]]", "[ ]", "{ }", #"{"value":{}}"#, "null", #"{"value":null}"#] {
            #expect(try csv(#"{"title":\#(empty),"x":1}"#) == ",1\n", "\(empty)")
        }
        // An empty string is a value: "" in CSV, unlike an empty cell.
        #expect(try csv(#"{"title":"","x":1}"#) == "\"\",1\n")
        #expect(try csv(#"{"title":[{"a":1},{}],"x":1}"#) == "\"{\"\"a\"\":1}\",1\n")
    }

    @Test func nulIsReplacedInCSVAndTSV() throws {
        let json = #"{"title":"a\u0000b","x":["c\u0000","d"]}"#
        #expect(try csv(json) == "a\u{FFFD}b,c\u{FFFD}|d\n")
        // PostgreSQL's text format reads \0 as a NUL byte, which no text column holds.
        #expect(try csv(json, dialect: .tsv) == "a\u{FFFD}b\tc\u{FFFD}|d\n")
        // Inside a complex value the cell shows JSON: NUL stays the escape \u0000.
        #expect(try csv(#"{"title":{"k":"\u0000"}}"#) == "\"{\"\"k\"\":\"\"\\u0000\"\"}\",\n")
    }

    /// Arrays over 4 KiB take one hit for all their elements: the cell must not change.
    @Test func largeArraysJoinLikeSmallOnes() throws {
        let pieces = [#""a\u0041""#, "null", "{}", #"{"value":"v"}"#, #"{"value":null}"#, "[]", "7", #""x,y""#, "true"]
        func cell(_ count: Int) throws -> String {
            let array = "[" + (0..<count).map { pieces[$0 % pieces.count] }.joined(separator: ", ") + "]"
            return try csv(#"{"title":\#(array),"x":1}"#)
        }
        let small = try cell(9)
        #expect(small == "\"aA|v|7|x,y|true\",1\n")
        let large = try cell(900)
        #expect(large == "\"" + Array(repeating: "aA|v|7|x,y|true", count: 100).joined(separator: "|") + "\",1\n")
        let empties = "[" + Array(repeating: "null, {}, []", count: 600).joined(separator: ", ") + "]"
        #expect(try csv(#"{"title":\#(empties),"x":1}"#) == ",1\n")
    }
}
