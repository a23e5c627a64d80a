package import SCIMJSON
package import SCIMStream
/// Builds stages from option names and values: the command line and `--pipeline` files share it.
package enum StageFactory {
    /// Option names that create a stage, in `--help` order.
    package static let stageOptions: Set<String> = [
        "strip", "keep", "lowercase", "uppercase", "normalize-username", "set", "default", "rename",
        "replace-domain", "filter", "for-create", "id-to-external-id", "pseudonymize", "dedupe",
    ]

    /// What a stage may need besides its own value.
    package struct Context {
        /// The key for `--pseudonymize`, from `--key-file`.
        package var key: [UInt8]?
        /// `--id-to-external-id` was given together with `--for-create`.
        package var forCreateCopiesID = false

        /// Creates a context.
        package init(key: [UInt8]? = nil, forCreateCopiesID: Bool = false) {
            self.key = key
            self.forCreateCopiesID = forCreateCopiesID
        }
    }

    /// The stage for `--option value`; nil for `--id-to-external-id` folded into `--for-create`.
    ///
    /// - Throws: ``UsageError`` with the column of a bad path or filter.
    package static func make(_ option: String, _ value: String?, context: Context) throws(UsageError) -> (any RecordStage)? {
        let value = value ?? ""
        switch option {
        case "strip": return StripStage(try paths(value, option))
        case "keep": return KeepStage(try paths(value, option))
        case "lowercase": return CaseNormalization(try path(value, option), .lowercase)
        case "uppercase": return CaseNormalization(try path(value, option), .uppercase)
        case "normalize-username": return CaseNormalization(AttributePath(name: "userName"), .lowercase)
        case "set", "default":
            guard let (target, json) = StringValues.splitAssignment(value) else {
                throw UsageError("--\(option) needs PATH=JSON, for example --\(option) 'title=\"Agent\"'")
            }
            let parsed: JSONValue
            do {
                parsed = try JSONValue(parsing: json)
            } catch {
                throw UsageError("--\(option) \(target)=…: the value is not JSON (\(error.message)); quote strings: --\(option) '\(target)=\"\(json)\"'")
            }
            return SetStage(try path(target, option), to: parsed, onlyWhereAbsent: option == "default")
        case "rename":
            guard let (old, new) = StringValues.splitAssignment(value), !new.isEmpty else {
                throw UsageError("--rename needs OLD=NEW, for example --rename title=jobTitle")
            }
            let from = try path(old, option)
            guard from.filter == nil else { throw UsageError("--rename: OLD must not hold a filter: \(old)") }
            let to = try path(new, option)
            guard to.schema == nil, to.filter == nil, to.subAttribute == nil else {
                throw UsageError("--rename: NEW is the new name only (no '.', ':' or filter): \(new)")
            }
            return RenameStage(from, to: to.name)
        case "replace-domain":
            guard let (old, new) = StringValues.splitAssignment(value), !old.isEmpty, !new.isEmpty,
                  !old.contains("@"), !new.contains("@") else {
                throw UsageError("--replace-domain needs OLD=NEW domains, for example --replace-domain example.com=example.org")
            }
            return ReplaceDomainStage(from: old, to: new)
        case "filter":
            do {
                return FilterStage(try CompiledFilter(parsing: value))
            } catch {
                throw UsageError("invalid filter for --filter: \(error)")
            }
        case "for-create": return ForCreateStage(copyIDToExternalID: context.forCreateCopiesID)
        case "id-to-external-id": return context.forCreateCopiesID ? nil : IDToExternalIDStage()
        case "pseudonymize":
            guard let key = context.key else {
                throw UsageError("--pseudonymize needs --key-file FILE holding the secret key")
            }
            return PseudonymizeStage(try paths(value, option), key: key)
        case "dedupe": return DedupeStage(try path(value, option))
        default: preconditionFailure("--\(option) is not a stage option")
        }
    }

    static func path(_ text: String, _ option: String) throws(UsageError) -> AttributePath {
        do {
            return try AttributePath(parsing: text.trimmingSpaces)
        } catch {
            throw UsageError("invalid path for --\(option): \(error)")
        }
    }

    static func paths(_ text: String, _ option: String) throws(UsageError) -> [AttributePath] {
        let parts = StringValues.splitList(text)
        guard !parts.isEmpty else { throw UsageError("--\(option) needs at least one attribute path") }
        var out: [AttributePath] = []
        for part in parts { out.append(try path(part, option)) }
        return out
    }

    /// Reads a key file: its bytes, without one trailing newline (as `echo secret > key` leaves).
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

/// A `--pipeline FILE`: stage options one per line, same syntax as the flags, `#` comments.
///
/// ```
/// # migration preset
/// --for-create
/// --replace-domain example.com=example.org
/// --filter active eq true
/// lowercase userName          # the leading dashes are optional
/// ```
/// The value is the rest of the line; a value wrapped in single quotes loses them.
package enum PipelineFile {
    /// The (option, value) pairs of `text`, in order.
    ///
    /// - Throws: ``UsageError`` naming `FILE:LINE` for unknown or non-stage options.
    package static func parse(_ text: String, name: String) throws(UsageError) -> [(option: String, value: String?)] {
        var out: [(option: String, value: String?)] = []
        // Character.isNewline covers "\n", "\r\n" (one Character) and "\r".
        for (n, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = String(rawLine).trimmingSpaces
            if line.isEmpty || line.hasPrefix("#") { continue }
            var word = line.prefix { $0 != " " && $0 != "\t" && $0 != "=" }
            var rest = line.dropFirst(word.count)
            if rest.first == "=" { rest = rest.dropFirst() }
            while word.hasPrefix("-") { word = word.dropFirst() }
            let option = String(word)
            guard StageFactory.stageOptions.contains(option) || option == "keep-password" else {
                throw UsageError("\(name):\(n + 1): '\(word)' is not a stage option")
            }
            var value = String(rest).trimmingSpaces
            if value.count >= 2, value.hasPrefix("'"), value.hasSuffix("'") { value = String(value.dropFirst().dropLast()) }
            let takesValue = OptionTable.spec(option).takesValue
            if takesValue && value.isEmpty { throw UsageError("\(name):\(n + 1): --\(option) needs a value") }
            if !takesValue && !value.isEmpty { throw UsageError("\(name):\(n + 1): --\(option) takes no value") }
            out.append((option, takesValue ? value : nil))
        }
        return out
    }
}
