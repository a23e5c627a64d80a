import Testing
@testable import SCIMStream

/// `--columns-preset` and `PATH{a:b}` pair columns (issue 16).
@Suite struct ColumnPresetTests {
    let genesys = SCIMSchema.genesysUser

    @Test func pairColumnsWriteEachElementAsFirstColonSecond() throws {
        let user =
            #"{"id":"1","\#(genesys)":{"routingSkills":[{"name":"Billing","proficiency":2.0},{"name":"VIP"},{"proficiency":4},{}],"externalIds":[{"authority":"hris","value":"9"}]}}"#
        let columns = try CSVColumn.parseList(
            "id,skills=\(genesys):routingSkills{name:proficiency},\(genesys):externalIds{authority:value}")
        #expect(columns[1].pair == CSVColumn.Pair("name", "proficiency"))
        #expect(columns[2].header == "\(genesys):externalIds")
        let (text, _) = try write(user, CSVWriter(options: .init(columns: columns, header: false)))
        // A part the element lacks is left empty; an empty element is no value.
        #expect(text == "1,Billing:2.0|VIP:|:4,hris:9\n")
        // Without the pair the same path shows each element's value (or compact JSON).
        let plain = try CSVColumn.parseList("\(genesys):externalIds")
        #expect(try write(user, CSVWriter(options: .init(columns: plain, header: false))).0 == "9\n")
    }

    @Test func aBraceInsideAFilterIsNoPair() throws {
        let column = try CSVColumn(spec: #"emails[value eq "{a:b}"].value"#)
        #expect(column.pair == nil)
        #expect(column.path.subAttribute == "value")
        #expect(throws: CSVColumnError.self) { try CSVColumn(spec: "roles{a:b:c}") }
    }

    @Test func everyPresetParsesAndHasDistinctHeaders() {
        for preset in CSVColumnPreset.allCases {
            let headers = preset.columns.map(\.header)
            #expect(Set(headers).count == headers.count, "\(preset)")
            #expect(Set(headers.map(HeaderCase.snake.apply)).count == headers.count, "\(preset): snake_case collides")
        }
        #expect(CSVColumn.defaults == CSVColumnPreset.genesys.columns)
        #expect(CSVColumnPreset.minimal.columns.map(\.header) == ["id", "userName", "displayName", "active", "primaryEmail", "externalId"])
    }

    @Test func theGenesysPresetCoversWhatAnExportCarries() throws {
        let user = """
            {"id":"u","phoneNumbers":[{"value":"3","type":"work3"},{"value":"4","type":"work4"},{"value":"o","type":"other"}],\
            "emails":[{"value":"h@x","type":"home"},{"value":"o@x","type":"other"}],"groups":[{"value":"g1","display":"G"}],\
            "\(SCIMSchema.enterpriseUser)":{"costCenter":"cc","organization":"org","dateHire":"2020-01-02"},\
            "\(genesys)":{"routingLanguages":[{"name":"Español","proficiency":4}]},\
            "meta":{"version":"W/\\"7\\"","location":"https://x/Users/u"}}
            """
        let (text, _) = try write(user, CSVWriter())
        let rows = readCSV(text)
        let cell = Dictionary(uniqueKeysWithValues: zip(rows[0].map { $0 ?? "" }, rows[1]))
        #expect(cell["work3Phone"] == "3")
        #expect(cell["work4Phone"] == "4")
        #expect(cell["otherPhone"] == "o")
        #expect(cell["homeEmail"] == "h@x")
        #expect(cell["otherEmail"] == "o@x")
        #expect(cell["groupIds"] == "g1")
        #expect(cell["costCenter"] == "cc")
        #expect(cell["organization"] == "org")
        #expect(cell["dateHire"] == "2020-01-02")
        #expect(cell["routingLanguages"] == "Español:4")
        #expect(cell["version"] == #"W/"7""#)
        #expect(cell["location"] == "https://x/Users/u")
    }

    @Test func theRFCPresetReadsNameAddressAndManager() throws {
        let user = """
            {"id":"u","name":{"givenName":"Ada","familyName":"Lovelace"},"addresses":[{"type":"work","locality":"London"}],\
            "phoneNumbers":[{"value":"f","type":"fax"}],"\(SCIMSchema.enterpriseUser)":{"manager":{"value":"m","displayName":"Boss"}}}
            """
        let (text, _) = try write(user, CSVWriter(options: .init(columns: CSVColumnPreset.rfc.columns)))
        let rows = readCSV(text)
        let cell = Dictionary(uniqueKeysWithValues: zip(rows[0].map { $0 ?? "" }, rows[1]))
        #expect(cell["givenName"] == "Ada")
        #expect(cell["familyName"] == "Lovelace")
        #expect(cell["workLocality"] == "London")
        #expect(cell["faxPhone"] == "f")
        #expect(cell["managerId"] == "m")
        #expect(cell["managerName"] == "Boss")
    }
}
