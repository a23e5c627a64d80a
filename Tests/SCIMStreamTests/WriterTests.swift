import Foundation
import Testing
import SCIMTestSupport
@testable import SCIMStream
import SCIMSampleData

/// An RFC 4180 reader written independently of the writer: a character state machine.
func readCSV(_ text: String, delimiter: Character = ",") -> [[String?]] {
    var rows: [[String?]] = []
    var row: [String?] = []
    var field = ""
    var quoted = false
    var wasQuoted = false
    var chars = Array(text)
    if chars.last != "\n" && chars.last != "\r\n" { chars.append("\n") }
    var i = 0
    while i < chars.count {
        let c = chars[i]
        if quoted {
            if c == "\"" {
                if i + 1 < chars.count && chars[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false }
            } else {
                field.append(c)
            }
        } else if c == "\"" {
            quoted = true
            wasQuoted = true
        } else if c == delimiter {
            row.append(field.isEmpty && !wasQuoted ? nil : field)
            field = ""; wasQuoted = false
        } else if c == "\n" || c == "\r\n" {
            row.append(field.isEmpty && !wasQuoted ? nil : field)
            rows.append(row)
            row = []; field = ""; wasQuoted = false
        } else {
            field.append(c)
        }
        i += 1
    }
    return rows
}

/// Runs `records` (NDJSON text) through a pipeline with `writer`; returns the output text.
func write(_ ndjson: String, _ writer: any RecordWriter, stages: [any RecordStage] = []) throws -> (String, RunStatistics) {
    let pipeline = Pipeline(stages: stages, writer: writer)
    let sink = MemorySink()
    let out = OutputBuffer(sink: sink)
    try pipeline.beginForTests(out)
    var reader = UserRecordReader(format: .auto)
    let bytes = Array(ndjson.utf8)
    try bytes.withUnsafeBytes { chunk in
        try reader.consume(unsafeBytes: chunk) { record in try pipeline.process(&record, to: out) }
        try reader.finish { record in try pipeline.process(&record, to: out) }
    }
    try pipeline.endForTests(out)
    try out.flush()
    return (sink.text, pipeline.statistics)
}

extension Pipeline {
    func beginForTests(_ out: OutputBuffer) throws { try writer.begin(to: out) }
    func endForTests(_ out: OutputBuffer) throws { try writer.end(to: out) }
}

@Suite struct CSVWriterTests {
    static let tricky = #"""
        {"id":"1","userName":"quote\"inside","displayName":"comma, inside","title":"line\nbreak\r\nand CR","externalId":"tab\there","emails":[{"value":"Zoë@例え.jp","type":"work","primary":true}],"roles":["=cmd|' /C calc'!A0",{"value":"+plus"}],"active":true}
        {"id":"2","userName":"","title":null,"active":false,"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"R&D","manager":{"value":"m-1"}},"meta":{"created":"2024-01-01T00:00:00Z"}}
        {"id":"3","userName":"-minus","displayName":"@at","groups":[{"display":"A"},{"display":"B"}],"x":12.50}
        """#

    @Test func csvRoundTripsThroughAnIndependentReader() throws {
        let columns = try CSVColumn.parseList(
            #"id,userName,displayName,title,externalId,email=emails[type eq "work"].value,roles,active,department=urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department,groups=groups.display,x"#
        )
        let (text, _) = try write(Self.tricky, CSVWriter(options: .init(columns: columns)))
        let rows = readCSV(text)
        #expect(rows.count == 4)
        #expect(rows[0] == ["id", "userName", "displayName", "title", "externalId", "email", "roles", "active", "department", "groups", "x"])
        #expect(
            rows[1] == [
                "1", "quote\"inside", "comma, inside", "line\nbreak\r\nand CR", "tab\there", "Zoë@例え.jp",
                "=cmd|' /C calc'!A0|+plus", "true", nil, nil, nil
            ])
        // Empty string is "" (not NULL); null and absent are empty, unquoted.
        #expect(rows[2] == ["2", "", nil, nil, nil, nil, nil, "false", "R&D", nil, nil])
        #expect(text.contains("\n2,\"\",,,"))
        #expect(rows[3] == ["3", "-minus", "@at", nil, nil, nil, nil, nil, nil, "A|B", "12.50"])
    }

    @Test func nestedLastMemberWinsEscapedKeysAndMixedColumnsOfOneAttribute() throws {
        let input = #"""
            {"u\u0073erName":"esc","emails":[{"value":"b@x","type":"work"},{"value":"c@x","type":"W\u006FRK"},{"value":"k@x","type":"\u212Aelvin"}],"roles":[{"value":"r1"},"r2",null,{"display":"d"}]}
            {"EMAILS":{"VALUE":"single@x","TYPE":"Work"},"meta":{"created":"c1","created":"c2"}}
            """#
        let columns = try CSVColumn.parseList(
            #"userName,all=emails,values=emails.value,work=emails[type eq "work"].value,kelvin=emails[type eq "kelvin"].value,roles,created=meta.created"#
        )
        let (text, _) = try write(input, CSVWriter(options: .init(columns: columns)))
        let rows = readCSV(text)
        // `\u212A` (Kelvin sign) lower-cases to `k`; inside `meta` the last `created` counts.
        #expect(rows[1] == ["esc", "b@x|c@x|k@x", "b@x|c@x|k@x", "b@x|c@x", "k@x", #"r1|r2|{"display":"d"}"#, nil])
        #expect(rows[2] == [nil, "single@x", "single@x", "single@x", nil, nil, "c2"])
    }

    /// A filtered column gives an element's value exactly when the filter language matches
    /// that element: whatever shape the filtered attribute has, and however the columns group.
    @Test func filteredColumnsAgreeWithTheFilterLanguage() throws {
        let types = [#""work""#, #""WORK""#, #"["home","work"]"#, #"{"value":"work"}"#, "null", #""home""#, #""w\u006Frk""#, "7", "true"]
        var lines = types.map {
            #"{"emails":[{"type":\#($0),"value":"v"}],"meta":{"lastModified":"2024-01-01T01:00:00+01:00","version":"v"},"x":[{"primary":\#($0 == "true" ? "true" : "false"),"value":"v"}]}"#
        }
        lines.append(#"{"meta":{"lastModified":"2024-01-01T00:00:00Z","version":"v"}}"#)
        let filters = [#"emails[type eq "work"]"#, #"meta[lastModified eq "2024-01-01T00:00:00Z"]"#, "x[primary eq true]"]
        let subs = ["value", "version", "value"]
        for withWholeColumn in [false, true] {
            var spec = filters.indices.map { "c\($0)=\(filters[$0]).\(subs[$0])" }.joined(separator: ",")
            if withWholeColumn { spec += ",emails,meta,x" }
            let (text, _) = try write(lines.joined(separator: "\n"), CSVWriter(options: .init(columns: try CSVColumn.parseList(spec))))
            let rows = readCSV(text).dropFirst()
            for (line, row) in zip(lines, rows) {
                let record = try UserRecord(json: Array(line.utf8))
                for (k, filter) in filters.enumerated() {
                    let expected = try CompiledFilter(parsing: filter).matches(record) ? "v" : nil
                    #expect(row[k] == expected, "\(filter) on \(line), whole column: \(withWholeColumn)")
                }
            }
        }
    }

    @Test func spreadsheetSafePrefixesFormulaCells() throws {
        let columns = try CSVColumn.parseList("userName,displayName,roles")
        let (text, _) = try write(Self.tricky, CSVWriter(options: .init(columns: columns, spreadsheetSafe: true)))
        let rows = readCSV(text)
        #expect(rows[1][2] == "'=cmd|' /C calc'!A0|+plus")
        #expect(rows[3][0] == "'-minus" && rows[3][1] == "'@at")
        #expect(rows[1][0] == "quote\"inside")
    }

    @Test func tsvEscapesAndCRLF() throws {
        let columns = try CSVColumn.parseList("userName,title,externalId")
        let (text, _) = try write(Self.tricky, CSVWriter(options: .init(dialect: .tsv, columns: columns, header: false, crlf: true)))
        // Record 2: userName "" is an empty field, title null and externalId absent are \N
        // (PostgreSQL's text-format NULL, issue 16).
        #expect(text == "quote\"inside\tline\\nbreak\\r\\nand CR\ttab\\there\r\n\t\\N\t\\N\r\n-minus\t\\N\t\\N\r\n")
    }

    /// Issue 16: TSV wrote absent, null and "" alike, so PostgreSQL's text COPY loaded no NULLs.
    @Test func nullTextKeepsNullApartFromTheEmptyString() throws {
        let input = #"{"userName":"","title":null}"# + "\n" + #"{"userName":"NULL"}"#
        let columns = try CSVColumn.parseList("userName,title")
        var csv = CSVWriter.Options(columns: columns, header: false)
        #expect(try write(input, CSVWriter(options: csv)).0 == "\"\",\nNULL,\n")
        csv.nullText = "NULL"
        // A value spelt like the NULL text is quoted.
        #expect(try write(input, CSVWriter(options: csv)).0 == "\"\",NULL\n\"NULL\",NULL\n")
        var tsv = CSVWriter.Options(dialect: .tsv, columns: columns, header: false)
        #expect(try write(input, CSVWriter(options: tsv)).0 == "\t\\N\nNULL\t\\N\n")
        tsv.nullText = ""
        #expect(try write(input, CSVWriter(options: tsv)).0 == "\t\nNULL\t\n")
    }

    @Test func headerCaseForSQLWarehouses() throws {
        let cases: [(String, String, String)] = [
            ("userName", "user_name", "userName"), ("managerId", "manager_id", "managerId"),
            ("work2Phone", "work2_phone", "work2Phone"), ("externalID", "external_id", "externalId"),
            ("HTTPStatus", "http_status", "httpStatus"), ("user_name", "user_name", "userName"),
            ("emails[type eq \"work\"].value", "emails_type_eq_work_value", "emailsTypeEqWorkValue")
        ]
        for (name, snake, camel) in cases {
            #expect(HeaderCase.snake.apply(name) == snake)
            #expect(HeaderCase.camel.apply(name) == camel)
            #expect(HeaderCase.asIs.apply(name) == name)
        }
        var options = CSVWriter.Options(columns: try CSVColumn.parseList("userName,managerId=id"))
        options.headerCase = .snake
        #expect(try write(#"{"userName":"a","id":"1"}"#, CSVWriter(options: options)).0 == "user_name,manager_id\na,1\n")
    }

    @Test func defaultColumnsCoverTheModel() throws {
        let (text, _) = try write(SampleUsers.ndjson(count: 50), CSVWriter())
        let rows = readCSV(text)
        #expect(rows.count == 51)
        #expect(rows[0].count == CSVColumn.defaults.count)
        #expect(rows.allSatisfy { $0.count == CSVColumn.defaults.count })
        let header = rows[0].compactMap { $0 }
        for name in ["id", "userName", "primaryEmail", "workPhone", "work2Phone", "roles", "managerId", "lastModified"] {
            #expect(header.contains(name))
        }
        // Role names come out whether roles are strings or {"value": …} objects.
        let roleColumn = header.firstIndex(of: "roles")!
        #expect(rows.dropFirst().allSatisfy { !($0[roleColumn] ?? "").isEmpty && !($0[roleColumn] ?? "").contains("{") })
    }

    @Test func columnsFileAndErrors() throws {
        let columns = try CSVColumn.parseFile("# warehouse columns\nid\n\nmail = emails[type eq \"work\"].value\n")
        #expect(columns.map(\.header) == ["id", "mail"])
        #expect(throws: CSVColumnError.self) { try CSVColumn.parseList("id,emails[type eq]") }
    }
}

@Suite struct BulkWriterTests {
    struct Document {
        let bytes: Int
        let json: [String: Any]
        var operations: [[String: Any]] { json["Operations"] as? [[String: Any]] ?? [] }
    }

    func documents(_ text: String) throws -> [Document] {
        try text.split(separator: "\n").map {
            Document(bytes: $0.utf8.count + 1, json: try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]))
        }
    }

    @Test func limitsHoldForManySettingsAndOperationsAreTheInputInOrder() throws {
        let input = SampleUsers.ndjson(count: 120, seed: 3)
        let records = input.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! NSDictionary }
        let expected = records.map { r -> NSDictionary in
            let m = r.mutableCopy() as! NSMutableDictionary
            m.removeObject(forKey: "password")
            return m
        }
        var generator = SystemRandomNumberGenerator()
        var settings: [(Int, Int)] = [(1, 1 << 20), (1000, 1 << 20), (7, 6000), (50, 3000), (3, 1_000_000)]
        for _ in 0..<12 { settings.append((Int.random(in: 1...40, using: &generator), Int.random(in: 2600...40_000, using: &generator))) }
        for (maxOps, maxBytes) in settings {
            let (text, stats) = try write(input, BulkWriter(options: .init(maxOperations: maxOps, maxBytes: maxBytes)))
            let docs = try documents(text)
            var all: [NSDictionary] = []
            for doc in docs {
                #expect(doc.bytes <= maxBytes, "document of \(doc.bytes) bytes over \(maxBytes)")
                #expect(doc.operations.count <= maxOps && !doc.operations.isEmpty)
                #expect(doc.json["schemas"] as? [String] == ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"])
                let ids = doc.operations.compactMap { $0["bulkId"] as? String }
                #expect(Set(ids).count == doc.operations.count, "bulkIds unique in a document")
                for op in doc.operations {
                    #expect(op["method"] as? String == "POST" && op["path"] as? String == "/Users")
                    all.append(try #require(op["data"] as? NSDictionary))
                }
            }
            #expect(all == expected, "limits \(maxOps)/\(maxBytes)")
            #expect(stats.recordsWritten == 120 && stats.recordsRejected == 0)
        }
    }

    @Test func aUserTooLargeForAnyDocumentIsRefused() throws {
        var writer = BulkWriter(options: .init(maxBytes: 400))
        let out = OutputBuffer(sink: MemorySink())
        let small = try UserRecord(json: Array(#"{"userName":"a"}"#.utf8))
        let big = try UserRecord(json: Array(#"{"userName":"\#(String(repeating: "b", count: 500))"}"#.utf8))
        try writer.write(small, to: out)
        #expect(throws: StageRejection.self) { try writer.write(big, to: out) }
        try writer.write(small, to: out)
        try writer.end(to: out)
        #expect(writer.documentCount == 1)
    }

    @Test func putPatchDeleteNeedAnID() throws {
        let input = #"{"id":"a/b c","userName":"x"}"#
        let (put, _) = try write(input, BulkWriter(options: .init(method: .put)))
        let op = try documents(put)[0].operations[0]
        #expect(op["path"] as? String == "/Users/a%2Fb%20c")
        #expect((op["data"] as? [String: Any])?["userName"] as? String == "x")
        let (patch, _) = try write(input, BulkWriter(options: .init(method: .patch, failOnErrors: 2)))
        let doc = try documents(patch)[0]
        #expect(doc.json["failOnErrors"] as? Int == 2)
        let data = try #require(doc.operations[0]["data"] as? [String: Any])
        #expect(data["schemas"] as? [String] == ["urn:ietf:params:scim:api:messages:2.0:PatchOp"])
        let ops = try #require(data["Operations"] as? [[String: Any]])
        #expect(ops.count == 1 && ops[0]["op"] as? String == "replace")
        let (delete, _) = try write(input, BulkWriter(options: .init(method: .delete)))
        let del = try documents(delete)[0].operations[0]
        #expect(del["data"] == nil && del["method"] as? String == "DELETE")
        var writer = BulkWriter(options: .init(method: .put))
        #expect(throws: StageRejection.self) {
            try writer.write(try UserRecord(json: Array(#"{"userName":"no id"}"#.utf8)), to: OutputBuffer(sink: MemorySink()))
        }
    }

    /// Issue 14: PUT and PATCH were refused by scim2-server for every exported user (`meta`,
    /// `groups` in the value), and overwrote concurrent changes (no `version`).
    @Test func putAndPatchCarryNoReadOnlyMembersButTheVersion() throws {
        let input =
            #"{"id":"u1","userName":"x","meta":{"resourceType":"User","version":"W/\"3\""},"groups":[{"value":"g"}],"title":"t"}"#
        for method in [BulkWriter.Method.put, .patch] {
            let (text, _) = try write(input, BulkWriter(options: .init(method: method)))
            let op = try documents(text)[0].operations[0]
            #expect(op["version"] as? String == #"W/"3""#)
            var value = try #require(op["data"] as? [String: Any])
            if method == .patch {
                value = try #require((value["Operations"] as? [[String: Any]])?.first?["value"] as? [String: Any])
            }
            #expect(Set(value.keys) == ["userName", "title"])
            var options = BulkWriter.Options(method: method)
            options.sendsVersion = false
            let (unversioned, _) = try write(input, BulkWriter(options: options))
            #expect(try documents(unversioned)[0].operations[0]["version"] == nil)
        }
        // A POST carries the record as it is (--for-create drops what a create may not carry).
        let (post, _) = try write(input, BulkWriter(options: .init(method: .post)))
        let data = try #require(try documents(post)[0].operations[0]["data"] as? [String: Any])
        #expect(data["meta"] != nil && data["groups"] != nil)
    }

    @Test func bulkIDsFallBackAndStayUnique() throws {
        let input = #"{"externalId":"e1"}{"externalId":"e1"}{"id":"i1"}{"userName":"none"}"#
        let (text, _) = try write(input, BulkWriter())
        let ids = try documents(text)[0].operations.compactMap { $0["bulkId"] as? String }
        #expect(ids == ["e1", "e1#2", "i1", "4"])
    }

    @Test func bulkIDsStayUniqueInTheDocumentAUserOpens() throws {
        // The third user opens the second document; the fourth repeats its externalId there.
        let input = #"{"externalId":"x"}{"externalId":"y"}{"externalId":"z"}{"externalId":"z"}{"externalId":"x"}"#
        let (text, _) = try write(input, BulkWriter(options: .init(maxOperations: 3)))
        let ids = try documents(text).map { $0.operations.compactMap { $0["bulkId"] as? String } }
        #expect(ids == [["x", "y", "z"], ["z", "x"]])
        let (split, _) = try write(input, BulkWriter(options: .init(maxOperations: 2)))
        #expect(try documents(split).map { $0.operations.compactMap { $0["bulkId"] as? String } } == [["x", "y"], ["z", "z#2"], ["x"]])
    }

    @Test func limitsFromServiceProviderConfig() throws {
        let url = Fixtures.root.appendingPathComponent("scim/scim2-models__rfc7643-8.5-service_provider_configuration.json")
        let limits = try BulkLimits(serviceProviderConfig: Fixtures.bytes(url))
        #expect(limits.maxOperations == 1000 && limits.maxPayloadSize == 1_048_576)
        #expect(throws: BulkLimitsError.unsupported) {
            try BulkLimits(serviceProviderConfig: Array(#"{"bulk":{"supported":false,"maxOperations":1,"maxPayloadSize":1}}"#.utf8))
        }
    }
}

@Suite struct ListResponseWriterTests {
    @Test func roundTrip() throws {
        let pages = SampleUsers.listResponsePages(count: 40, pageSize: 15)
        let (list, stats) = try write(pages, ListResponseWriter(), stages: [])
        #expect(stats.recordsWritten == 40)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(list.utf8)) as? [String: Any])
        #expect(document["totalResults"] as? Int == 40 && (document["Resources"] as? [Any])?.count == 40)
        let (ndjsonFromList, _) = try write(list, NDJSONWriter())
        let (ndjsonDirect, _) = try write(pages, NDJSONWriter())
        #expect(ndjsonFromList == ndjsonDirect)
        let (empty, _) = try write("", ListResponseWriter())
        #expect(
            empty
                == #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"Resources":[],"totalResults":0,"startIndex":1,"itemsPerPage":0}"#
                + "\n")
    }
}

/// Issue 16: `--emit-ddl` prints the table for the current column spec, typed from the schema.
@Suite struct TableDefinitionTests {
    @Test func typesComeFromTheSchemaAndJoinedValuesAreText() throws {
        let columns = try CSVColumn.parseList(
            #"userName,active,created=meta.created,workEmail=emails[type eq "work"].value,roles,Odd Name=title"#)
        #expect(
            TableDefinition.createTable(named: "scim_users", columns: columns, headerCase: .snake, dialect: .postgres) == """
                CREATE TABLE "scim_users" (
                    "user_name" text,
                    "active" boolean,
                    "created" timestamptz,
                    "work_email" text,
                    "roles" text,
                    "odd_name" text
                );

                """)
        let duck = TableDefinition.createTable(named: "u", columns: columns, dialect: .duckdb)
        #expect(duck.contains(#""userName" VARCHAR"#) && duck.contains(#""active" BOOLEAN"#) && duck.contains(#""created" TIMESTAMPTZ"#))
        #expect(duck.contains(#""Odd Name" VARCHAR"#))
        let bigquery = TableDefinition.createTable(named: "u", columns: columns, dialect: .bigquery)
        #expect(bigquery.contains("`userName` STRING") && bigquery.contains("`active` BOOL") && bigquery.contains("`created` TIMESTAMP"))
        #expect(bigquery.contains("`Odd_Name` STRING"))
    }

    /// Defects a hostile review found (issue 16).
    @Test func reservedWordsAreQuotedAndFilteredMultiValuedPathsAreText() throws {
        let columns = try CSVColumn.parseList(
            "user=userName,group=groups,order=title,meta.created,"
                + #"wp=emails[type eq "work"].primary,p=urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User:routingSkills[name eq "A"].proficiency"#
        )
        let sql = TableDefinition.createTable(named: "t", columns: columns, dialect: .postgres)
        #expect(sql.contains(#""user" text"#) && sql.contains(#""group" text"#) && sql.contains(#""order" text"#))
        // A filter on a multi-valued attribute may select several elements: the cell joins them.
        #expect(sql.contains(#""wp" text"#) && sql.contains(#""p" text"#))
        #expect(TableDefinition.createTable(named: "t", columns: columns, dialect: .bigquery).contains("`meta_created` TIMESTAMP"))
    }
}
