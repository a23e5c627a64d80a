// Reading and editing a record's top-level members through its member table.

import SCIMJSON

extension UserRecord {
    /// Number of members, removed ones included (indices stay stable while stages edit).
    var fieldCount: Int { storage.fields.count }

    /// Calls `body` with the bytes of member `index`'s key (quotes included, as written).
    @inline(__always)
    func withKeyBytes<R>(_ index: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let f = storage.fields[index]
        if f.flags.contains(.keyInArena) {
            return try storage.arena.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[f.keyStart..<f.keyEnd])) }
        }
        return try body(UnsafeRawBufferPointer(start: storage.bytes + f.keyStart, count: f.keyEnd - f.keyStart))
    }

    /// Calls `body` with the bytes of member `index`'s value, exactly as stored.
    @inline(__always)
    func withValueBytes<R>(_ index: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let f = storage.fields[index]
        if f.flags.contains(.valueInArena) {
            return try storage.arena.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[f.valueStart..<f.valueEnd])) }
        }
        return try body(UnsafeRawBufferPointer(start: storage.bytes + f.valueStart, count: f.valueEnd - f.valueStart))
    }

    /// True when member `index`'s key equals `lowercaseName` ignoring ASCII case (escapes decoded).
    @inline(__always)
    func keyMatches(_ index: Int, _ lowercaseName: [UInt8]) -> Bool {
        keyMatches(storage.fields[index], index, lowercaseName)
    }

    /// The same test with the field already loaded (the hot loops hold a local copy of the table).
    @inline(__always)
    func keyMatches(_ f: RecordField, _ index: Int, _ lowercaseName: [UInt8]) -> Bool {
        if f.flags.isDisjoint(with: [.keyInArena, .keyHasEscapes]) {
            return KeyName.matches(storage.bytes, start: f.keyStart, end: f.keyEnd, hasEscapes: false, lowercaseName)
        }
        let hasEscapes = f.flags.contains(.keyHasEscapes)
        if !f.flags.contains(.keyInArena) {
            return KeyName.matches(storage.bytes, start: f.keyStart, end: f.keyEnd, hasEscapes: hasEscapes, lowercaseName)
        }
        return withKeyBytes(index) { KeyName.matches($0.baseAddress!, start: 0, end: $0.count, hasEscapes: hasEscapes, lowercaseName) }
    }

    /// Index of the last live member named `lowercaseName` (ignoring case), or nil.
    ///
    /// With duplicate keys the last one wins, as in most JSON parsers.
    func fieldIndex(named lowercaseName: [UInt8]) -> Int? {
        let fields = storage.fields
        var i = fields.count - 1
        while i >= 0 {
            if !fields[i].isRemoved && keyMatches(fields[i], i, lowercaseName) { return i }
            i -= 1
        }
        return nil
    }

    /// The decoded name of member `index`.
    func keyName(_ index: Int) -> String {
        withKeyBytes(index) { JSONString.decode($0) }
    }

    // MARK: - Public reading

    /// The names of the record's members, in order, as written (escapes decoded).
    public var memberNames: [String] {
        storage.fields.indices.filter { !storage.fields[$0].isRemoved }.map(keyName)
    }

    /// The JSON bytes of the value of member `name` (matched ignoring case), or nil when absent.
    ///
    /// The bytes are the value as it currently stands: original bytes when untouched.
    public func rawValue(ofMember name: String) -> [UInt8]? {
        guard let i = fieldIndex(named: ASCIICase.lowercased(name)) else { return nil }
        return withValueBytes(i) { Array($0) }
    }

    /// True when the record has a member called `name` (ignoring case).
    public func hasMember(named name: String) -> Bool {
        fieldIndex(named: ASCIICase.lowercased(name)) != nil
    }

    // MARK: - Editing

    /// Removes every member called `name` (ignoring case, escapes decoded); returns how many.
    @discardableResult
    public mutating func removeMembers(named name: String) -> Int {
        removeFields(named: ASCIICase.lowercased(name))
    }

    /// Removes every live member whose key matches `lowercaseName`; returns how many.
    @discardableResult
    mutating func removeFields(named lowercaseName: [UInt8]) -> Int {
        // Find the first match before making the storage unique (most records have one or none).
        var first = -1
        do {
            let fields = storage.fields
            for i in fields.indices where !fields[i].isRemoved && keyMatches(fields[i], i, lowercaseName) {
                first = i
                break
            }
        }
        guard first >= 0 else { return 0 }
        makeUnique()
        var count = 0
        for i in first..<storage.fields.count where !storage.fields[i].isRemoved && keyMatches(storage.fields[i], i, lowercaseName) {
            storage.fields[i].flags.insert(.removed)
            count += 1
        }
        storage.isModified = true
        return count
    }

    /// Marks member `index` removed.
    mutating func removeField(at index: Int) {
        makeUnique()
        storage.fields[index].flags.insert(.removed)
        storage.isModified = true
    }

    /// Replaces member `index`'s value with `json` (valid JSON; compact unless `mayHoldWhitespace`).
    mutating func replaceValue(at index: Int, with json: [UInt8], mayHoldWhitespace: Bool = false) {
        makeUnique()
        let start = storage.arena.count
        if start == 0 && json.count > storage.arena.capacity {
            // A value larger than the empty arena (a huge record's edit) becomes the arena: no copy.
            storage.arena = json
        } else {
            storage.arena.append(contentsOf: json)
        }
        storage.fields[index].valueStart = start
        storage.fields[index].valueEnd = storage.arena.count
        storage.fields[index].kind = JSONValueKind(firstByte: json.first ?? 0x6E)
        storage.fields[index].flags.insert(.valueInArena)
        if mayHoldWhitespace {
            storage.fields[index].flags.insert(.valueHasWhitespace)
        } else {
            storage.fields[index].flags.remove(.valueHasWhitespace)
        }
        storage.isModified = true
    }

    /// Renames member `index` to `name` (written as a JSON string).
    mutating func renameField(at index: Int, to name: String) {
        makeUnique()
        let start = storage.arena.count
        JSONEscaping.appendQuoted(name, to: &storage.arena)
        storage.fields[index].keyStart = start
        storage.fields[index].keyEnd = storage.arena.count
        storage.fields[index].flags.insert(.keyInArena)
        storage.fields[index].flags.remove(.keyHasEscapes)
        storage.isModified = true
    }

    /// Adds a member `name` with value `json` (valid, compact JSON) at the end; returns its index.
    @discardableResult
    mutating func appendField(name: String, json: [UInt8]) -> Int {
        makeUnique()
        let keyStart = storage.arena.count
        JSONEscaping.appendQuoted(name, to: &storage.arena)
        let keyEnd = storage.arena.count
        storage.arena.append(contentsOf: json)
        storage.fields.append(
            RecordField(
                keyStart: keyStart, keyEnd: keyEnd, valueStart: keyEnd, valueEnd: storage.arena.count,
                flags: [.keyInArena, .valueInArena], kind: JSONValueKind(firstByte: json.first ?? 0x6E)))
        storage.isModified = true
        return storage.fields.count - 1
    }

    /// Sets member `name` to `json`: replaces the value of the existing member (the last
    /// one with that name) or adds it at the end.
    public mutating func setMember(named name: String, json: [UInt8]) {
        if let i = fieldIndex(named: ASCIICase.lowercased(name)) {
            replaceValue(at: i, with: json)
        } else {
            appendField(name: name, json: json)
        }
    }
}
