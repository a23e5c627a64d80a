import SCIMStream

/// What a stage may need besides its own value: the run's other stage options and the key.
package struct StageContext: Sendable {
    /// The key for `--pseudonymize`, from `--key-file`.
    package var key: [UInt8]?
    /// The names of the stage options of this run (command line and `--pipeline` files).
    package var stageOptions: Set<String>

    /// A context for a run with these stage options.
    package init(key: [UInt8]? = nil, stageOptions: Set<String> = []) {
        self.key = key
        self.stageOptions = stageOptions
    }

    /// True when the run also has `definition`'s option (`--for-create` asks for `--id-to-external-id`).
    package func has(_ definition: StageDefinition) -> Bool {
        stageOptions.contains(definition.name)
    }

    /// Reads a key file: its bytes, without one trailing newline (as `echo secret > key` leaves).
    ///
    /// - Throws: ``UsageError`` when the file cannot be read or is empty.
    package static func readKey(_ path: String) throws(UsageError) -> [UInt8] {
        var bytes: [UInt8]
        do {
            bytes = try FileContents.read(path)
        } catch {
            throw UsageError("--key-file: \(error)")
        }
        if bytes.last == 0x0A { bytes.removeLast() }
        if bytes.last == 0x0D { bytes.removeLast() }
        guard !bytes.isEmpty else { throw UsageError("--key-file \(path) is empty") }
        return bytes
    }
}
