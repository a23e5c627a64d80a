import SCIMJSON
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The names of Bulk documents in a directory: `bulk-000001.json`, `bulk-000002.json`, …
package enum BulkDocumentNames {
    /// The name of document `number` (1-based), six digits at least.
    package static func name(_ number: Int) -> String {
        let digits = String(number)
        return "bulk-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits + ".json"
    }

    /// True for a document name (`bulk-` digits `.json`) or one's temporary file (`….json.tmp-…`).
    package static func isDocumentName(_ name: String) -> Bool {
        guard name.hasPrefix("bulk-") else { return false }
        let rest = name.dropFirst(5)
        let digits = rest.prefix(while: { $0 >= "0" && $0 <= "9" })
        guard !digits.isEmpty else { return false }
        let tail = rest.dropFirst(digits.count)
        return tail == ".json" || tail.hasPrefix(".json.tmp-")
    }

    /// Deletes the documents (and temporary files of documents) in `directory`, so that a run
    /// never leaves its documents mixed with those of an earlier, longer run. Other files stay.
    ///
    /// - Returns: how many were deleted.
    /// - Throws: ``IOError`` when the directory cannot be read or a document cannot be deleted.
    @discardableResult
    package static func removeDocuments(in directory: String) throws -> Int {
        let names = try SystemCall.directoryEntries(directory).filter(isDocumentName)
        for name in names {
            let path = directory + "/" + name
            if unlink(path) != 0 && errno != ENOENT { throw IOError(operation: "remove", path: path, code: errno) }
        }
        return names.count
    }
}
