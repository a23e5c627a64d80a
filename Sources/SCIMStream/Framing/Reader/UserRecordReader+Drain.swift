import SCIMJSON

extension UserRecordReader {
    /// Runs the tokenizer over everything buffered, handing each finished record to `body`
    /// and every damaged one to the recovery.
    mutating func drain(isFinal: Bool, _ body: (inout UserRecord) throws -> Void) throws {
        // The buffer does not change while it is drained.
        let all = window.bytes
        let bytes = window.address
        let base = window.base
        let mayCut = RetainedWindow.mayCut(count: all.count, maxRecordBytes: options.maxRecordBytes)
        while true {
            if recovery.isSkippingLine {
                guard try recovery.continueLineSkip(isFinal: isFinal, &tokenizer, window) else { return }
            }
            if usesCompactScanner && framer.awaitsRecord && tokenizer.isBeforeValue,
                try readCompactRecord(all, base: base, body)
            {
                continue
            }
            // The tokenizer sees no further than the window's rule allows.
            var scanned = all
            var anchor = base  // where the size limit counts from (used only when cut)
            if mayCut {
                (scanned, anchor) = RetainedWindow.scannable(all, base: base, claims, maxRecordBytes: options.maxRecordBytes)
            } else {
                assert(RetainedWindow.retainFrom(claims) >= base, "a claimed byte was dropped")
            }
            let isCut = scanned.count < all.count
            let step: JSONTokenizerStep
            do {
                step = try tokenizer.next(scanned, base: base, isFinal: isFinal && !isCut)
            } catch {
                try recovery.syntaxError(
                    error, isFinal: isFinal && !isCut, &tokenizer, &framer, window, lastRecord: record.storage)
                continue
            }
            switch step {
            case .token(let token):
                let event: RecordFramer.Event
                do {
                    event = try framer.handle(token, window: bytes, base: base, tokenizer: &tokenizer)
                } catch {
                    try recovery.unexpectedTopLevelValue(
                        error, at: token, &tokenizer, &framer, window, lastRecord: record.storage)
                    continue
                }
                switch event {
                case .none:
                    break
                case .record(let end):
                    if try !recovery.rejectsEndedRecord(end: end, &tokenizer, &framer, window) {
                        try deliver(end: end, body)
                    }
                case .rejected(let start, let end):
                    try recovery.rejectValue(from: start, to: end, &tokenizer, framer, window)
                }
                try recovery.reportStringErrorOutsideRecord(&tokenizer, &framer)
            case .needMoreInput:
                guard try recovery.checkSizes(windowWasCut: isCut, anchor: anchor, &tokenizer, &framer, window)
                else { return }
            case .endOfInput:
                return
            }
        }
    }
}
