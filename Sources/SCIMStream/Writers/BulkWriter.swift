public import SCIMJSON

/// Writes records as SCIM Bulk requests (RFC 7644 §3.7), one operation per user, split so
/// that every document stays within the server's advertised limits.
///
/// Each document is a `BulkRequest`. `POST` creates (`path` `/Users`, a `bulkId` from
/// `externalId`, else `id`, else the record's sequence number, unique within the document);
/// `PUT` replaces and `PATCH` updates `/Users/{id}` (PATCH `data` is a `PatchOp` with one
/// `replace` operation whose value is the record); `DELETE` names `/Users/{id}` only. A POST
/// carries the record as it is (dropping read-only attributes is `--for-create`'s job); PUT and
/// PATCH carry it without `id`, `meta` and `groups`, which a server may not be asked to change
/// (RFC 7643 §3.1, §4.1.2), and, when the record has `meta.version`, the operation carries it as
/// `version` (RFC 7644 §3.7: the server answers 412 when the user changed meanwhile) unless
/// ``Options/sendsVersion`` is off.
///
/// Limits are checked on the exact bytes of each document plus its trailing newline. A user
/// too large for any document is refused (a rejected record, with the reason). Only the
/// current document is held in memory.
public struct BulkWriter: RecordWriter {
    /// The operation each user becomes.
    public enum Method: String, Sendable, CaseIterable {
        case post = "POST", put = "PUT", patch = "PATCH", delete = "DELETE"
    }

    /// Settings of a Bulk writer.
    public struct Options: Sendable {
        /// The operation (default POST).
        public var method: Method
        /// Operations per document at most (default 1000).
        public var maxOperations: Int
        /// Bytes per document at most, trailing newline included (default 1048576).
        public var maxBytes: Int
        /// `failOnErrors`, written when set.
        public var failOnErrors: Int?
        /// PUT, PATCH and DELETE carry the record's `meta.version` as `version` (default true).
        public var sendsVersion = true

        /// Creates options.
        public init(method: Method = .post, maxOperations: Int = 1000, maxBytes: Int = 1_048_576, failOnErrors: Int? = nil) {
            self.method = method
            self.maxOperations = maxOperations
            self.maxBytes = maxBytes
            self.failOnErrors = failOnErrors
        }
    }

    /// Where finished documents go.
    public enum Destination {
        /// One document per line on the pipeline's output.
        case stream
        /// Files `bulk-000001.json`, `bulk-000002.json`, … in a directory, each written
        /// atomically, after the documents of an earlier run were deleted.
        case directory(String)
    }

    /// A PatchOp whose one `replace` operation (no path, RFC 7644 §3.5.2.3) has the value that
    /// follows; ``patchReplaceSuffix`` closes it.
    public static let patchReplacePrefix = Array(#"{"schemas":["\#(SCIMSchema.patchOp)"],"Operations":[{"op":"replace","value":"#.utf8)
    /// Closes ``patchReplacePrefix``.
    public static let patchReplaceSuffix = Array("}]}".utf8)

    /// The settings.
    public let options: Options
    let destination: Destination
    let header: [UInt8]
    static let footer: [UInt8] = Array("]}".utf8)
    /// `{"method":"…",` and what follows it up to the value of `bulkId` or `path`.
    let operationPrefix: [UInt8]
    /// Operations of the current document, comma-separated; each is built here in place.
    var operations: [UInt8] = []
    var operationCount = 0
    var bulkIDs: Set<BulkID> = []
    var sequence = 0
    /// Documents written so far.
    public private(set) var documentCount = 0
    /// Bytes written to files (directory destination).
    public private(set) var fileBytes = 0

    /// Creates a writer.
    public init(options: Options = Options(), destination: Destination = .stream) {
        self.options = options
        self.destination = destination
        var header = Array(#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"#.utf8)
        if let n = options.failOnErrors { header += Array(#""failOnErrors":\#(n),"#.utf8) }
        header += Array(#""Operations":["#.utf8)
        self.header = header
        let path = options.method == .post ? #""path":"/Users","bulkId":"# : #""path":"/Users/"#
        operationPrefix = Array(#"{"method":"\#(options.method.rawValue)",\#(path)"#.utf8)
    }

    /// Bytes of an empty document with its newline.
    var overhead: Int { header.count + Self.footer.count + 1 }

    /// Adds the record's operation, first closing the current document when it would overflow.
    ///
    /// - Throws: ``StageRejection`` for a PUT/PATCH/DELETE without `id`, or a user too large
    ///   for any document; ``IOError`` when a document file cannot be written.
    public mutating func write(_ record: UserRecord, to out: OutputBuffer) throws {
        sequence += 1
        let (id, external) = record.withView { view in (Self.string(view, SCIMNames.id), Self.string(view, SCIMNames.externalId)) }
        if options.method != .post, id?.isEmpty ?? true {
            throw StageRejection(stage: "bulk", reason: "\(options.method.rawValue) needs the user's \"id\", and this record has none")
        }
        // Most users fit the current document: the operation is built in place.
        let mark = operations.count
        if operationCount > 0 { operations.append(._comma) }
        var bulkID = appendOperation(record, id: id, external: external, inNewDocument: false)
        if operationCount < options.maxOperations && overhead + operations.count <= options.maxBytes {
            commit(bulkID)
            return
        }
        // Else it opens the next document: built again, its bulkId chosen among that document's.
        operations.removeSubrange(mark...)
        bulkID = appendOperation(record, id: id, external: external, inNewDocument: true)
        let single = overhead + operations.count - mark
        guard single <= options.maxBytes else {
            operations.removeSubrange(mark...)
            throw StageRejection(
                stage: "bulk", reason: "this user needs a \(single)-byte Bulk document, more than the limit of \(options.maxBytes) bytes",
                exceededLimit: .bulkDocumentBytes(options.maxBytes))
        }
        let operation = Array(operations[mark...])
        operations.removeSubrange(mark...)
        try flushDocument(to: out)
        operations += operation
        commit(bulkID)
    }

    /// Counts the operation just built into the current document.
    mutating func commit(_ bulkID: BulkID?) {
        operationCount += 1
        if let bulkID { bulkIDs.insert(bulkID) }
    }

    /// Creates the destination directory when needed and deletes the documents an earlier
    /// run left there (``BulkDocumentNames``), so the directory never mixes two runs.
    public mutating func begin(to out: OutputBuffer) throws {
        guard case .directory(let dir) = destination else { return }
        try FileSystem.makeDirectory(dir)
        try BulkDocumentNames.removeDocuments(in: dir)
    }

    /// Writes the last document.
    public mutating func end(to out: OutputBuffer) throws {
        try flushDocument(to: out)
    }

    /// Bytes written outside the pipeline's output buffer.
    public var externalBytes: Int { fileBytes }

    mutating func flushDocument(to out: OutputBuffer) throws {
        guard operationCount > 0 else { return }
        documentCount += 1
        switch destination {
        case .stream:
            out.append(header)
            out.append(operations)
            out.append(Self.footer)
            out.append(._newline)
        case .directory(let dir):
            let path = dir + "/" + BulkDocumentNames.name(documentCount)
            let target = try OutputTarget(path: path)
            let file = OutputBuffer(sink: target.sink)
            file.append(header)
            file.append(operations)
            file.append(Self.footer)
            file.append(._newline)
            do {
                try file.flush()
                try target.commit()
            } catch {
                target.abandon()
                throw error
            }
            fileBytes += file.totalBytes
        }
        operations.removeAll(keepingCapacity: true)
        operationCount = 0
        bulkIDs.removeAll(keepingCapacity: true)
    }

    /// The decoded text of a top-level string member, or nil.
    static func string(_ view: RecordView, _ lowercaseName: [UInt8]) -> [UInt8]? {
        guard let value = view.member(lowercaseName), value.kind == .string else { return nil }
        return value.stringBytes()
    }

    /// Appends the operation's JSON to ``operations``; returns the `bulkId` it holds (POST).
    mutating func appendOperation(_ record: UserRecord, id: [UInt8]?, external: [UInt8]?, inNewDocument: Bool) -> BulkID? {
        operations += operationPrefix
        var bulkID: BulkID?
        switch options.method {
        case .post:
            let chosen = uniqueBulkID(id: id, external: external, inNewDocument: inNewDocument)
            chosen.bytes.withUnsafeBytes { JSONEscaping.appendQuoted($0, to: &operations) }
            bulkID = chosen
            operations += #","data":"#.utf8
            record.appendJSON(to: &operations)
        case .put, .patch, .delete:
            PathEncoding.appendEscapedSegment(id ?? [], to: &operations)
            operations.append(._quote)
            if options.sendsVersion, let version = record.meta?.version {
                operations += #","version":"#.utf8
                JSONEscaping.appendQuoted(version, to: &operations)
            }
            if options.method == .put {
                operations += #","data":"#.utf8
                record.withoutReadOnlyMembers.appendJSON(to: &operations)
            } else if options.method == .patch {
                operations += #","data":"#.utf8
                operations += Self.patchReplacePrefix
                record.withoutReadOnlyMembers.appendJSON(to: &operations)
                operations += Self.patchReplaceSuffix
            }
        }
        operations.append(._closeBrace)
        return bulkID
    }

    /// `externalId`, else `id`, else the sequence number, made unique in the document (`x`, `x#2`, …).
    func uniqueBulkID(id: [UInt8]?, external: [UInt8]?, inNewDocument: Bool) -> BulkID {
        var base = external ?? id ?? []
        if base.isEmpty { base = Array(String(sequence).utf8) }
        var candidate = BulkID(bytes: base)
        guard !inNewDocument else { return candidate }
        var n = 1
        while bulkIDs.contains(candidate) {
            n += 1
            candidate = BulkID(bytes: base + Array("#\(n)".utf8))
        }
        return candidate
    }

    /// A `bulkId`'s bytes, hashed in one call rather than byte by byte.
    struct BulkID: Hashable {
        let bytes: [UInt8]

        func hash(into hasher: inout Hasher) {
            bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
        }
    }
}

/// Percent-encoding of URL path segments (RFC 3986 unreserved characters kept).
enum PathEncoding {
    static let hex = Array("0123456789ABCDEF".utf8)

    /// Appends `utf8` with every byte outside the unreserved set as `%XX`.
    static func appendEscapedSegment(_ utf8: [UInt8], to out: inout [UInt8]) {
        for b in utf8 {
            if b.isASCIILetter || b.isASCIIDigit || b == ._minus || b == ._period || b == UInt8(ascii: "_") || b == UInt8(ascii: "~") {
                out.append(b)
            } else {
                out += [UInt8(ascii: "%"), hex[Int(b >> 4)], hex[Int(b & 15)]]
            }
        }
    }
}
