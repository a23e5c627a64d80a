import Testing
@testable import SCIMStream

/// `--keep` with very many paths: set-up was quadratic (100,000 paths took 585 s).
@Suite struct KeepScalingTests {
    @Test(.timeLimit(.minutes(1)))
    func hundredThousandPathsSetUpAndRun() throws {
        let n = 100_000
        let ext = SCIMSchema.enterpriseUser
        var paths = (0..<n).map { AttributePath(name: "a\($0)") }
        paths += (0..<n).map { AttributePath(name: "A\($0)", subAttribute: "x") }  // same names again, other case
        paths += (0..<1000).map { AttributePath(schema: ext, name: "e\($0)") }
        var stage = KeepStage(paths)
        let json = #"{"schemas":["s"],"zz":1,"a5":1,"A99999":{"x":1,"y":2},"\u0061\u0037":3,"\#(ext)":{"E7":1,"f":2}}"#
        var record = try UserRecord(json: Array(json.utf8))
        _ = try stage.process(&record)
        // a5 and a7 (escaped key) are kept whole (a path names them whole); A99999 too.
        #expect(record.jsonText == #"{"schemas":["s"],"a5":1,"A99999":{"x":1,"y":2},"\u0061\u0037":3,"\#(ext)":{"E7":1}}"#)
    }

    @Test func fewAndManyEntriesFindTheSameNames() throws {
        let json = #"{"ID":1,"userName":"u","emails":[{"value":"v","type":"t"}],"\u0074itle":"x","other":2}"#
        let few = [path("id"), path("emails.value"), path("title")]
        let many = few + (0..<20).map { AttributePath(name: "unused\($0)") }
        #expect(try apply([KeepStage(few)], to: json) == apply([KeepStage(many)], to: json))
        #expect(try apply([KeepStage(many)], to: json) == #"{"ID":1,"emails":[{"value":"v"}],"\u0074itle":"x"}"#)
    }
}
