import SCIMJSON

/// An instant parsed from an `xsd:dateTime` (RFC 3339) string, for chronological comparison.
struct DateTimeInstant: Comparable {
    /// Seconds since 1970-01-01T00:00:00Z.
    var seconds: Int64
    /// Fraction of a second, in nanoseconds.
    var nanoseconds: Int64

    static func < (a: Self, b: Self) -> Bool {
        (a.seconds, a.nanoseconds) < (b.seconds, b.nanoseconds)
    }

    /// True when the text ends with a time zone (`Z` or `±hh:mm`), as a filter literal must.
    static func hasZone(_ utf8: [UInt8]) -> Bool {
        guard let last = utf8.last else { return false }
        if last | 0x20 == 0x7A { return true }
        guard utf8.count > 6 else { return false }
        let sign = utf8[utf8.count - 6]
        return (sign == ._plus || sign == ._minus) && utf8[utf8.count - 3] == ._colon
    }

    /// Days in `month` of `year` (proleptic Gregorian: February 29 in leap years only).
    static func days(in month: Int, of year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Parses `YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm)`; a missing zone means UTC. Nil for
    /// anything else, dates that do not exist (February 30) and offsets past ±23:59 included.
    /// A leap second (`:60`) counts as the first second of the next minute.
    init?(_ utf8: some Collection<UInt8>) {
        let b = Array(utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var v = 0
            for k in from..<from + count {
                guard b[k].isASCIIDigit else { return nil }
                v = v * 10 + Int(b[k] - 0x30)
            }
            return v
        }
        guard b.count >= 19, b[4] == ._minus, b[7] == ._minus, b[10] | 0x20 == 0x74, b[13] == ._colon, b[16] == ._colon,
            let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
            (1...12).contains(month), (1...Self.days(in: month, of: year)).contains(day), hour < 24, minute < 60, second <= 60
        else { return nil }
        var i = 19
        var nanos: Int64 = 0
        if i < b.count, b[i] == ._period {
            i += 1
            var digits = 0
            while i < b.count, b[i].isASCIIDigit {
                if digits < 9 { nanos = nanos * 10 + Int64(b[i] - 0x30); digits += 1 }
                i += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<9 { nanos *= 10 }
        }
        var offset = 0
        if i < b.count {
            if b[i] | 0x20 == 0x7A {  // Z
                i += 1
            } else if b[i] == ._plus || b[i] == ._minus, let h = number(i + 1, 2), i + 3 < b.count, b[i + 3] == ._colon,
                let m = number(i + 4, 2), h < 24, m < 60
            {
                offset = (h * 60 + m) * 60 * (b[i] == ._minus ? -1 : 1)
                i += 6
            } else {
                return nil
            }
        }
        guard i == b.count else { return nil }
        // Days from the civil date (proleptic Gregorian), after Howard Hinnant's algorithm.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second - offset)
        nanoseconds = nanos
    }
}
