import SCIMJSON

/// Turns the tokenizer's shallow tokens into user records, following an ``InputFormat``.
///
/// The framer sees only tokens up to the depth of a record's members (it steers the
/// tokenizer's ``JSONTokenizer/reportDepth``); whole nested values arrive as a begin and an
/// end token. For each record it builds the member table with offsets relative to the record's
/// first byte, and it tells the reader which bytes must stay buffered (``retainFrom``).
struct RecordFramer {
    enum State: UInt8 {
        /// Between top-level values.
        case top
        /// Inside a record: a key or the record's closing brace comes next.
        case member
        /// After a record's key: its value comes next.
        case memberValue
        /// Inside a member's object or array value (deeper tokens are not reported).
        case memberContainer
        /// Inside a ListResponse object: a key or its closing brace comes next.
        case envelopeKey
        /// After a ListResponse key other than `Resources`: its value comes next.
        case envelopeValue
        /// Inside a ListResponse member's container value, which is skipped.
        case envelopeContainer
        /// After the `Resources` key.
        case resourcesValue
        /// Inside `Resources`: a user object or `]` comes next.
        case resources
        /// Inside a top-level array of users: a user object or `]` comes next.
        case arrayElements
        /// Inside a container that should have been a user object (skipped, then rejected whole).
        case badElement
    }

    /// What handling one token produced.
    enum Event {
        case none
        /// A record ended at this absolute offset; its member table is in ``fields``.
        case record(end: Int)
        /// A value that should have been a user (or a Resources array) is not one: it spans
        /// `[start, end)`, ``rejection`` says why, and reading can go on after it.
        /// (The event carries no strings, so handling a token costs no reference counting.)
        case rejected(start: Int, end: Int)
    }

    /// Why the last `.rejected` event's value was rejected.
    var rejection = RecordError(.unexpectedValue, message: "", location: InputLocation(line: 1, column: 1, offset: 0), recordNumber: 0)

    let format: InputFormat
    /// The shape being read: ``format``, except that `auto` becomes `ndjson` once a top-level
    /// user was read (later top-level objects are users, whatever members they carry).
    var shape: InputFormat
    /// True once a ListResponse envelope or a top-level array was seen (a worker thread reading
    /// a chunk of NDJSON cannot know whether the sequential reader would agree).
    var sawEnvelopeOrArray = false
    /// The record in progress has a password member (reported damage must hide what follows).
    var recordHasPassword = false
    var state: State = .top
    /// Where to go when the current record ends.
    var returnState: State = .top
    /// Number of containers enclosing the current record's `{`.
    var recordDepth = 0
    /// Absolute offset of the current record's `{`.
    var recordStart = 0
    var recordLocation = InputLocation(line: 1, column: 1, offset: 0)
    /// Records started so far, the current one included.
    var recordNumber = 0
    /// Whether the current record's bytes hold insignificant whitespace.
    var recordHasWhitespace = false
    /// A top-level object in `auto` mode that may still turn out to be a ListResponse.
    var isAutoCandidate = false
    /// The candidate had a `totalResults` member before it turned out to be a ListResponse.
    var candidateHasTotalResults = false
    var inSchemasValue = false
    var sawListResponseURN = false
    /// The candidate's `schemas` names the SCIM Error message: a top-level one does not make
    /// an `auto` stream NDJSON (the pipeline refuses it; the pages after it are still pages).
    var sawErrorURN = false
    /// The envelope (`--from list`) is a SCIM Error message: its `status` and `detail`, for the message.
    var envelopeError: (isError: Bool, status: String?, detail: String?) = (false, nil, nil)
    /// The envelope member whose value is read now (`schemas`, `status`, `detail`,
    /// `startIndex`, `totalResults`), if one of those.
    var envelopeMember: [UInt8]?
    /// The page being read: its `startIndex` and `totalResults`, and the record number before its first user.
    var envelopePage: (startIndex: Int?, totalResults: Int?, recordsBefore: Int) = (nil, nil, 0)
    /// The pages so far, checked as they end.
    var pageCheck = PageCheck()
    /// The ListResponse object has `totalResults` (RFC 7644 requires it).
    var envelopeIsListResponse = false
    /// The ListResponse object has a `Resources` member.
    var envelopeHasResources = false
    /// The detected ListResponse object has a member no ListResponse has (`id`, …).
    var envelopeHasOtherMember = false
    /// Absolute offset of the current ListResponse's `{`, for error messages.
    var envelopeLocation = InputLocation(line: 1, column: 1, offset: 0)
    var resourcesIndex = 0
    var pendingKey = (start: 0, end: 0, hasEscapes: false)
    var containerStart = 0
    var containerKind = JSONValueKind.object
    var whitespaceBeforeContainer = false
    /// Member table of the current record, offsets relative to ``recordStart``.
    private(set) var fields: [RecordField] = []
    /// The current record is too large: its bytes are dropped and its members not recorded.
    private(set) var discarding = false
    /// The bad element being skipped: its start, depth, error, and the state to return to.
    private var bad = (
        start: 0, depth: 0,
        error: RecordError(.unexpectedValue, message: "", location: InputLocation(line: 1, column: 1, offset: 0), recordNumber: 0),
        returnTo: State.top
    )

    init(format: InputFormat) {
        self.format = format
        shape = format
    }

    /// True while a record is being read (its bytes must stay buffered).
    var isInRecord: Bool {
        switch state {
        case .member, .memberValue, .memberContainer: return true
        default: return false
        }
    }

    /// True where a damaged record can be skipped by resuming at the next line: between
    /// top-level values, or inside a top-level record (NDJSON), not inside a ListResponse or array.
    var isLineOriented: Bool {
        state == .top || (isInRecord && recordDepth == 0)
    }

    /// The first absolute offset the reader must keep, or nil when only the tokenizer's needs count.
    var retainFrom: Int? {
        if isInRecord { return recordStart }
        return state == .badElement ? bad.start : nil
    }

    /// True between top-level values.
    var isAtTopLevel: Bool { state == .top }

    /// Absolute offset of the `{` or `[` of a value that should have been a user and is being
    /// skipped to its end (then rejected whole), or nil when none is.
    var damagedElementStart: Int? { state == .badElement ? bad.start : nil }

    /// Forgets the value in progress and waits for a new top-level value (NDJSON recovery).
    mutating func abandon() {
        state = .top
        fields.removeAll(keepingCapacity: true)
        isAutoCandidate = false
        inSchemasValue = false
        discarding = false
    }

    /// Starts over as a new framer for the same format would, keeping the member table's
    /// allocation (for a reader that reads one chunk after another).
    mutating func reset() {
        var kept: [RecordField] = []
        swap(&kept, &fields)
        kept.removeAll(keepingCapacity: true)
        self = RecordFramer(format: format)
        fields = kept
    }

    /// Counts a damaged value outside any record as a record of its own; returns its number.
    mutating func countDamagedValue() -> Int {
        recordNumber += 1
        return recordNumber
    }

    /// The current record is too large: from here to its end its bytes are dropped and its
    /// members not recorded (it is rejected when it ends).
    mutating func startDiscarding() {
        discarding = true
        fields.removeAll(keepingCapacity: true)
    }

    /// The discarded record ended.
    mutating func stopDiscarding() {
        discarding = false
    }

    /// Hands the finished record's member table to `table` (and takes `table`'s allocation back).
    mutating func exchangeFields(with table: inout [RecordField]) {
        swap(&table, &fields)
    }

    /// The first member name that appears twice (ignoring case) in the finished record, whose
    /// bytes start at `record`.
    func duplicateMember(in record: UnsafeRawPointer) -> String? {
        DuplicateMembers.find(record, fields)
    }

    // MARK: - Tokens

    /// Consumes one token. `window` holds the bytes from absolute offset `base`.
    mutating func handle(
        _ t: JSONToken, window: UnsafeRawPointer, base: Int, tokenizer: inout JSONTokenizer
    ) throws(RecordError) -> Event {
        switch state {
        case .member:
            switch t.kind {
            case .key:
                pendingKey = (t.start, t.end, t.hasEscapes)
                state = .memberValue
                // While an oversized record is dropped its bytes may be gone: compare no keys.
                if !discarding && !recordHasPassword
                    && PasswordKey.matches(token: window, start: t.start - base, end: t.end - base, hasEscapes: t.hasEscapes)
                {
                    recordHasPassword = true
                }
                if isAutoCandidate && !discarding {
                    if isKey(t, SCIMNames.resources, window, base) {
                        // A ListResponse after all: what was read so far is its envelope.
                        becomeEnvelope(tokenizer: &tokenizer, window: window, base: base)
                        envelopeHasResources = true
                        state = .resourcesValue
                    } else if isKey(t, SCIMNames.schemas, window, base) {
                        inSchemasValue = true
                        tokenizer.reportDepth = recordDepth + 2
                    } else if isKey(t, SCIMNames.totalResults, window, base) {
                        candidateHasTotalResults = true
                    } else if !SCIMNames.listResponseMembers.contains(where: { isKey(t, $0, window, base) }) {
                        // A member no ListResponse has: this object is a user.
                        isAutoCandidate = false
                    }
                }
                return .none
            case .endObject:
                return try endRecord(t, tokenizer: &tokenizer)
            default:
                preconditionFailure("tokenizer returned \(t.kind) where a key belongs")
            }
        case .memberValue:
            switch t.kind {
            case .beginObject, .beginArray:
                containerStart = t.start
                containerKind = t.kind == .beginObject ? .object : .array
                whitespaceBeforeContainer = tokenizer.sawWhitespace
                tokenizer.sawWhitespace = false
                state = .memberContainer
            default:
                appendField(valueStart: t.start, valueEnd: t.end, kind: JSONValueKind(tokenKind: t.kind), whitespace: false)
                state = .member
                if inSchemasValue {
                    // A scalar `schemas` names no URN array: stop looking for one.
                    inSchemasValue = false
                    tokenizer.reportDepth = recordDepth + 1
                }
            }
            return .none
        case .memberContainer:
            if t.depth > recordDepth + 1 {
                // Only the schemas array of an auto-detected object reports its elements.
                if inSchemasValue && t.kind == .string {
                    if isString(t, SCIMNames.listResponseURN, window, base) {
                        sawListResponseURN = true
                    } else if isString(t, SCIMNames.errorURN, window, base) {
                        sawErrorURN = true
                    }
                }
                return .none
            }
            let inner = tokenizer.sawWhitespace
            tokenizer.sawWhitespace = whitespaceBeforeContainer || inner
            appendField(valueStart: containerStart, valueEnd: t.end, kind: containerKind, whitespace: inner)
            state = .member
            if inSchemasValue {
                inSchemasValue = false
                tokenizer.reportDepth = recordDepth + 1
                if sawListResponseURN {
                    becomeEnvelope(tokenizer: &tokenizer, window: window, base: base)
                    state = .envelopeKey
                } else if isAutoCandidate {
                    isAutoCandidate = false  // schemas without the ListResponse URN: a user
                }
            }
            return .none
        case .top:
            return try startTopLevel(t, window: window, base: base, tokenizer: &tokenizer)
        case .envelopeKey:
            switch t.kind {
            case .key:
                if isKey(t, SCIMNames.resources, window, base) {
                    envelopeHasResources = true
                    state = .resourcesValue
                } else {
                    envelopeMember = Self.envelopeMembers.first { isKey(t, $0, window, base) }
                    if envelopeMember == SCIMNames.schemas { tokenizer.reportDepth = 2 }
                    if isKey(t, SCIMNames.totalResults, window, base) {
                        envelopeIsListResponse = true
                    } else if shape != .list && !isKey(t, SCIMNames.schemas, window, base)
                        && !SCIMNames.listResponseMembers.contains(where: { isKey(t, $0, window, base) })
                    {
                        envelopeHasOtherMember = true
                    }
                    state = .envelopeValue
                }
            default:  // the envelope's closing brace
                state = .top
                // With --from list, `Resources` or `totalResults` makes a ListResponse. A detected
                // one (auto) must hold only ListResponse members: one that also has, say, an
                // `id` may be a user, and is rejected rather than silently dropped.
                let isListResponse =
                    shape == .list
                    ? envelopeIsListResponse || envelopeHasResources
                    : !envelopeHasOtherMember
                guard isListResponse else {
                    recordNumber += 1
                    var notList = "object is not a SCIM ListResponse (no \"Resources\" or \"totalResults\")"
                    if envelopeError.isError {
                        notList = "a SCIM Error message, not a ListResponse"
                        if let status = envelopeError.status { notList += ": status \(status)" }
                        if let detail = envelopeError.detail { notList += ", \"\(detail.prefix(200))\"" }
                    }
                    rejection = RecordError(
                        shape == .list ? .notListResponse : .listResponseWithOtherMembers,
                        message: shape == .list
                            ? notList
                            : "object has ListResponse members and others (a user?); its users, if any, were read",
                        location: envelopeLocation, recordNumber: recordNumber, recovery: .recordSkipped)
                    return .rejected(start: envelopeLocation.offset, end: t.end)
                }
                pageCheck.page(
                    startIndex: envelopePage.startIndex, totalResults: envelopePage.totalResults,
                    users: recordNumber - envelopePage.recordsBefore)
            }
            return .none
        case .envelopeValue:
            state = (t.kind == .beginObject || t.kind == .beginArray) ? .envelopeContainer : .envelopeKey
            if state == .envelopeKey, let member = envelopeMember, member != SCIMNames.schemas {
                let bytes = UnsafeRawBufferPointer(start: window + (t.start - base), count: t.end - t.start)
                let text = t.kind == .string ? JSONString.decode(bytes) : String(decoding: bytes, as: UTF8.self)
                switch member {
                case SCIMNames.status: envelopeError.status = text
                case SCIMNames.detail: envelopeError.detail = text
                case SCIMNames.startIndex: envelopePage.startIndex = t.kind == .number ? Int(text) : nil
                default: envelopePage.totalResults = t.kind == .number ? Int(text) : nil
                }
            }
            if state == .envelopeKey, envelopeMember == SCIMNames.schemas { tokenizer.reportDepth = 1 }
            return .none
        case .envelopeContainer:
            if t.depth == 1 {
                state = .envelopeKey
                if envelopeMember == SCIMNames.schemas { tokenizer.reportDepth = 1 }
            } else if envelopeMember == SCIMNames.schemas, t.kind == .string, isString(t, SCIMNames.errorURN, window, base) {
                envelopeError.isError = true
            }
            return .none
        case .resourcesValue:
            switch t.kind {
            case .beginArray:
                state = .resources
                resourcesIndex = 0
                tokenizer.reportDepth = 2
            case .null:
                state = .envelopeKey
            default:
                recordNumber += 1
                let error = RecordError(
                    .unexpectedValue, message: "\"Resources\" must be an array of users, found \(t.kind)",
                    location: tokenizer.location(of: t.start), recordNumber: recordNumber, recovery: .recordSkipped)
                return skipBadValue(t, error, returnTo: .envelopeKey)
            }
            return .none
        case .resources, .arrayElements:
            switch t.kind {
            case .beginObject:
                startRecord(t, tokenizer: &tokenizer, returnTo: state)
            case .endArray:
                state = state == .resources ? .envelopeKey : .top
                tokenizer.reportDepth = state == .envelopeKey ? 1 : 0
            default:
                recordNumber += 1
                let error = RecordError(
                    .unexpectedValue, message: "expected a user object in the \(state == .resources ? "Resources array" : "array"), found \(t.kind)",
                    location: tokenizer.location(of: t.start), recordNumber: recordNumber, recovery: .recordSkipped)
                return skipBadValue(t, error, returnTo: state)
            }
            return .none
        case .badElement:
            guard (t.kind == .endArray || t.kind == .endObject) && t.depth == bad.depth else { return .none }
            state = bad.returnTo
            rejection = bad.error
            return .rejected(start: bad.start, end: t.end)
        }
    }

    /// A value that should have been a user: rejected at once if a scalar, else skipped to its end.
    private mutating func skipBadValue(_ t: JSONToken, _ error: RecordError, returnTo: State) -> Event {
        if t.kind == .beginArray || t.kind == .beginObject {
            bad = (t.start, t.depth, error, returnTo)
            state = .badElement
            return .none
        }
        state = returnTo
        rejection = error
        return .rejected(start: t.start, end: t.end)
    }

    /// A value starts at top level.
    private mutating func startTopLevel(
        _ t: JSONToken, window: UnsafeRawPointer, base: Int, tokenizer: inout JSONTokenizer
    ) throws(RecordError) -> Event {
        switch (t.kind, shape) {
        case (.beginObject, .list):
            envelopeLocation = tokenizer.location(of: t.start)
            envelopeIsListResponse = false
            envelopeHasResources = false
            envelopeHasOtherMember = false
            envelopeError = (false, nil, nil)
            envelopePage = (nil, nil, recordNumber)
            sawEnvelopeOrArray = true
            state = .envelopeKey
            tokenizer.reportDepth = 1
        case (.beginObject, .ndjson), (.beginObject, .auto):
            startRecord(t, tokenizer: &tokenizer, returnTo: .top)
            isAutoCandidate = shape == .auto
            sawListResponseURN = false
            sawErrorURN = false
            candidateHasTotalResults = false
        case (.beginArray, .array), (.beginArray, .auto):
            sawEnvelopeOrArray = true
            state = .arrayElements
            tokenizer.reportDepth = 1
        default:
            recordNumber += 1
            let wanted: String
            switch shape {
            case .list: wanted = "a ListResponse object"
            case .array: wanted = "an array of users"
            default: wanted = "a user object"
            }
            throw RecordError(
                .unexpectedValue, message: "expected \(wanted), found \(t.kind)",
                location: tokenizer.location(of: t.start), recordNumber: recordNumber)
        }
        return .none
    }

    private mutating func startRecord(_ t: JSONToken, tokenizer: inout JSONTokenizer, returnTo: State) {
        recordNumber += 1
        discarding = false
        recordStart = t.start
        recordDepth = t.depth
        recordLocation = tokenizer.location(of: t.start)
        returnState = returnTo
        fields.removeAll(keepingCapacity: true)
        isAutoCandidate = false
        inSchemasValue = false
        recordHasPassword = false
        tokenizer.reportDepth = t.depth + 1
        tokenizer.sawWhitespace = false
        state = .member
    }

    /// True where the next value may be a user record that the reader's fast path can take:
    /// between top-level values (NDJSON or auto), or before an element of `Resources` or of a
    /// top-level array.
    var awaitsRecord: Bool {
        switch state {
        case .top: return shape == .ndjson || shape == .auto
        case .resources, .arrayElements: return true
        default: return false
        }
    }

    /// The reader's fast path: reads the compact record whose `{` is at index `start` of `p`
    /// into ``fields`` with ``CompactRecordScanner``, reading no byte at or past `end`; `depth`
    /// containers enclose it. Returns the index past its `}`, or nil to leave it to the tokenizer
    /// (then nothing but ``fields`` changed). See ``acceptCompactRecord(start:location:depth:)``.
    mutating func scanCompactRecord(
        _ p: UnsafeRawPointer, start: Int, end: Int, maxDepth: Int, depth: Int, nestedPassword: inout Bool,
        ends: UnsafeMutablePointer<UInt32>
    ) -> Int? {
        CompactRecordScanner.scan(
            p, start: start, end: end, maxDepth: maxDepth - depth,
            detectsListResponse: depth == 0 && shape == .auto, fields: &fields, nestedPassword: &nestedPassword, ends: ends)
    }

    /// Takes a record that the reader's fast path read: its `{` at absolute `start`, enclosed
    /// by `depth` containers, its member table already in ``fields``, no whitespace inside.
    mutating func acceptCompactRecord(start: Int, location: InputLocation, depth: Int) {
        recordNumber += 1
        discarding = false
        recordStart = start
        recordDepth = depth
        recordLocation = location
        returnState = state
        recordHasWhitespace = false
        isAutoCandidate = false
        inSchemasValue = false
        recordHasPassword = false
        if depth == 0 && shape == .auto { shape = .ndjson }
    }

    private mutating func endRecord(_ t: JSONToken, tokenizer: inout JSONTokenizer) throws(RecordError) -> Event {
        recordHasWhitespace = tokenizer.sawWhitespace
        state = returnState
        tokenizer.reportDepth = state == .top ? 0 : recordDepth
        // A top-level user: the stream is NDJSON from here on (not an Error message: pages may follow).
        if state == .top && shape == .auto && !sawErrorURN { shape = .ndjson }
        isAutoCandidate = false
        return .record(end: t.end)
    }

    /// The top-level object read so far is a ListResponse: forget it as a record.
    private mutating func becomeEnvelope(tokenizer: inout JSONTokenizer, window: UnsafeRawPointer, base: Int) {
        recordNumber -= 1
        // The members read so far as the candidate's: its startIndex and totalResults, if there.
        envelopePage = (nil, nil, recordNumber)
        envelopeError = (false, nil, nil)
        for field in fields where !field.flags.contains(.keyHasEscapes) {
            let key = (recordStart + field.keyStart) - base, value = (recordStart + field.valueStart) - base
            guard field.kind == .number else { continue }
            let number = Int(String(decoding: UnsafeRawBufferPointer(start: window + value, count: field.valueEnd - field.valueStart), as: UTF8.self))
            if KeyName.matches(window, start: key, end: key + field.keyEnd - field.keyStart, hasEscapes: false, SCIMNames.startIndex) {
                envelopePage.startIndex = number
            } else if KeyName.matches(window, start: key, end: key + field.keyEnd - field.keyStart, hasEscapes: false, SCIMNames.totalResults) {
                envelopePage.totalResults = number
            }
        }
        sawEnvelopeOrArray = true
        envelopeIsListResponse = candidateHasTotalResults
        envelopeHasResources = false
        envelopeHasOtherMember = false
        envelopeLocation = recordLocation
        fields.removeAll(keepingCapacity: true)
        isAutoCandidate = false
        inSchemasValue = false
        tokenizer.reportDepth = 1
    }

    private mutating func appendField(valueStart: Int, valueEnd: Int, kind: JSONValueKind, whitespace: Bool) {
        if discarding { return }
        var flags: RecordField.Flags = []
        if pendingKey.hasEscapes { flags.insert(.keyHasEscapes) }
        if whitespace { flags.insert(.valueHasWhitespace) }
        fields.append(
            RecordField(
                keyStart: pendingKey.start - recordStart, keyEnd: pendingKey.end - recordStart,
                valueStart: valueStart - recordStart, valueEnd: valueEnd - recordStart,
                flags: flags, kind: kind))
    }

    /// The envelope members whose values the framer reads.
    static let envelopeMembers = [SCIMNames.schemas, SCIMNames.status, SCIMNames.detail, SCIMNames.startIndex, SCIMNames.totalResults]

    private func isKey(_ t: JSONToken, _ name: [UInt8], _ window: UnsafeRawPointer, _ base: Int) -> Bool {
        KeyName.matches(window, start: t.start - base, end: t.end - base, hasEscapes: t.hasEscapes, name)
    }

    private func isString(_ t: JSONToken, _ name: [UInt8], _ window: UnsafeRawPointer, _ base: Int) -> Bool {
        isKey(t, name, window, base)
    }
}

extension JSONValueKind {
    /// The kind of a scalar token.
    init(tokenKind: JSONTokenKind) {
        switch tokenKind {
        case .string, .key: self = .string
        case .number: self = .number
        case .true, .false: self = .bool
        case .null: self = .null
        case .beginObject, .endObject: self = .object
        case .beginArray, .endArray: self = .array
        }
    }
}
