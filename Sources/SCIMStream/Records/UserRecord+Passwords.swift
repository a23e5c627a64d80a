// Removing password members (``PasswordKey``) wherever they are in a record.

import SCIMJSON

extension UserRecord {
    /// Removes every password member, at the top level or nested at any depth; returns how
    /// many top-level members were removed or rewritten.
    ///
    /// A nested value is only walked when the reader's fast path saw a nested key that may be
    /// a password (``UserRecord/Storage/mayHoldNestedPassword``) or, for other records, when
    /// ``PasswordKey/mayOccur(in:from:end:)`` finds a candidate in its bytes.
    @discardableResult
    mutating func removePasswords() -> Int {
        var changed = 0
        var i = 0
        while i < storage.fields.count {
            let f = storage.fields[i]
            defer { i += 1 }
            if f.isRemoved { continue }
            let isPassword: Bool
            if f.flags.contains(.keyInArena) {
                isPassword = withKeyBytes(i) { PasswordKey.matches(token: $0.baseAddress!, start: 0, end: $0.count) }
            } else {
                isPassword = PasswordKey.matches(
                    token: storage.bytes, start: f.keyStart, end: f.keyEnd,
                    hasEscapes: f.flags.contains(.keyHasEscapes))
            }
            if isPassword {
                removeField(at: i)
                changed += 1
                continue
            }
            guard f.kind == .object || f.kind == .array else { continue }
            // The reader's fast path saw every nested key of the original bytes: none can be one.
            if !storage.mayHoldNestedPassword && !f.flags.contains(.valueInArena) { continue }
            let rebuilt: [UInt8]? = withValueBytes(i) { bytes in
                guard let base = bytes.baseAddress, PasswordKey.mayOccur(in: base, from: 0, end: bytes.count) else { return nil }
                guard case .replace(let json) = Self.withoutPasswords(JSONSlice(base: base, start: 0, end: bytes.count)) else { return nil }
                return json
            }
            if let rebuilt {
                replaceValue(at: i, with: rebuilt, mayHoldWhitespace: f.flags.contains(.valueHasWhitespace))
                changed += 1
            }
        }
        return changed
    }

    /// `value` rebuilt without its password members (at any depth), or `.keep` when it has none.
    static func withoutPasswords(_ value: JSONSlice) -> JSONRebuild.Outcome {
        switch value.kind {
        case .object:
            let members = JSONRebuild.members(value)
            var outcomes = [JSONRebuild.Outcome](repeating: .keep, count: members.count)
            var changed = false
            for (k, member) in members.enumerated() {
                if PasswordKey.matches(token: member.key.base, start: member.key.start, end: member.key.end) {
                    outcomes[k] = .remove
                } else {
                    outcomes[k] = withoutPasswords(member.value)
                    if case .keep = outcomes[k] { continue }
                }
                changed = true
            }
            return changed ? .replace(JSONRebuild.object(members, outcomes)) : .keep
        case .array:
            let elements = value.elements
            var outcomes = [JSONRebuild.Outcome](repeating: .keep, count: elements.count)
            var changed = false
            for (k, element) in elements.enumerated() {
                outcomes[k] = withoutPasswords(element)
                if case .keep = outcomes[k] { continue }
                changed = true
            }
            return changed ? .replace(JSONRebuild.array(elements, outcomes)) : .keep
        default:
            return .keep
        }
    }
}
