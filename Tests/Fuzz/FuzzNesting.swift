// libFuzzer target: the filter parser's nesting bound and long chains.
// Built by Tests/Fuzz/run.sh together with the library sources (not part of `swift build`).
//
// The input is a little program, so a few bytes make filters nested or chained tens of
// thousands deep (a byte-for-byte filter would need megabytes): byte pairs (op, count), each
// appending a piece `count` times (count up to 128 × 1000), and op 9 closing everything open.
//
// Invariants: parsing never crashes (no stack overflow, whatever the depth or length); a
// nesting error only comes from text that nests deeper than FilterExpression.maxNesting and
// names the limit; a parsed filter prints, parses back the same, compiles and evaluates.

let fuzzRecord = try! UserRecord(
    json: Array(
        #"""
        {"userName":"x","title":"t","emails":[{"value":"a","type":"work"},{"value":"b"}],"active":true}
        """#.utf8))

/// Builds the filter text the input describes (at most 4 MB).
func nestingText(_ input: UnsafeBufferPointer<UInt8>) -> String {
    var text = ""
    var open: [String] = []  // closers of what is open, innermost last
    var k = 0
    while k + 1 < input.count && text.utf8.count < 4 << 20 {
        let op = input[k] % 10
        let c = Int(input[k + 1])
        let count = 1 + (c & 0x7F) * (c & 0x80 != 0 ? 1000 : 1)
        k += 2
        for _ in 0..<count {
            switch op {
            case 0: text += "("; open.append(")")
            case 1: text += ")"; if !open.isEmpty { open.removeLast() }
            case 2: text += "not ("; open.append(")")
            case 3: text += "emails["; open.append("]")
            case 4: text += "]"; if !open.isEmpty { open.removeLast() }
            case 5: text += " and title pr"
            case 6: text += #" or value eq "a""#
            case 7: text += "type pr"
            case 8: text += " and "
            default:
                text += "value pr" + open.reversed().joined()
                open.removeAll()
            }
            if text.utf8.count >= 4 << 20 { break }
        }
    }
    return text
}

/// The deepest run of unclosed `(` and `[` in `text` (the generator puts none in strings).
func rawNesting(_ text: String) -> Int {
    var depth = 0
    var deepest = 0
    for b in text.utf8 {
        if b == UInt8(ascii: "(") || b == UInt8(ascii: "[") { depth += 1; deepest = max(deepest, depth) }
        if b == UInt8(ascii: ")") || b == UInt8(ascii: "]") { depth -= 1 }
    }
    return deepest
}

/// libFuzzer entry point: one nesting program.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNesting(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = nestingText(UnsafeBufferPointer(start: data, count: size))
    do {
        let filter = try FilterExpression(parsing: text)
        let again = try? FilterExpression(parsing: filter.description)
        precondition(again == filter, "canonical form does not round-trip")
        _ = CompiledFilter(filter).matches(fuzzRecord)
    } catch {
        if error.message.contains("nests deeper") {
            precondition(error.message.contains("\(FilterExpression.maxNesting)"), "the error does not name the limit")
            precondition(rawNesting(text) > FilterExpression.maxNesting, "nesting error at depth \(rawNesting(text))")
        }
    }
    if let path = try? AttributePath(parsing: text) {
        _ = fuzzRecord.values(at: path)
    }
    return 0
}
