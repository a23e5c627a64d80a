/// The file layouts the generator can write, as an admin's export would look.
public enum SampleLayout: String, CaseIterable, Sendable {
    /// One user per line.
    case ndjson
    /// Paged ListResponse documents, pretty-printed, concatenated (a paged export saved to one file).
    case pages
    /// One ListResponse holding every user, one user per line inside `Resources`.
    case list
    /// A JSON array of users, one per line.
    case array
}

extension SampleUsers {
    /// Streams an export of `count` users in `layout` to `emit`, a piece at a time, so
    /// exports of any size are written in constant memory.
    public static func export(
        count: Int, layout: SampleLayout, pageSize: Int = 100, seed: UInt64 = 7, emit: (String) -> Void
    ) {
        switch layout {
        case .ndjson:
            var generator = SampleUsers(seed: seed)
            for i in 0..<count { emit(generator.nextUser(index: i) + "\n") }
        case .pages:
            var generator = SampleUsers(seed: seed)
            var start = 0
            repeat {
                let n = min(pageSize, count - start)
                var page = "{\n    \"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],\n"
                page += "    \"totalResults\": \(count),\n    \"startIndex\": \(start + 1),\n"
                page += "    \"itemsPerPage\": \(n),\n    \"Resources\": ["
                page += (start..<start + n).map { "\n        " + generator.nextUser(index: $0) }.joined(separator: ",")
                page += "\n    ]\n}\n"
                emit(page)
                start += n
            } while start < count
        case .list, .array:
            var generator = SampleUsers(seed: seed)
            emit(
                layout == .list
                    ? "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],\"totalResults\":\(count),\"itemsPerPage\":\(count),\"startIndex\":1,\"Resources\":["
                    : "[")
            for i in 0..<count { emit((i == 0 ? "\n" : ",\n") + generator.nextUser(index: i)) }
            emit(layout == .list ? "\n]}\n" : "\n]\n")
        }
    }
}
