// libFuzzer target: the filter and attribute-path parsers and the evaluator.
// Built by Tests/Fuzz/run.sh together with the library sources (not part of `swift build`).
//
// Invariants: parsing never crashes; a parsed filter's canonical text parses again to the
// same expression; evaluation against a fixed user never crashes.

let fuzzRecord = try! UserRecord(
    json: Array(
        #"""
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"1","userName":"Zoë@Example.com","active":true,
         "name":{"givenName":"Zoë"},"emails":[{"value":"z@x.org","type":"work","primary":true},{"value":"q"}],
         "meta":{"created":"2024-01-01T00:00:00Z"},"score":1.5,"roles":["a",{"value":"b"}],
         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":{"value":"m"}}}
        """#.utf8))

/// libFuzzer entry point: one filter-parser input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFilter(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let filter = try? FilterExpression(parsing: text) {
        let again = try? FilterExpression(parsing: filter.description)
        precondition(again == filter, "canonical form does not round-trip: \(text) -> \(filter)")
        _ = CompiledFilter(filter).matches(fuzzRecord)
    }
    if let path = try? AttributePath(parsing: text) {
        _ = fuzzRecord.values(at: path)
        var record = fuzzRecord
        var strip = StripStage([path])
        _ = try? strip.process(&record)
        _ = try? JSONValue(json: record.jsonBytes())
    }
    _ = StringValues.splitList(text)
    _ = StringValues.splitAssignment(text)
    return 0
}
