import Foundation
import Testing
import SCIMTestSupport
@testable import SCIMStream

/// The filter cases collected in Fixtures/scim/filters.txt from public test suites (sources and
/// licenses in the file's section headers and Fixtures/scim/licenses/).
@Suite struct FilterCorpusTests {
    struct Case: CustomStringConvertible {
        let section: String
        let subsection: String
        let filter: String
        let expectation: String
        var description: String { "[\(section)] \(filter)" }
    }

    static let cases: [Case] = {
        let url = Fixtures.root.appendingPathComponent("scim/filters.txt")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        var section = ""
        var subsection = ""
        var out: [Case] = []
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("## [") {
                section = String(line.dropFirst(4).prefix(1))
                subsection = ""
                continue
            }
            if line.hasPrefix("# class ") || line.hasPrefix("# parse.") || line.hasPrefix("# 15five") {
                subsection = String(line.dropFirst(2))
                continue
            }
            if line.hasPrefix("#") || line.hasPrefix("=") { continue }
            guard let arrow = line.range(of: " ⟶ ") else { continue }
            out.append(
                Case(
                    section: section, subsection: subsection,
                    filter: String(line[..<arrow.lowerBound]), expectation: String(line[arrow.upperBound...])))
        }
        return out
    }()

    static func parses(_ filter: String) -> Bool {
        (try? FilterExpression(parsing: filter)) != nil
    }

    @Test func corpusIsThere() {
        #expect(Self.cases.count > 100)
        #expect(Set(Self.cases.map(\.section)) == ["A", "B", "E", "F", "H"])
    }

    // MARK: - [A] and [F]: must parse

    @Test("section A (RFC examples, 15five) parses", arguments: cases.filter { $0.section == "A" })
    func sectionA(c: Case) {
        #expect(Self.parses(c.filter), "\(c.filter)")
    }

    @Test("section F (scim2/filter-parser) parses, with the same precedence", arguments: cases.filter { $0.section == "F" })
    func sectionF(c: Case) throws {
        let parsed = try FilterExpression(parsing: c.filter)
        if let arrow = c.expectation.range(of: "=> ") {
            let canonical = c.expectation[arrow.upperBound...].components(separatedBy: "   #")[0]
                .trimmingCharacters(in: .whitespaces)
            // The Go library prints `not(` and keeps keyword case on attributes; ours prints `not (`.
            let ours = parsed.description.replacingOccurrences(of: "not (", with: "not(")
            #expect(ours == canonical)
        }
    }

    // MARK: - [E]: scimmy's parser

    /// Cases where scimmy accepts input that RFC 7644's grammar does not; this parser follows the RFC.
    static let scimmyDeviations: Set<String> = [
        "-valid$Name eq -null",  // attribute names start with a letter; -null is not a JSON literal
        "value eq 123abc",  // unquoted strings are not compValues
        "value eq 123abc5e4",
        // Nested value paths: RFC 7643 §2.3.8 forbids sub-attributes of sub-attributes.
        #"emails[type eq "work" or type eq "home"].values[domain ew "@example.org"]"#,
        #"emails[type eq "work" or type eq "home"].values[domain ew "@example.org" or domain ew "@example.com"]"#,
        #"emails[type eq "work" or type eq "home"].values[domain ew "@example.org" or domain ew "@example.com"].recipient pr"#,
        #"emails[type eq "work"].values[domain ew "@example.org" or domain ew "@example.com"].recipient pr"#
    ]

    @Test("section E (scimmy) parses, except where scimmy departs from the RFC", arguments: cases.filter { $0.section == "E" })
    func sectionE(c: Case) {
        #expect(Self.parses(c.filter) == !Self.scimmyDeviations.contains(c.filter), "\(c.filter)")
    }

    @Test func scimmyPrecedenceShapes() throws {
        // `not` binds to the next term; `and` binds tighter than `or`.
        #expect(try FilterExpression(parsing: "not eq pr").description == "not (eq pr)")
        #expect(
            try FilterExpression(parsing: "NOt not sw \"A\" and userName ew \"Z\"").description
                == #"not (not sw "A") and userName ew "Z""#)
        #expect(
            try FilterExpression(parsing: #"userName eq "Test" or displayName co "Bob" and quota gt 5"#).description
                == #"userName eq "Test" or displayName co "Bob" and quota gt 5"#)
        #expect(try FilterExpression(parsing: "quota gt 2e2").description == "quota gt 2e2")
    }

    // MARK: - [B]: evaluation against the transcribed data set

    static func user(_ id: Int, _ members: [String: Any]) -> UserRecord {
        var all = members
        all["id"] = String(id)
        let data = try! JSONSerialization.data(withJSONObject: all, options: [.sortedKeys])
        return try! UserRecord(json: Array(data))
    }

    static let rfcUsers: [UserRecord] = [
        user(
            1,
            [
                "userName": "bjensen", "name": ["givenName": "Brie", "familyName": "Jensen"], "nickName": "BB",
                "ims": [["value": "brie@foo.com", "type": "xmpp"]]
            ]),
        user(2, ["userName": "momalley", "name": ["givenName": "Mike", "familyName": "O'Malley"]]),
        user(
            3,
            [
                "userName": "Jacob", "name": ["givenName": "Jacob", "familyName": "Jingleheimer"], "nickName": "JJ",
                "title": "Friend", "userType": "Employee", "emails": [["value": "jacob@example.com", "type": "work"]]
            ]),
        user(
            4,
            [
                "userName": "crobertson", "name": ["givenName": "Carly", "familyName": "Robertson"], "userType": "Intern",
                "emails": [["value": "carly@example.net", "type": "home"]],
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]
            ]),
        user(5, ["userName": "gt", "name": ["givenName": "Gina", "familyName": "Taylor"], "meta": ["lastModified": "2012-05-13T04:42:34Z"]]),
        user(6, ["userName": "ge", "name": ["givenName": "Greg", "familyName": "Edgar"], "meta": ["lastModified": "2011-05-13T04:42:34Z"]]),
        user(7, ["userName": "lt", "name": ["givenName": "Lisa", "familyName": "Ting"], "meta": ["lastModified": "2010-05-13T04:42:34Z"]]),
        user(8, ["userName": "le", "name": ["givenName": "Linda", "familyName": "Euler"], "meta": ["lastModified": "2011-05-13T04:42:34Z"]])
    ]

    static let azureUsers: [UserRecord] = [
        user(
            1,
            [
                "externalId": "4d32ab19-ae09-4236-82fa-15768bc48a08",
                "emails": [["value": "001750ca-8202-47cd-b553-c63f4f245940", "type": "Primary"], ["value": "carly@example.net", "type": "home"]]
            ]),
        user(2, ["externalId": "5ef40940-ae09-4236-82fa-ab184843992c", "emails": [["value": "james@example.net", "type": "home"]]]),
        user(
            3,
            [
                "externalId": "83901010-ae09-4236-82fa-576381818313",
                "emails": [["value": "9438932a-8202-47cd-b553-85afc2939193", "type": "Primary"]]
            ])
    ]

    static let generalUsers: [UserRecord] = [
        user(1, ["userName": "Paul", "emails": [["value": "paul@example.net", "type": "home"], ["value": "paul@example.net", "type": "work"]]]),
        user(2, ["userName": "Chris"]),
        user(3, ["userName": "Eileen"])
    ]

    @Test("section B: the expected users match", arguments: cases.filter { $0.section == "B" && $0.expectation.hasPrefix("matches") })
    func sectionB(c: Case) throws {
        let users: [UserRecord]
        switch c.subsection {
        case "class AzureQueries": users = Self.azureUsers
        case "class GeneralQueries": users = Self.generalUsers
        default: users = Self.rfcUsers
        }
        let ids = c.expectation.drop { $0 != "[" }.dropFirst().prefix { $0 != "]" }
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let filter = try CompiledFilter(parsing: c.filter)
        let matched = users.filter(filter.matches).map { String(decoding: $0.rawValue(ofMember: "id") ?? [], as: UTF8.self) }
        #expect(matched == ids.map { "\"\($0)\"" }, "\(c.filter)")
    }

    @Test func sectionBParseExpectations() {
        for c in Self.cases where c.section == "B" && !c.expectation.hasPrefix("matches") {
            let ok = Self.parses(c.filter)
            if c.expectation.hasPrefix("PARSE ERROR") { #expect(!ok, "\(c.filter)") } else { #expect(ok, "\(c.filter)") }
        }
    }

    // MARK: - [H]: what identity providers send

    @Test func sectionH() {
        for c in Self.cases where c.section == "H" {
            if c.filter.hasPrefix("PATH ") {
                let path = String(c.filter.dropFirst(5))
                let ok = (try? AttributePath(parsing: path)) != nil
                // Typographic quotes as published are not SCIM string literals.
                #expect(ok == !c.expectation.contains("invalid"), "\(path)")
            } else if c.filter.contains("+eq+") || c.filter.contains("%22") {
                continue  // query-string encoded: decoding URLs is the HTTP client's job
            } else if c.expectation.contains("NOT quoted") {
                #expect(!Self.parses(c.filter), "\(c.filter)")
            } else {
                #expect(Self.parses(c.filter), "\(c.filter)")
            }
        }
    }
}
