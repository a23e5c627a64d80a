import SCIMJSON

extension UserRecordReader {
    /// Copies the finished record (from the framer's record start to absolute `end`) out of the
    /// buffer and hands it to `body`, unless it fails a last check (size, duplicate members).
    /// `mayHoldNestedPassword` is false only when the fast path saw every nested key and none
    /// can name a password (``UserRecord/Storage/mayHoldNestedPassword``).
    /// `tabled`: the fast path read the record and ``valueEnds`` holds its value ends.
    mutating func deliver(
        end: Int, mayHoldNestedPassword: Bool = true, tabled: Bool = false, _ body: (inout UserRecord) throws -> Void
    ) throws {
        let start = framer.recordStart
        guard end - start <= options.maxRecordBytes else {
            try recovery.rejectUndeliverable(recovery.tooLarge(framer), from: start, to: end, framer, window)
            return
        }
        let bytes = window.address + (start - window.base)
        if let duplicate = framer.duplicateMember(in: bytes) {
            let error = RecordError(
                .duplicateMember(duplicate), message: "member \"\(duplicate)\" appears twice (SCIM names ignore case): which one counts is ambiguous",
                location: framer.recordLocation, recordNumber: framer.recordNumber, recovery: .recordSkipped)
            try recovery.rejectUndeliverable(error, from: start, to: end, framer, window)
            return
        }
        if !isKnownUniquelyReferenced(&record.storage) {
            record.storage = UserRecord.Storage(capacity: end - start)
        }
        // No local reference to the storage may outlive this block: `body` must see it unique.
        do {
            let storage = record.storage
            storage.load(from: bytes, count: end - start)
            framer.exchangeFields(with: &storage.fields)
            storage.hasWhitespace = framer.recordHasWhitespace
            storage.mayHoldNestedPassword = mayHoldNestedPassword
            if tabled {
                swap(&storage.valueEnds, &valueEnds)
                storage.hasValueEnds = true
            }
        }
        record.location = RecordLocation(number: framer.recordNumber, start: framer.recordLocation)
        // Only a top-level record delivered last can have stray bytes after it on its line.
        recovery.recordDelivered(topLevelEnd: framer.recordDepth == 0 ? end : 0, line: tokenizer.line)
        try body(&record)
    }
}
