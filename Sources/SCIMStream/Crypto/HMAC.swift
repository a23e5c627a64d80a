import SCIMJSON

/// HMAC-SHA256 (RFC 2104), keyed once and reused for many messages.
///
/// ```swift
/// let mac = HMACSHA256(key: Array("secret".utf8))
/// let tag = mac.authenticate(Array("jane@example.com".utf8))   // 32 bytes
/// ```
package struct HMACSHA256: Sendable {
    private let inner: SHA256
    private let outer: SHA256

    /// Prepares the keyed hash states; keys longer than 64 bytes are hashed first.
    package init(key: [UInt8]) {
        var k = key.count > SHA256.blockSize ? SHA256.hash(key) : key
        k += [UInt8](repeating: 0, count: SHA256.blockSize - k.count)
        var i = SHA256()
        i.update(k.map { $0 ^ 0x36 })
        var o = SHA256()
        o.update(k.map { $0 ^ 0x5c })
        inner = i
        outer = o
    }

    /// The 32-byte tag of `message`.
    package func authenticate(_ message: some Sequence<UInt8>) -> [UInt8] {
        var i = inner
        i.update(message)
        var o = outer
        o.update(i.finalize())
        return o.finalize()
    }

    /// The tag as 64 lower-case hex digits.
    package func hexTag(_ message: some Sequence<UInt8>) -> String {
        Hex.encode(authenticate(message))
    }
}

/// Lower-case hexadecimal.
package enum Hex {
    /// `bytes` as lower-case hex digits.
    package static func encode(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
