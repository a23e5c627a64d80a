import SCIMJSON

/// One top-level member of a record: where its key and value bytes are.
///
/// Ranges point either into the record's original bytes or, once a stage has rewritten the
/// member, into the record's edit arena. The key range includes the quotes, exactly as written.
struct RecordField: Sendable {
    /// Byte range of the key (with quotes).
    var keyStart: Int
    var keyEnd: Int
    /// Byte range of the value.
    var valueStart: Int
    var valueEnd: Int
    var flags: Flags
    var kind: JSONValueKind

    struct Flags: OptionSet, Sendable {
        var rawValue: UInt8
        init(rawValue: UInt8) { self.rawValue = rawValue }
        /// The key holds a backslash escape: compare it decoded.
        static let keyHasEscapes = Flags(rawValue: 1)
        /// The value holds insignificant whitespace that a compact writer must drop.
        static let valueHasWhitespace = Flags(rawValue: 2)
        /// The member was removed by a stage.
        static let removed = Flags(rawValue: 4)
        /// The key bytes live in the edit arena.
        static let keyInArena = Flags(rawValue: 8)
        /// The value bytes live in the edit arena.
        static let valueInArena = Flags(rawValue: 16)
    }

    init(keyStart: Int, keyEnd: Int, valueStart: Int, valueEnd: Int, flags: Flags, kind: JSONValueKind) {
        self.keyStart = keyStart
        self.keyEnd = keyEnd
        self.valueStart = valueStart
        self.valueEnd = valueEnd
        self.flags = flags
        self.kind = kind
    }

    var isRemoved: Bool { flags.contains(.removed) }
}
