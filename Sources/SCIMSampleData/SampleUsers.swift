/// Deterministic, realistic Genesys-Cloud-shaped SCIM users, for samples, tests and benchmarks.
///
/// The record shape follows a real export: core attributes, phone numbers (including `work2`),
/// e-mails (with the read-only `other` mirror), photos, groups, roles (as strings or as
/// `{"value": …}` objects), the enterprise and Genesys extensions, `meta`, and a password on
/// some users. Names include non-ASCII letters, quotes, backslashes and tabs. The same seed
/// always gives the same bytes, on every machine.
///
/// This target does not use the SCIMStream library, so tests can check one against the other.
public struct SampleUsers {
    static let firstNames = [
        "Jane", "John", "José", "Zoë", "Åsa", "Łukasz", "Mónica", "李", "Søren", "Renée",
        "O'Brien", "Ana-María", "Chloé", "Dmitrii", "Fatima", "Günther", "Ngozi", "Priya",
        "Yūki", "Émile"
    ]
    static let lastNames = [
        "Doe", "Smith", "García", "Müller", "Nguyễn", "Kowalski", "O'Neil", "Dubois", "Rossi",
        "Tanaka", "Johansson", "Ivanov", "Okafor", "Patel", "Chen", "\"Ace\" Jones",
        "Back\\slash", "Tab\tName"
    ]
    static let titles: [String?] = ["Agent", "Supervisor", "Senior Agent", "Team Lead, Billing", "Manager \"Ops\"", nil]
    static let departments = ["Sales", "Support", "Billing", "R&D", "Legal"]
    static let domains = ["Example.com", "example.org", "Contoso.COM", "acme.io"]
    static let roleNames = ["employee", "admin", "agent", "supervisor", "Communicate - User"]
    static let passwordAlphabet = Array("abcdefXYZ0123!@#\"\\")

    var random: SplitMix64

    /// Creates a generator; the same seed gives the same users.
    public init(seed: UInt64 = 7) {
        random = SplitMix64(seed: seed)
    }

    /// The next user as one line of compact JSON (no newline); `index` goes into the user name.
    public mutating func nextUser(index: Int) -> String {
        let first = pick(Self.firstNames)
        let last = pick(Self.lastNames)
        let domain = pick(Self.domains)
        let local = (first + "." + last).filter { $0 != " " && $0 != "\"" && $0 != "\\" && $0 != "\t" }
        let id = uuid()
        var o = JSONObjectBuilder()
        o.raw(
            "schemas",
            #"["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User"]"#
        )
        o.string("id", id)
        o.raw("active", chance(0.9) ? "true" : "false")
        o.string("userName", "\(local)\(index)@\(domain)")
        o.string("displayName", "\(first) \(last)")
        if chance(0.3) {
            o.string("password", String((0..<14).map { _ in pick(Self.passwordAlphabet) }))
        }
        if let title = pick(Self.titles) { o.string("title", title) }
        var phones = [#"{"value":\#(quote("+1 317-555-\(digits(4))")),"type":"work","primary":true}"#]
        if chance(0.5) {
            phones.append(#"{"value":\#(quote("tel:+1317555\(digits(4));ext=\(int(1...999))")),"type":"work2"}"#)
        }
        if chance(0.2) {
            phones.append(#"{"value":\#(quote("+1 555-01\(digits(2))")),"type":"mobile"}"#)
        }
        o.raw("phoneNumbers", "[" + phones.joined(separator: ",") + "]")
        var emails = [#"{"value":\#(quote("\(local.lowercased())\(index)@\(domain.lowercased())")),"type":"work","primary":true}"#]
        if chance(0.4) {
            emails.append(#"{"value":\#(quote("\(local.lowercased())\(index)@home.example")),"type":"other"}"#)
        }
        o.raw("emails", "[" + emails.joined(separator: ",") + "]")
        if chance(0.3) {
            o.raw("photos", #"[{"value":"https://photos.example.com/\#(id).jpg","type":"photo"}]"#)
        }
        o.string("externalId", "ext-\(hex(10))")
        let groups = (0..<int(0...3)).map { _ in
            #"{"value":"\#(uuid())","$ref":"https://api.mypurecloud.com/api/v2/scim/v2/groups/x","display":\#(quote(pick(Self.departments)))}"#
        }
        o.raw("groups", "[" + groups.joined(separator: ",") + "]")
        let roles = sample(Self.roleNames, count: int(1...3))
        // The API returns {"value": name} objects; older exports hold plain strings.
        let asObjects = chance(0.5)
        o.raw("roles", "[" + roles.map { asObjects ? #"{"value":\#(quote($0))}"# : quote($0) }.joined(separator: ",") + "]")
        var enterprise = JSONObjectBuilder()
        enterprise.string("division", "Home")
        enterprise.string("department", pick(Self.departments))
        enterprise.string("employeeNumber", "E\(digits(6))")
        if chance(0.7) { enterprise.raw("manager", #"{"value":"\#(uuid())"}"#) }
        o.raw("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", enterprise.text)
        var genesys = JSONObjectBuilder()
        var externalIds = [#"{"authority":"hris","value":"\#(int(1...1_000_000_000))"}"#]
        if chance(0.3) {
            externalIds.append(#"{"authority":"x-pc:scimv2:v1:entra","value":"\#(uuid())"}"#)
        }
        genesys.raw("externalIds", "[" + externalIds.joined(separator: ",") + "]")
        if chance(0.5) {
            let proficiency = Double(int(0...50)) / 10
            genesys.raw("routingSkills", #"[{"name":\#(quote(pick(["Spanish", "Billing", "VIP"]))),"proficiency":\#(proficiency)}]"#)
            genesys.raw("routingLanguages", #"[{"name":"Español","proficiency":\#(int(0...5))}]"#)
        }
        o.raw("urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User", genesys.text)
        var meta = JSONObjectBuilder()
        meta.string("resourceType", "User")
        meta.string("created", "2024-03-01T12:00:00.000Z")
        meta.string("lastModified", "2026-\(pad(int(1...12)))-\(pad(int(1...28)))T08:30:00.000Z")
        meta.string("location", "https://api.mypurecloud.com/api/v2/scim/v2/users/\(id)")
        meta.string("version", "W/\"\(int(1...99))\"")
        o.raw("meta", meta.text)
        return o.text
    }

    /// `count` users as NDJSON (one per line, each line ending in `\n`).
    public static func ndjson(count: Int, seed: UInt64 = 7) -> String {
        var text = ""
        export(count: count, layout: .ndjson, seed: seed) { text += $0 }
        return text
    }

    /// `count` users as paged ListResponse documents of `pageSize` users each, concatenated.
    public static func listResponsePages(count: Int, pageSize: Int = 100, seed: UInt64 = 7) -> String {
        var text = ""
        export(count: count, layout: .pages, pageSize: pageSize, seed: seed) { text += $0 }
        return text
    }

    // MARK: - Randomness

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(random.next() % UInt64(range.count))
    }

    mutating func chance(_ p: Double) -> Bool { Double(random.next() >> 11) / Double(1 << 53) < p }

    mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }

    mutating func sample(_ items: [String], count: Int) -> [String] {
        var pool = items
        return (0..<count).map { _ in pool.remove(at: int(0...pool.count - 1)) }
    }

    mutating func digits(_ n: Int) -> String {
        String((0..<n).map { _ in Character(String(int(0...9))) })
    }

    mutating func hex(_ n: Int) -> String {
        let alphabet = Array("0123456789abcdef")
        return String((0..<n).map { _ in alphabet[int(0...15)] })
    }

    mutating func uuid() -> String {
        let h = hex(32)
        let c = Array(h)
        return "\(String(c[0..<8]))-\(String(c[8..<12]))-4\(String(c[13..<16]))-a\(String(c[17..<20]))-\(String(c[20..<32]))"
    }

    func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}

/// A tiny JSON object writer for the generator (keys in insertion order).
struct JSONObjectBuilder {
    private var members: [String] = []

    mutating func string(_ key: String, _ value: String) { members.append(quote(key) + ":" + quote(value)) }
    mutating func raw(_ key: String, _ json: String) { members.append(quote(key) + ":" + json) }
    var text: String { "{" + members.joined(separator: ",") + "}" }
}

/// `text` as a JSON string literal (non-ASCII kept as UTF-8).
func quote(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20:
            let hex = String(scalar.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

/// SplitMix64: a small, fast, well-distributed deterministic generator.
public struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    /// Creates a generator; the same seed gives the same sequence.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
