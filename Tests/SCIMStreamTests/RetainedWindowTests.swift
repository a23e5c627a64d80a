import Testing
@testable import SCIMStream

/// The reader's one retention rule, on its own: which buffered bytes must stay, how far the
/// tokenizer may scan, and what making room drops.
@Suite struct RetainedWindowTests {
    typealias Claims = RetainedWindow.Claims

    /// Claims with nothing but a tokenizer at `token` (scanned to `scanned`).
    func claims(token: Int, scanned: Int? = nil, element: Int? = nil, discards: Bool = false, lineSkip: Int? = nil) -> Claims {
        Claims(token: token, scanned: scanned ?? token, element: element, discardsElement: discards, lineSkip: lineSkip)
    }

    /// The earliest of the tokenizer's and the element's claims; a discarded record keeps only
    /// what is unscanned; a line skip overrides everything.
    @Test func theRule() {
        #expect(RetainedWindow.retainFrom(claims(token: 40)) == 40)
        #expect(RetainedWindow.retainFrom(claims(token: 40, element: 10)) == 10)
        #expect(RetainedWindow.retainFrom(claims(token: 40, element: 55)) == 40)
        #expect(RetainedWindow.retainFrom(claims(token: 30, scanned: 40, element: 10, discards: true)) == 40)
        #expect(RetainedWindow.retainFrom(claims(token: 30, scanned: 40, element: 10, discards: true, lineSkip: 70)) == 70)
        #expect(RetainedWindow.retainFrom(claims(token: 30, element: 10, lineSkip: 20)) == 20)
    }

    /// The size limit counts from the retained start; a discarded record has none.
    @Test func scanEndFollowsTheRule() {
        #expect(RetainedWindow.scanEnd(claims(token: 40, element: 10), maxRecordBytes: 100) == 111)
        #expect(RetainedWindow.scanEnd(claims(token: 40), maxRecordBytes: 100) == 141)
        #expect(RetainedWindow.scanEnd(claims(token: 40, element: 10, discards: true), maxRecordBytes: 100) == .max)
    }

    /// The scannable bytes end one past the limit; a window no longer than that is never cut.
    @Test func scannableBytes() {
        let bytes = [UInt8](repeating: 0x20, count: 300)
        bytes.withUnsafeBytes { all in
            let base = 1000
            let (cut, anchor) = RetainedWindow.scannable(all, base: base, claims(token: 1050, element: 1020), maxRecordBytes: 100)
            #expect(anchor == 1020)
            #expect(cut.count == 121)
            let (whole, _) = RetainedWindow.scannable(all, base: base, claims(token: 1250), maxRecordBytes: 100)
            #expect(whole.count == 300)
            let (discarded, _) = RetainedWindow.scannable(all, base: base, claims(token: 1000, discards: true), maxRecordBytes: 100)
            #expect(discarded.count == 300)
            #expect(!RetainedWindow.mayCut(count: 101, maxRecordBytes: 100))
            #expect(RetainedWindow.mayCut(count: 102, maxRecordBytes: 100))
            // Whatever is claimed at or after `base`, a window of limit + 1 bytes stays whole.
            let short = UnsafeRawBufferPointer(rebasing: all[..<101])
            for start in base..<base + 101 {
                #expect(RetainedWindow.scannable(short, base: base, claims(token: start), maxRecordBytes: 100).bytes.count == 101)
            }
        }
    }

    /// Making room drops exactly what the rule no longer needs, and grows only when the rest
    /// leaves too little space.
    @Test func makeRoomDropsWhatTheRuleReleases() {
        let window = RetainedWindow(capacity: 16)
        let input = (0..<16).map { UInt8($0) }
        input.withUnsafeBytes { window.append($0.baseAddress!, count: 16) }
        // Room enough: nothing moves.
        #expect(window.makeRoom(atLeast: 0, keeping: claims(token: 12)) == 0)
        #expect(window.base == 0)
        // A record from 4 and a token from 12: the record's bytes stay.
        #expect(window.makeRoom(atLeast: 8, keeping: claims(token: 12, element: 4)) >= 8)
        #expect(window.base == 4)
        #expect(window.copy(from: 0, to: 8) == [4, 5, 6, 7])
        // A line skip searching from 14: only its bytes stay.
        let space = window.capacity - 12
        #expect(window.makeRoom(atLeast: space + 1, keeping: claims(token: 12, element: 4, lineSkip: 14)) >= space + 1)
        #expect(window.base == 14)
        #expect(window.end == 16)
        #expect(window.copy(from: 10, to: 100) == [14, 15])
    }
}
