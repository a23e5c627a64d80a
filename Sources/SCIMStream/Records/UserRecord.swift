public import SCIMJSON

/// Where a record came from: its 1-based sequence number and the position of its first byte.
public struct RecordLocation: Sendable, Equatable {
    /// 1-based number of the record in its input (rejected records count too).
    public var number: Int
    /// Position of the record's opening `{`.
    public var start: InputLocation

    /// Creates a location.
    public init(number: Int, start: InputLocation) {
        self.number = number
        self.start = start
    }
}

/// One SCIM user as it arrived: its original bytes plus a table of its top-level members.
///
/// A record is lossless: member order, key spelling and value bytes are kept, so a member
/// nothing touched is written back exactly as it came. Stages edit a record through the
/// member table (remove, replace, add); writers copy untouched values straight from the
/// original bytes. Nested values are read lazily, only when a path asks for them.
///
/// `UserRecord` is a value type with copy-on-write storage: a reader reuses one storage for
/// every record as long as nobody keeps a copy, and a kept copy stays valid and unchanged.
///
/// ```swift
/// var record = try UserRecord(json: Array(#"{"UserName":"BJensen","password":"x"}"#.utf8))
/// record.removeMembers(named: "password")
/// print(record.userName ?? "")         // BJensen
/// print(String(decoding: record.jsonBytes(), as: UTF8.self))  // {"UserName":"BJensen"}
/// ```
public struct UserRecord: @unchecked Sendable {
    var storage: Storage
    /// Where the record came from.
    public internal(set) var location: RecordLocation

    init(storage: Storage, location: RecordLocation) {
        self.storage = storage
        self.location = location
    }

    /// Parses one JSON object into a record.
    ///
    /// - Parameter json: the bytes of exactly one JSON object (whitespace around it is fine).
    /// - Throws: ``RecordError`` when the bytes are not one valid JSON object.
    public init(json: some Collection<UInt8>) throws(RecordError) {
        var reader = UserRecordReader(format: .ndjson)
        var found: UserRecord?
        var extra = false
        let bytes = Array(json)
        let keep: (inout UserRecord) -> Void = { record in
            if found == nil { found = record } else { extra = true }
        }
        do {
            try bytes.withUnsafeBytes { window in
                try reader.consume(unsafeBytes: window, keep)
                try reader.finish(keep)
            }
        } catch let error as RecordError {
            throw error
        } catch {
            preconditionFailure("a record reader fed from memory threw \(error)")
        }
        guard let record = found, !extra else {
            throw RecordError(
                .notOneRecord, message: found == nil ? "no JSON object in input" : "more than one JSON object in input",
                location: InputLocation(line: 1, column: 1, offset: 0), recordNumber: 1)
        }
        self = record
    }

    /// Number of bytes of the record as it arrived.
    public var originalByteCount: Int { storage.count }

    /// True once a stage has changed the record.
    public var isModified: Bool { storage.isModified }

    /// Calls `body` with the record's original bytes, exactly as read.
    public func withUnsafeOriginalBytes<R, E: Error>(
        _ body: (UnsafeRawBufferPointer) throws(E) -> R
    ) throws(E) -> R {
        try body(UnsafeRawBufferPointer(start: storage.bytes, count: storage.count))
    }

    /// The original bytes as an array (a copy).
    public var originalBytes: [UInt8] {
        withUnsafeOriginalBytes { Array($0) }
    }

    /// Makes the storage unique before a mutation.
    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }
}

extension UserRecord {
    /// The shared, reusable backing of a record: original bytes, member table and edit arena.
    final class Storage {
        @exclusivity(unchecked) var bytes: UnsafeMutableRawPointer
        @exclusivity(unchecked) var capacity: Int
        @exclusivity(unchecked) var count = 0
        @exclusivity(unchecked) var fields: [RecordField] = []
        /// Bytes of rewritten keys and values; ranges of fields with `…InArena` flags point here.
        @exclusivity(unchecked) var arena: [UInt8] = []
        @exclusivity(unchecked) var isModified = false
        /// The original bytes hold insignificant whitespace somewhere.
        @exclusivity(unchecked) var hasWhitespace = false
        /// A nested key of the original bytes may name a password (ends in `password`, ASCII
        /// case ignored, or has escapes); false only when the reader's fast path checked every key.
        @exclusivity(unchecked) var mayHoldNestedPassword = true
        /// Where the values of ``bytes`` end (``ValueEnds``); meaningful only when
        /// ``hasValueEnds``, set when the reader's fast path read the record.
        @exclusivity(unchecked) var valueEnds = ValueEnds(capacity: 64)
        @exclusivity(unchecked) var hasValueEnds = false

        init(capacity: Int) {
            self.capacity = max(capacity, 64)
            bytes = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 16)
        }

        deinit { bytes.deallocate() }

        /// Replaces the contents with `count` bytes copied from `source`, clearing every edit.
        func load(from source: UnsafeRawPointer, count: Int) {
            if count > capacity {
                bytes.deallocate()
                capacity = max(count, capacity * 2)
                bytes = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
            }
            bytes.copyMemory(from: source, byteCount: count)
            self.count = count
            fields.removeAll(keepingCapacity: true)
            arena.removeAll(keepingCapacity: true)
            isModified = false
            hasWhitespace = false
            mayHoldNestedPassword = true
            hasValueEnds = false
        }

        func copy() -> Storage {
            let other = Storage(capacity: count)
            other.bytes.copyMemory(from: bytes, byteCount: count)
            other.count = count
            other.fields = fields
            other.arena = arena
            other.isModified = isModified
            other.hasWhitespace = hasWhitespace
            other.mayHoldNestedPassword = mayHoldNestedPassword
            if hasValueEnds {
                other.valueEnds = valueEnds.copy(count: count)
                other.hasValueEnds = true
            }
            return other
        }
    }
}
