// Editing the values an attribute path selects, at any depth, while every byte the path does
// not select stays as it came.

/// What an edit creates or renames besides transforming the values a path selects.
import SCIMJSON

struct PathEdit {
    /// When set, an attribute the path names but the record lacks is created with these JSON
    /// bytes (not through a filter: a value path that selects nothing creates nothing).
    var create: [UInt8]?
    /// When set, the attribute the path ends at is renamed (values untouched).
    var renameTo: String?
}

/// What an edit did.
struct EditSummary {
    /// Values transformed, created, removed or renamed.
    var changed = 0
    /// An extension object was created (its URN belongs in `schemas`).
    var createdExtension: String?
}

extension UserRecord {
    /// Applies `transform` (and `edit`'s creation or renaming) to every value `path` selects.
    ///
    /// `transform` is not escaping, so stages may keep state (caches) in locals it captures.
    @discardableResult
    mutating func edit(
        _ path: CompiledPath, _ edit: PathEdit = PathEdit(),
        transform: (JSONSlice) -> JSONRebuild.Outcome = { _ in .keep }
    ) -> EditSummary {
        var summary = EditSummary()
        var changes: [(Int, JSONRebuild.Outcome)] = []
        var renames: [(Int, String)] = []
        var appends: [(String, [UInt8])] = []
        let spelled = path.path
        withView { view in
            var found = false
            func editTopLevel(_ i: Int) {
                found = true
                if path.filter == nil && path.sub == nil {
                    if let name = edit.renameTo {
                        renames.append((i, name))
                        summary.changed += 1
                        return
                    }
                    let outcome = transform(view.value(i))
                    if case .keep = outcome { return }
                    summary.changed += 1
                    changes.append((i, outcome))
                } else {
                    let outcome = Self.editValue(view.value(i), path, edit, transform, &summary)
                    if case .keep = outcome { return }
                    changes.append((i, outcome))
                }
            }
            if let schema = path.schema {
                for i in view.fields.indices where view.keyMatches(i, schema) {
                    let ext = view.value(i)
                    guard ext.kind == .object else { continue }
                    found = true
                    let outcome = Self.editMember(in: ext, path.name, spelled.name, path, edit, transform, &summary)
                    if case .keep = outcome { continue }
                    changes.append((i, outcome))
                }
                if let qualified = path.qualifiedName {
                    for i in view.fields.indices where view.keyMatches(i, qualified) { editTopLevel(i) }
                }
                if !found, path.filter == nil, let create = edit.create, let urn = spelled.schema {
                    let value = path.sub == nil ? create : JSONRebuild.singleMember(spelled.subAttribute!, create)
                    appends.append((urn, JSONRebuild.singleMember(spelled.name, value)))
                    summary.changed += 1
                    summary.createdExtension = urn
                }
            } else {
                for i in view.fields.indices where view.keyMatches(i, path.name) { editTopLevel(i) }
                if !found, path.filter == nil, let create = edit.create {
                    appends.append((spelled.name, path.sub == nil ? create : JSONRebuild.singleMember(spelled.subAttribute!, create)))
                    summary.changed += 1
                }
            }
        }
        for (i, outcome) in changes {
            switch outcome {
            case .remove: removeField(at: i)
            case .replace(let bytes): replaceValue(at: i, with: bytes, mayHoldWhitespace: storage.fields[i].flags.contains(.valueHasWhitespace))
            case .keep: break
            }
        }
        for (i, name) in renames { renameField(at: i, to: name) }
        for (name, value) in appends { appendField(name: name, json: value) }
        return summary
    }

    /// Edits an attribute's value: through the path's filter and sub-attribute.
    static func editValue(
        _ value: JSONSlice, _ path: CompiledPath, _ edit: PathEdit,
        _ transform: (JSONSlice) -> JSONRebuild.Outcome, _ summary: inout EditSummary
    ) -> JSONRebuild.Outcome {
        switch value.kind {
        case .array:
            // Element by element into the new array: no table of every element's outcome.
            var rebuilt = JSONArrayRebuilder(value)
            var elements = JSONSlice.ElementIterator(value)
            while let element = elements.next() {
                var outcome = JSONRebuild.Outcome.keep
                if let filter = path.filter, !filter.evaluate(.element(element)) {
                    // not selected: kept
                } else if let sub = path.sub {
                    if element.kind == .object {
                        outcome = editMember(in: element, sub, path.path.subAttribute!, nil, edit, transform, &summary)
                    }
                } else {
                    outcome = transform(element)
                    if case .keep = outcome {} else { summary.changed += 1 }
                }
                rebuilt.add(element, outcome)
            }
            return rebuilt.finish()
        case .object:
            if let filter = path.filter, !filter.evaluate(.element(value)) { return .keep }
            guard let sub = path.sub else {
                let outcome = transform(value)
                if case .keep = outcome {} else { summary.changed += 1 }
                return outcome
            }
            return editMember(in: value, sub, path.path.subAttribute!, nil, edit, transform, &summary)
        default:
            return .keep
        }
    }

    /// Edits member `name` of `object`; with `path`, continues through its filter and
    /// sub-attribute, else applies `edit` to the member itself.
    static func editMember(
        in object: JSONSlice, _ name: [UInt8], _ spelledName: String, _ path: CompiledPath?,
        _ edit: PathEdit, _ transform: (JSONSlice) -> JSONRebuild.Outcome, _ summary: inout EditSummary
    ) -> JSONRebuild.Outcome {
        let members = JSONRebuild.members(object)
        var outcomes = [JSONRebuild.Outcome](repeating: .keep, count: members.count)
        var renames: [Int: String] = [:]
        var found = false
        var changed = false
        let direct = path == nil || (path!.filter == nil && path!.sub == nil)
        for (k, member) in members.enumerated() where member.key.equalsNameOutOfLine(name) {
            found = true
            let outcome: JSONRebuild.Outcome
            if direct {
                if let newName = edit.renameTo {
                    renames[k] = newName
                    summary.changed += 1
                    changed = true
                    continue
                }
                outcome = transform(member.value)
                if case .keep = outcome {} else { summary.changed += 1 }
            } else {
                outcome = editValue(member.value, path!, edit, transform, &summary)
            }
            if case .keep = outcome { continue }
            outcomes[k] = outcome
            changed = true
        }
        var extra: [(String, [UInt8])] = []
        if !found, let create = edit.create, path?.filter == nil {
            if let sub = path?.path.subAttribute, path?.sub != nil {
                extra.append((spelledName, JSONRebuild.singleMember(sub, create)))
            } else {
                extra.append((spelledName, create))
            }
            summary.changed += 1
            changed = true
        }
        return changed ? .replace(JSONRebuild.object(members, outcomes, renames: renames, extra: extra)) : .keep
    }
}

extension UserRecord {
    /// The top-level members a client may not ask a server to set or change: `id`, `meta`
    /// and `groups` (RFC 7643 §3.1, §4.1.2).
    public static let readOnlyMembers = ["id", "meta", "groups"]

    /// The record without ``readOnlyMembers`` (what a PUT or a PATCH `replace` may carry).
    public var withoutReadOnlyMembers: UserRecord {
        var copy = self
        for name in Self.readOnlyMembers { copy.removeMembers(named: name) }
        return copy
    }
}
