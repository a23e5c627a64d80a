import Testing
@testable import SCIMJSON
import SCIMTestSupport

/// The tokenizer's named number and escape states: their byte layout (which the escape
/// scanner's arithmetic relies on) and the grammar they walk, at every chunk size.
@Suite struct TokenizerScanStateTests {
    /// Every escape state's stored byte is its raw value, so ``JSONTokenizer/EscapeState/nextHexDigit``
    /// may step by adding one.
    @Test func escapeStatesAreStoredAsTheirRawValues() {
        for raw in UInt8(0)...11 {
            let state = JSONTokenizer.EscapeState(rawValue: raw)
            #expect(state != nil)
            #expect(unsafeBitCast(raw, to: JSONTokenizer.EscapeState.self) == state)
        }
        #expect(JSONTokenizer.EscapeState(rawValue: 12) == nil)
        #expect(MemoryLayout<JSONTokenizer.EscapeState>.size == 1)
        #expect(MemoryLayout<JSONTokenizer.NumberState>.size == 1)
        #expect(JSONTokenizer.EscapeState.hex1.nextHexDigit == .hex2)
        #expect(JSONTokenizer.EscapeState.hex3.nextHexDigit == .hex4)
        #expect(JSONTokenizer.EscapeState.lowHex1.nextHexDigit == .lowHex2)
        #expect(JSONTokenizer.EscapeState.lowHex3.nextHexDigit == .lowHex4)
    }

    /// A number ends where its grammar may: after a digit, not after `-`, `.`, `e` or a sign.
    @Test func numberStatesThatMayEnd() {
        let accepting: [JSONTokenizer.NumberState] = [.leadingZero, .integer, .fraction, .exponent]
        for raw in UInt8(0)...8 {
            let state = JSONTokenizer.NumberState(rawValue: raw)!
            #expect(state.isAccepting == accepting.contains(state), "\(state)")
        }
    }

    /// Surrogate pairs, lone surrogates and broken escapes, split at every chunk size, as one
    /// stream: the escape states carry across windows.
    @Test func escapesSplitAnywhere() {
        let valid = #"["\ud83d\ude00", "\u00e9\n\t\"", "a\/b"]"#
        for size in chunkSizes {
            let tokens = try? tokenize(Array(valid.utf8), chunkSize: size).get()
            #expect(tokens?.count == 5, "chunk \(size)")
        }
        for bad in [#"["\ud83d"]"#, #"["\ud83d\u0041"]"#, #"["\ude00"]"#, #"["\ud83dx"]"#, #"["\u12G4"]"#, #"["\q"]"#] {
            for size in chunkSizes {
                guard case .failure = tokenize(Array(bad.utf8), chunkSize: size) else {
                    Issue.record("\(bad) accepted at chunk \(size)")
                    continue
                }
            }
        }
    }

    /// Numbers split at every chunk size, including at the end of the input.
    @Test func numbersSplitAnywhere() {
        for good in ["0", "-0", "12.5e-3", "[1E+9, -0.25, 7]", "3e7"] {
            for size in chunkSizes {
                guard case .success = tokenize(Array(good.utf8), chunkSize: size) else {
                    Issue.record("\(good) rejected at chunk \(size)")
                    continue
                }
            }
        }
        for bad in ["-", "01", "1.", "1e", "1e+", "[-x]", "2.e3"] {
            for size in chunkSizes {
                guard case .failure = tokenize(Array(bad.utf8), chunkSize: size) else {
                    Issue.record("\(bad) accepted at chunk \(size)")
                    continue
                }
            }
        }
    }
}
