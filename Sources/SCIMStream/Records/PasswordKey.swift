import SCIMJSON

/// What counts as a password: the one definition that the default stripping stage
/// (``RedactPassword``) and the rejects masker (``PasswordMasking``) both apply.
///
/// A member key is a password key when its name, escapes decoded and ASCII case ignored, is
/// `password` or ends with `:password`: the plain attribute, any URN-qualified form
/// (`urn:ietf:params:scim:schemas:core:2.0:User:password`, or an extension's), at any depth of
/// the record — under `name`, inside an extension or a core-schema container object, in an
/// array element. `passwords`, `mypassword` or a string *value* `"password"` are not.
package enum PasswordKey {
    /// `password` in lower-case ASCII bytes (``SCIMNames/password``).
    package static var name: [UInt8] { SCIMNames.password }

    /// `name` as one little-endian word, for the eight-byte comparison (a literal: a `static
    /// let` would cost a lazy-initialisation check at every use).
    static var word: UInt64 { 0x6472_6F77_7373_6170 }

    /// True when a decoded key `name` is `password` or ends with `:password`, ignoring ASCII case.
    package static func matches<C: BidirectionalCollection<UInt8>>(decodedName key: C) -> Bool {
        var k = key.endIndex
        for expected in name.reversed() {
            guard k > key.startIndex else { return false }
            key.formIndex(before: &k)
            if key[k].asciiLowercased != expected { return false }
        }
        guard k > key.startIndex else { return true }
        key.formIndex(before: &k)
        return key[k] == ._colon
    }

    /// The same test on a JSON string token `[start, end)` with its quotes; `hasEscapes`
    /// says whether it holds a backslash (escaped tokens are decoded first).
    @inline(__always)
    static func matches(token base: UnsafeRawPointer, start: Int, end: Int, hasEscapes: Bool) -> Bool {
        if hasEscapes {
            var decoded: [UInt8] = []
            JSONString.decode(base, start: start, end: end, into: &decoded)
            return matches(decodedName: decoded)
        }
        let length = end &- start &- 2
        guard length >= 8 else { return false }
        // OR-ing 0x20 folds exactly the upper-case letters onto `password`'s lower-case ones.
        guard ByteSearch.load(base + (end &- 9)) | 0x2020_2020_2020_2020 == word else { return false }
        return length == 8 || base.load(fromByteOffset: end &- 10, as: UInt8.self) == ._colon
    }

    /// The same test on a string token whose escapes are not known.
    static func matches(token base: UnsafeRawPointer, start: Int, end: Int) -> Bool {
        matches(
            token: base, start: start, end: end,
            hasEscapes: ByteSearch.first(._backslash, base, from: start &+ 1, end: end &- 1) < end &- 1)
    }

    /// False when the validated JSON in `[from, end)` surely holds no password key: no
    /// `password"` (any case) and no `\u` escape (which could spell one). True may be a false alarm.
    ///
    /// Looks for `w`, `W` and backslashes sixteen bytes per step and checks each one found
    /// in place (most are in `"work"`), so a record passes in one sweep and the default stage can afford to
    /// look inside every nested value. ``mayOccurReference(_:)`` is the plain version.
    static func mayOccur(in base: UnsafeRawPointer, from: Int, end: Int) -> Bool {
        guard end &- from >= 16 else {
            for i in from..<end where candidate(base, i, from, end) { return true }
            return false
        }
        let w = SIMD16<UInt8>(repeating: 0x77), backslash = SIMD16<UInt8>(repeating: ._backslash)
        let fold = SIMD16<UInt8>(repeating: 0x20), zero = SIMD16<UInt8>(repeating: 0)
        var i = from
        while true {
            // The last step overlaps the one before rather than finishing byte by byte.
            if i &+ 16 > end { i = end &- 16 }
            let v = base.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
            let m =
                zero.replacing(with: 0xFF, where: (v | fold) .== w)
                | zero.replacing(with: 0xFF, where: v .== backslash)
            let words = unsafeBitCast(m, to: SIMD2<UInt64>.self)
            if words[0] | words[1] != 0 {
                var lanes = words[0]
                var at = i
                for _ in 0..<2 {
                    while lanes != 0 {
                        let k = lanes.trailingZeroBitCount >> 3
                        if candidate(base, at &+ k, from, end) { return true }
                        lanes &= ~(0xFF << UInt64(k << 3))
                    }
                    lanes = words[1]
                    at &+= 8
                }
            }
            i &+= 16
            if i >= end { return false }
        }
    }

    /// At `i`: true for a `\u` escape or `pass` + `w` + `ord"`.
    @inline(__always)
    static func candidate(_ base: UnsafeRawPointer, _ i: Int, _ from: Int, _ end: Int) -> Bool {
        let b = base.load(fromByteOffset: i, as: UInt8.self)
        if b | 0x20 == 0x77 {
            return i &- 4 >= from && i &+ 4 < end
                && ByteSearch.load(base + (i &- 4)) | 0x2020_2020_2020_2020 == word
                && base.load(fromByteOffset: i &+ 4, as: UInt8.self) == ._quote
        }
        if b == ._backslash {
            // `\"`, `\\`, `\/`, `\n`… decode to no letter; only `\u` can spell one.
            return i &+ 1 < end && base.load(fromByteOffset: i &+ 1, as: UInt8.self) == ._lowerU
        }
        return false
    }

    /// Plain version of ``mayOccur(in:from:end:)`` for tests.
    static func mayOccurReference(_ bytes: [UInt8]) -> Bool {
        for i in bytes.indices {
            if bytes[i] == ._backslash && i + 1 < bytes.count && bytes[i + 1] == ._lowerU { return true }
            if i >= 4 && i + 4 < bytes.count && bytes[(i - 4)..<(i + 4)].map(\.asciiLowercased) == name
                && bytes[i + 4] == ._quote
            {
                return true
            }
        }
        return false
    }
}
