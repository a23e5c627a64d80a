/// Writes records as SCIM Bulk requests (RFC 7644 §3.7), one operation per user, split so
/// that every document stays within the server's advertised limits.
///
/// Each document is a `BulkRequest`. `POST` creates (`path` `/Users`, a `bulkId` from
/// `externalId`, else `id`, else the record's sequence number, unique within the document);
/// `PUT` replaces and `PATCH` updates `/Users/{id}` (PATCH `data` is a `PatchOp` with one
/// `replace` operation whose value is the record); `DELETE` names `/Users/{id}` only. The
/// writer never edits the record: dropping read-only attributes is `--for-create`'s job.
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
        /// Files `bulk-000001.json`, `bulk-000002.json`, … in a directory, each written atomically.
        case directory(String)
    }

    /// The settings.
    public let options: Options
    let destination: Destination
    let header: [UInt8]
    static let footer: [UInt8] = Array("]}".utf8)
    /// Operations of the current document, comma-separated.
    var operations: [UInt8] = []
    /// Storage reused for each operation's bytes.
    var scratch: [UInt8] = []
    var operationCount = 0
    var bulkIDs: Set<[UInt8]> = []
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
    }

    /// Bytes of an empty document with its newline.
    var overhead: Int { header.count + Self.footer.count + 1 }

    /// Adds the record's operation, first closing the current document when it would overflow.
    ///
    /// - Throws: ``StageRejection`` for a PUT/PATCH/DELETE without `id`, or a user too large
    ///   for any document; ``IOError`` when a document file cannot be written.
    public mutating func write(_ record: UserRecord, to out: OutputBuffer) throws {
        sequence += 1
        let operation = try makeOperation(record)
        let single = overhead + operation.count
        guard single <= options.maxBytes else {
            throw StageRejection(stage: "bulk", reason: "this user needs a \(single)-byte Bulk document, more than --bulk-max-bytes \(options.maxBytes)")
        }
        let separator = operationCount > 0 ? 1 : 0
        if operationCount == options.maxOperations || overhead + operations.count + separator + operation.count > options.maxBytes {
            try flushDocument(to: out)
        }
        if operationCount > 0 { operations.append(._comma) }
        operations += operation
        operationCount += 1
        scratch = operation  // reuse its storage for the next operation
    }

    /// Creates the destination directory when needed.
    public mutating func begin(to out: OutputBuffer) throws {
        if case .directory(let dir) = destination { try FileSystem.makeDirectory(dir) }
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
            let name = String(documentCount)
            let path = dir + "/bulk-" + String(repeating: "0", count: max(0, 6 - name.count)) + name + ".json"
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

    /// The operation's JSON bytes.
    mutating func makeOperation(_ record: UserRecord) throws -> [UInt8] {
        var op: [UInt8] = Array(#"{"method":"\#(options.method.rawValue)","#.utf8)
        let id = record.withView { view in view.member(Array("id".utf8)).flatMap { $0.kind == .string ? $0.stringBytes() : nil } }
        switch options.method {
        case .post:
            op += Array(#""path":"/Users","bulkId":"#.utf8)
            op += uniqueBulkID(record, id: id)
            op += Array(#","data":"#.utf8)
            record.appendJSON(to: &op)
        case .put, .patch, .delete:
            guard let id, !id.isEmpty else {
                throw StageRejection(stage: "bulk", reason: "\(options.method.rawValue) needs the user's \"id\", and this record has none")
            }
            op += Array(#""path":"/Users/"#.utf8)
            op += PathEncoding.escapeSegment(id)
            op.append(._quote)
            if options.method == .put {
                op += Array(#","data":"#.utf8)
                record.appendJSON(to: &op)
            } else if options.method == .patch {
                op += Array(#","data":{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":"#.utf8)
                record.appendJSON(to: &op)
                op += Array("}]}".utf8)
            }
        }
        op.append(._closeBrace)
        return op
    }

    /// `externalId`, else `id`, else the sequence number, as a JSON string unique in the document.
    mutating func uniqueBulkID(_ record: UserRecord, id: [UInt8]?) -> [UInt8] {
        let external = record.withView { view in
            view.member(Array("externalid".utf8)).flatMap { $0.kind == .string ? $0.stringBytes() : nil }
        }
        var base = external ?? id ?? Array(String(sequence).utf8)
        if base.isEmpty { base = Array(String(sequence).utf8) }
        var candidate = base
        var n = 1
        while bulkIDs.contains(candidate) {
            n += 1
            candidate = base + Array("#\(n)".utf8)
        }
        bulkIDs.insert(candidate)
        var out: [UInt8] = []
        candidate.withUnsafeBytes { JSONEscaping.appendQuoted($0, to: &out) }
        return out
    }
}

/// Percent-encoding of URL path segments (RFC 3986 unreserved characters kept).
enum PathEncoding {
    static func escapeSegment(_ utf8: [UInt8]) -> [UInt8] {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for b in utf8 {
            if b.isASCIILetter || b.isASCIIDigit || b == ._minus || b == ._period || b == UInt8(ascii: "_") || b == UInt8(ascii: "~") {
                out.append(b)
            } else {
                out += [UInt8(ascii: "%"), hex[Int(b >> 4)], hex[Int(b & 15)]]
            }
        }
        return out
    }
}
