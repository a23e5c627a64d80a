import Testing
import SCIMTestSupport
@testable import SCIMStream

@Suite struct FilterTests {
    static let alice = try! UserRecord(
        json: Array(
            #"""
            {"id":"AbC-1","externalId":"EXT-9","UserName":"Alice.Smith@Example.COM","displayName":"Nguyễn Ålice",
             "active":true,"title":"","nickName":null,"groups":[],"roles":["admin",{"value":"Agent"}],
             "Emails":[{"Value":"alice@home.example","type":"home"},{"value":"ALICE@example.com","type":"Work","primary":true}],
             "photos":[{"value":"https://Photos.example.com/a.jpg"}],
             "meta":{"created":"2024-03-01T12:00:00.000Z","lastModified":"2026-05-13T06:42:34+02:00","version":"W/\"3\""},
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"R&D","manager":{"value":"M-1"}},
             "score":7.5,"esc":"caf\u00e9 \"quoted\""}
            """#.utf8))

    func matches(_ filter: String, _ record: UserRecord = alice) throws -> Bool {
        try CompiledFilter(parsing: filter).matches(record)
    }

    /// Issue 14: a literal of a type the attribute never has is an error with its column (as
    /// servers answer invalidFilter), and so is a dateTime literal without its time zone.
    @Test(arguments: [
        (#"userName eq 5"#, 13), (#"active eq "true""#, 11), ("emails[type eq 1]", 16),
        (#"meta.lastModified gt "2026-05-13T04:00:00""#, 22), (#"meta.created lt "yesterday""#, 17)
    ])
    func literalsOfTheWrongTypeAreErrors(filter: String, column: Int) {
        #expect(throws: PathSyntaxError.self) { try CompiledFilter(parsing: filter) }
        do {
            _ = try CompiledFilter(parsing: filter)
        } catch {
            #expect(error.column == column, "\(filter)")
        }
    }

    /// Issue 14: a dateTime that is not an xsd:dateTime never compares as one (no fallback to text).
    @Test func anInvalidDateTimeValueMatchesNoOrdering() throws {
        let record = try UserRecord(json: Array(#"{"meta":{"lastModified":"not a date"}}"#.utf8))
        for op in ["gt", "ge", "lt", "le", "eq"] {
            #expect(try !CompiledFilter(parsing: #"meta.lastModified \#(op) "2026-01-01T00:00:00Z""#).matches(record), "\(op)")
        }
        #expect(try CompiledFilter(parsing: #"meta.lastModified ne "2026-01-01T00:00:00Z""#).matches(record))
    }

    @Test(arguments: [
        // eq / ne with caseExact
        (#"userName eq "alice.smith@example.com""#, true),  // caseExact false, key spelled UserName
        (#"USERNAME EQ "ALICE.SMITH@EXAMPLE.COM""#, true),  // names and operators case-insensitive
        (#"id eq "abc-1""#, false),  // id is caseExact
        (#"id eq "AbC-1""#, true),
        (#"externalId eq "ext-9""#, false),
        (#"externalId ne "ext-9""#, true),
        (#"meta.version eq "W/\"3\"""#, true),
        (#"meta.version eq "w/\"3\"""#, false),
        (#"photos.value eq "https://photos.example.com/a.jpg""#, false),  // photos.value caseExact
        (#"displayName eq "NGUYỄN ÅLICE""#, true),  // Unicode case-insensitive
        (#"displayName sw "nguyễn""#, true),
        (#"esc eq "café \"quoted\"""#, true),  // escapes decoded on both sides
        (#"unknownAttr eq "x""#, false),
        // co / sw / ew
        (#"userName co "SMITH""#, true),
        (#"userName sw "alice.""#, true),
        (#"userName ew "@example.com""#, true),
        (#"userName ew "@example.org""#, false),
        (#"title co """#, true),
        // multi-valued: any element
        (#"emails.value ew "@example.com""#, true),
        (#"emails.type eq "work""#, true),
        (#"emails co "home.example""#, true),  // complex value compared by its value
        (#"roles eq "agent""#, true),  // roles as strings or {"value": …}
        (#"roles eq "ADMIN""#, true),
        // value paths: one and the same element
        (#"emails[type eq "work" and value ew "@example.com"]"#, true),
        (#"emails[type eq "home" and value ew "@example.com"]"#, false),
        (#"emails[type eq "work"].value ew "@example.com""#, true),
        (#"emails[type eq "home"].value ew "@example.com""#, false),
        (#"emails[primary eq true].value eq "alice@example.com""#, true),
        (#"emails[not (type eq "work")] pr"#, true),
        (#"emails[type eq "other"]"#, false),
        // pr
        ("title pr", false),  // empty string
        ("nickName pr", false),  // null
        ("groups pr", false),  // empty array
        ("roles pr", true),
        ("missing pr", false),
        ("not (title pr)", true),
        // eq null: unassigned, null or [] (RFC 7643 §2.5); "" is a value (issue 14)
        ("nickName eq null", true),
        ("title eq null", false),
        ("title ne null", true),
        ("groups eq null", true),
        ("missing eq null", true),
        ("userName eq null", false),
        ("userName ne null", true),
        // values of primitive arrays are reached by value paths and .value (issue 14)
        (#"roles[value eq "admin"]"#, true),
        (#"roles[value eq "agent"]"#, true),  // the object element, case-insensitive
        (#"roles.value eq "ADMIN""#, true),
        (#"roles[value eq "guest"]"#, false),
        // booleans
        ("active eq true", true),
        ("active eq false", false),
        ("active ne false", true),
        // ordering: dateTimes chronologically, numbers numerically, strings by code point
        (#"meta.lastModified gt "2026-05-13T04:00:00Z""#, true),  // 06:42+02:00 is 04:42Z
        (#"meta.lastModified lt "2026-05-13T04:42:35Z""#, true),
        (#"meta.lastModified eq "2026-05-13T04:42:34Z""#, true),
        (#"meta.created ge "2024-03-01T12:00:00Z""#, true),
        ("score gt 7", true),
        ("score lt 7.49", false),
        ("score ge 7.5e0", true),
        (#"userName gt "alice""#, true),
        (#"userName lt "ALICE.SMITH@EXAMPLE.COMA""#, true),
        // extension attributes by full URN
        (#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "r&d""#, true),
        (#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "M-1""#, true),
        // manager.value is an id: caseExact like every id (issue 14's decision)
        (#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "m-1""#, false),
        (#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "Alice""#, true),
        // logic and precedence
        (#"active eq false or userName sw "a" and title eq "x""#, false),
        (#"(active eq false or userName sw "a") and not (title eq "x")"#, true),
        (#"not (id eq "AbC-1")"#, false)
    ])
    func semantics(filter: String, expected: Bool) throws {
        #expect(try matches(filter) == expected, "\(filter)")
    }

    @Test(arguments: [
        (#"userName eq alice"#, 13, "expected a value"),
        (#"userName zz "x""#, 10, "unknown operator 'zz'"),
        (#"userName"#, 9, "expected an operator"),
        (#"(userName pr"#, 13, "expected ')'"),
        (#"emails[type eq "work""#, 22, "expected ']'"),
        (#"active gt true"#, 8, "'gt' does not apply to boolean attribute 'active'"),
        (#"emails[primary lt true]"#, 16, "does not apply to boolean"),
        (#"userName eq "x" junk"#, 17, "unexpected 'j'"),
        (#"a.b.c eq "x""#, 4, "more than one '.'"),
        ("", 1, "empty filter"),
        (#"displayName eq "Zoë" and x eq ‘y’"#, 31, "expected a value")
    ])
    func syntaxErrorsPointAtTheColumn(filter: String, column: Int, message: String) {
        do {
            _ = try FilterExpression(parsing: filter)
            Issue.record("parsed: \(filter)")
        } catch {
            #expect(error.column == column, "\(filter): \(error)")
            #expect(error.message.contains(message), "\(filter): \(error.message)")
        }
    }

    @Test func pathsSplitTheLongestSchemaURN() throws {
        let p = try AttributePath(parsing: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value")
        #expect(p.schema == SCIMSchema.enterpriseUser && p.name == "manager" && p.subAttribute == "value")
        let custom = try AttributePath(parsing: "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User:tag")
        #expect(custom.schema == "urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User" && custom.name == "tag")
        let whole = try AttributePath(parsing: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
        #expect(whole.schema == nil && whole.name == SCIMSchema.enterpriseUser)
        let core = try AttributePath(parsing: "urn:ietf:params:scim:schemas:core:2.0:User:name.givenName")
        #expect(core.schema == nil && core.name == "name" && core.subAttribute == "givenName")
        let vp = try AttributePath(parsing: #"emails[type eq "work"].value"#)
        #expect(vp.name == "emails" && vp.subAttribute == "value" && vp.filter != nil)
        #expect(vp.description == #"emails[type eq "work"].value"#)
        let genesys = try AttributePath(
            parsing: #"urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User:externalIds[authority sw "x-pc:scimv2:v1"]"#)
        #expect(genesys.schema == SCIMSchema.genesysUser && genesys.name == "externalIds")
    }

    @Test func nonASCIIFastPathEdges() throws {
        let record = try UserRecord(json: Array(#"{"userName":"josé.tabname2@CONTOSO.com","x":"K"}"#.utf8))
        #expect(try matches(#"userName ew "@contoso.com""#, record))
        #expect(try matches(#"userName sw "JOSÉ""#, record))
        #expect(try matches(#"userName co "É.TAB""#, record))
        #expect(try matches(#"userName eq "JOSÉ.TABNAME2@contoso.COM""#, record))
        // U+212A KELVIN SIGN lower-cases to ASCII 'k': the slow path handles it.
        #expect(try matches(#"x eq "k""#, record))
    }
}

@Suite struct FilterRoundTripTests {
    /// Found by the filter fuzzer: `a and (b and c)` printed without parentheses parsed back
    /// as `(a and b) and c`. The canonical text must parse to the same tree.
    @Test func canonicalTextParsesToTheSameTree() throws {
        var checked = 0
        let extra = [
            #"userType eq "Employee" or emails[type eq "work" and (primary eq false and value co "@example.com")].display co "Work""#,
            #"a pr or (b pr or c pr)"#, #"(a pr and b pr) and (c pr and d pr)"#, #"not (a pr) and not (b pr or c pr)"#
        ]
        for text in FilterCorpusTests.cases.map(\.filter) + extra {
            guard let filter = try? FilterExpression(parsing: text) else { continue }
            #expect(try FilterExpression(parsing: filter.description) == filter, "\(text) → \(filter)")
            checked += 1
        }
        #expect(checked > 100)
    }
}

@Suite struct FilterFuzzRegressionTests {
    /// Found by the filter fuzzer: nested `[not …` made the parser backtrack exponentially.
    @Test func nestedNotDoesNotBacktrackExponentially() throws {
        let url = Fixtures.root.appendingPathComponent("fuzz/filter-timeout-nested-not.txt")
        let found = try String(contentsOf: url, encoding: .utf8)
        let nested = String(repeating: "emails[not ", count: 200) + "a pr" + String(repeating: "]", count: 200)
        for text in [found, nested] {
            var parser = FilterParser(text)
            _ = try? parser.parseWholeFilter()
            // Each term is parsed once: the work is linear (it was exponential, > 10 s for 354 bytes).
            #expect(parser.termsParsed <= text.utf8.count, "\(parser.termsParsed) terms for \(text.utf8.count) bytes")
        }
    }

    @Test func notStillMeansWhatItMeant() throws {
        #expect(try FilterExpression(parsing: "not eq pr") == .not(.present(AttributePath(name: "eq"))))
        #expect(try FilterExpression(parsing: #"not eq "x""#) == .comparison(AttributePath(name: "not"), .eq, .string("x")))
        #expect(try FilterExpression(parsing: "not pr") == .present(AttributePath(name: "not")))
        #expect(try FilterExpression(parsing: "not (a pr)") == .not(.present(AttributePath(name: "a"))))
        #expect(try FilterExpression(parsing: #"not emails[type eq "w"]"#).description == #"not (emails[type eq "w"])"#)
    }
}
