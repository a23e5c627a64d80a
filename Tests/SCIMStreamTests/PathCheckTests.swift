import Testing
@testable import SCIMStream

/// Paths that name no attribute of the known schemas, and the nearest name (issue 16).
@Suite struct PathCheckTests {
    func unknown(_ text: String) throws -> PathCheck.Unknown? {
        PathCheck.unknown(in: try AttributePath(parsing: text))
    }

    @Test func knownPathsPass() throws {
        let known = [
            "userName", "USERNAME", "name.givenName", #"emails[type eq "work"].value"#, "meta.version", "roles.value",
            #"roles[value eq "agent"]"#, #"schemas[value eq "urn:x"]"#, "groups.$ref", "password",
            "\(SCIMSchema.enterpriseUser):manager.value", SCIMSchema.enterpriseUser, "\(SCIMSchema.genesysUser):routingSkills.proficiency",
            #"addresses[type eq "work"].locality"#,
            // An extension the tool does not know is the data's to define.
            "urn:example:params:scim:schemas:extension:acme:2.0:User:badge"
        ]
        for text in known { #expect(try unknown(text) == nil, "\(text)") }
    }

    @Test func misspeltPathsNameTheNearest() throws {
        let cases: [(String, String, String?)] = [
            ("usrName", "usrName", "userName"), ("titel", "titel", "title"), ("emails.valu", "emails.valu", "emails.value"),
            (#"emails[tpe eq "work"].value"#, "emails.tpe", "emails.type"),
            ("department", "department", "\(SCIMSchema.enterpriseUser):department"),
            ("\(SCIMSchema.enterpriseUser):costCentre", "\(SCIMSchema.enterpriseUser):costCentre", "\(SCIMSchema.enterpriseUser):costCenter"),
            (
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:Usr", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:Usr",
                SCIMSchema.enterpriseUser
            ),
            ("favouriteColour", "favouriteColour", nil)
        ]
        for (text, name, suggestion) in cases {
            let found = try unknown(text)
            #expect(found?.name == name, "\(text)")
            #expect(found?.suggestion == suggestion, "\(text)")
        }
    }

    @Test func filtersAreCheckedPathByPath() throws {
        let filter = try FilterExpression(parsing: #"active eq true and (usrName sw "a" or not (emails[tpe eq "x"]))"#)
        #expect(PathCheck.unknown(in: filter).map(\.name) == ["usrName", "emails.tpe"])
    }

    @Test func editDistanceCountsTranspositionsOnce() {
        #expect(EditDistance.between("title", "titel") == 1)
        #expect(EditDistance.between("username", "usrname") == 1)
        #expect(EditDistance.between("", "abc") == 3)
        #expect(EditDistance.between("kitten", "sitting") == 3)
    }
}
