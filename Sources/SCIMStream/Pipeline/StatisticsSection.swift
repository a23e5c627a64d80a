import SCIMJSON

/// A named group of counts added to a run's statistics (a live service's outcomes, its
/// requests by status): `"name":{"key":n,…}` in `--stats-json`, one line in `--stats`.
public struct StatisticsSection: Sendable, Equatable {
    /// The JSON key and the label of the line.
    public var name: String
    /// The counts, in order.
    public var counts: [Count]
    /// Groups nested in this one (written after the counts).
    public var subsections: [StatisticsSection]

    /// One named count.
    public struct Count: Sendable, Equatable {
        /// The key.
        public var name: String
        /// The count.
        public var value: Int

        /// Creates a count.
        public init(_ name: String, _ value: Int) {
            self.name = name
            self.value = value
        }
    }

    /// Creates a section.
    public init(name: String, counts: [Count], subsections: [StatisticsSection] = []) {
        self.name = name
        self.counts = counts
        self.subsections = subsections
    }

    /// `"name":{…}`.
    public var json: String {
        var bytes: [UInt8] = []
        JSONEscaping.appendQuoted(name, to: &bytes)
        bytes += Array(":{".utf8)
        var first = true
        for count in counts {
            if !first { bytes.append(._comma) }
            first = false
            JSONEscaping.appendQuoted(count.name, to: &bytes)
            bytes += Array(":\(count.value)".utf8)
        }
        for section in subsections {
            if !first { bytes.append(._comma) }
            first = false
            bytes += Array(section.json.utf8)
        }
        bytes.append(._closeBrace)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `name: key n, key n` and a line per subsection, indented.
    public func summary(indent: String) -> String {
        let line = counts.map { "\($0.name.replacingUnderscores) \($0.value)" }.joined(separator: ", ")
        var text = "\(indent)\(name.replacingUnderscores): \(line.isEmpty ? "none" : line)\n"
        for section in subsections { text += section.summary(indent: indent + "  ") }
        return text
    }
}

extension String {
    /// `managers_missing` → `managers missing`.
    fileprivate var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}
