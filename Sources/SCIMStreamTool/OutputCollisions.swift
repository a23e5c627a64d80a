import SCIMJSON
import SCIMStream
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Refuses outputs that would destroy data before anything is opened: an output that is an
/// input (a file operand, standard input redirected from a file, or a file an option reads
/// such as `--columns-file`) or another output (same device and inode, or same path), a document of the Bulk
/// directory that is an input or output, and a `--stats-json` or `--rejects` path that holds
/// something else than what they write (an option that takes a value swallowed a data file's
/// name: `scimstream --stats-json users.ndjson`).
///
/// Standard output (when the records go there) and outputs named as descriptors (`/dev/stdout`,
/// `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`) are checked by the file open at that
/// descriptor when it is a regular file: `scimstream users.ndjson >> users.ndjson` would read
/// its own output forever. Devices, FIFOs, pipes and terminals are not checked: writing
/// through them destroys nothing.
package enum OutputCollisions {
    /// One named output.
    struct Output {
        let option: String
        let path: String
        var label: String { "\(option) \(path)" }
    }

    /// Checks `configuration`'s outputs against its inputs, the files options read
    /// (`optionFiles`: `--key-file`, `--pipeline`, …), and each other.
    ///
    /// - Throws: ``UsageError`` naming the two that collide (exit 64).
    package static func check(_ configuration: ToolConfiguration, optionFiles: [(option: String, path: String)] = []) throws(UsageError) {
        var outputs: [Output] = []
        if let path = configuration.outputPath { outputs.append(Output(option: "-o", path: path)) }
        if let path = configuration.rejectsPath { outputs.append(Output(option: "--rejects", path: path)) }
        if let path = configuration.statisticsJSONPath { outputs.append(Output(option: "--stats-json", path: path)) }
        if let path = configuration.service.resultsPath { outputs.append(Output(option: "--results", path: path)) }
        // Each input with how a message names it: "the input users.ndjson", "--key-file key".
        var inputs: [(name: String, identity: FileIdentity)] = []
        for input in configuration.inputs {
            switch input {
            case .standardInput:
                if let identity = FileIdentity(descriptor: STDIN_FILENO) { inputs.append(("the input <stdin>", identity)) }
            case .file(let path):
                if let identity = inputIdentity(path) { inputs.append(("the input \(path)", identity)) }
            case .stream:
                break
            }
        }
        for (option, path) in optionFiles {
            if let identity = inputIdentity(path) { inputs.append(("\(option) \(path)", identity)) }
        }
        // The outputs checked so far, with how a message names them: "-o out.ndjson", "standard output".
        var seen: [(label: String, identity: FileIdentity)] = []
        // Without -o the records go to standard output; redirected to a file, that file is an output.
        if configuration.outputPath == nil, configuration.bulkDirectory == nil,
            let identity = FileIdentity(regularFileAtDescriptor: STDOUT_FILENO)
        {
            if let input = inputs.first(where: { $0.identity == identity }) {
                throw UsageError("standard output is the same file as \(input.name)")
            }
            seen.append(("standard output", identity))
        }
        for output in outputs {
            guard let identity = outputIdentity(output.path) else { continue }
            if let input = inputs.first(where: { $0.identity == identity }) {
                throw UsageError("\(output.label) is the same file as \(input.name)")
            }
            if let earlier = seen.first(where: { $0.identity == identity }) {
                throw UsageError("\(output.label) is the same file as \(earlier.label)")
            }
            seen.append((output.label, identity))
        }
        if let directory = configuration.bulkDirectory {
            let paths = configuration.inputs.compactMap { if case .file(let path) = $0 { path } else { nil } }
            try checkBulkDirectory(directory, inputs: paths + optionFiles.map(\.path), outputs: outputs)
        }
        for output in outputs {
            try checkContents(output)
        }
    }

    /// The existing file or directory an input path reads (for a descriptor path such as
    /// `/dev/stdin`, the regular file open there), or nil.
    static func inputIdentity(_ path: String) -> FileIdentity? {
        if OutputPath.descriptorNumber(path) != nil { return FileIdentity(regularFileAtDescriptorPath: path) }
        guard let identity = FileIdentity(path: path), case .inode = identity else { return nil }
        return identity
    }

    /// The file an output path writes (for a descriptor path such as `/dev/stdout`, the regular
    /// file open there), or nil for what writing cannot destroy (devices, FIFOs, pipes, terminals).
    static func outputIdentity(_ path: String) -> FileIdentity? {
        if OutputPath.descriptorNumber(path) != nil { return FileIdentity(regularFileAtDescriptorPath: path) }
        return FileIdentity(path: path)
    }

    /// Inputs and outputs named like the documents `-o DIR/` deletes and rewrites.
    static func checkBulkDirectory(_ directory: String, inputs: [String], outputs: [Output]) throws(UsageError) {
        guard let bulk = FileIdentity(path: directory), case .inode = bulk else { return }
        func isDocument(_ path: String) -> Bool {
            let name = path.split(separator: "/").last.map(String.init) ?? path
            guard BulkDocumentNames.isDocumentName(name) else { return false }
            let parent = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
            return FileIdentity(path: parent.isEmpty ? "/" : parent) == bulk
        }
        if let input = inputs.first(where: isDocument) {
            throw UsageError("the input \(input) is a Bulk document in -o \(directory)/, which this run replaces")
        }
        if let output = outputs.first(where: { isDocument($0.path) }) {
            throw UsageError("\(output.label) is a Bulk document's name in -o \(directory)/, which this run replaces")
        }
    }

    /// A non-empty regular file at `--stats-json` or `--rejects` must look like their output.
    static func checkContents(_ output: Output) throws(UsageError) {
        let expected: (prefix: String, what: String)
        switch output.option {
        case "--stats-json": expected = (#"{"records_read":"#, "statistics")
        case "--rejects": expected = (#"{"source":"#, "rejected records")
        default: return
        }
        guard case .regularFile = try? OutputPath.inspect(output.path) else { return }
        guard let fd = try? SystemCall.open(output.path, O_RDONLY | O_NONBLOCK) else { return }
        defer { SystemCall.close(fd) }
        guard let head = try? SystemCall.read(fd, upTo: expected.prefix.utf8.count), !head.isEmpty else { return }  // empty: nothing to lose
        if head.elementsEqual(expected.prefix.utf8) { return }
        throw UsageError("\(output.label) holds something other than \(expected.what); remove it or choose another path")
    }
}
