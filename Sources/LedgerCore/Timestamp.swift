/// An instant written as RFC 3339 (`2024-04-26T09:30:00+08:00`), keeping the offset it was written with.
///
/// The ledger compares instants, never strings: `2024-04-26T09:30:00+08:00` and
/// `2024-04-26T01:30:00Z` are the same moment.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let seconds: Int64
    /// Nanoseconds within the second, 0 ..< 1_000_000_000.
    public let nanoseconds: Int32
    /// The offset from UTC the text was written with, in seconds (`Z` is 0).
    public let offsetSeconds: Int32

    public init(seconds: Int64, nanoseconds: Int32 = 0, offsetSeconds: Int32 = 0) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
        self.offsetSeconds = offsetSeconds
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool {
        (a.seconds, a.nanoseconds) < (b.seconds, b.nanoseconds)
    }

    public static func == (a: Timestamp, b: Timestamp) -> Bool {
        a.seconds == b.seconds && a.nanoseconds == b.nanoseconds
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(seconds)
        hasher.combine(nanoseconds)
    }

    /// Parses RFC 3339 `date-time`: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`.
    ///
    /// `t` and `z` are accepted in lower case as RFC 3339 allows; a leap second (`:60`) is refused.
    /// - Returns: `nil` when `text` is not such a date-time or names an impossible date.
    public init?(rfc3339 text: String) {
        // The bytes in place when the string keeps them contiguous (any native string), else a copy.
        let parsed = text.utf8.withContiguousStorageIfAvailable(Timestamp.parse)
            ?? Array(text.utf8).withUnsafeBufferPointer(Timestamp.parse)
        guard let parsed else { return nil }
        self = parsed
    }

    /// Parses the UTF-8 bytes of an RFC 3339 `date-time`, as `init(rfc3339:)` parses its text.
    public init?(rfc3339Bytes bytes: UnsafeBufferPointer<UInt8>) {
        guard let parsed = Timestamp.parse(bytes) else { return nil }
        self = parsed
    }

    /// Parses the UTF-8 bytes of an RFC 3339 `date-time` (see `init(rfc3339:)`).
    private static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        /// The `count` decimal digits from `from` as a number, or -1 if any is not a digit.
        @inline(__always) func digits(_ from: Int, _ count: Int) -> Int {
            var n = 0
            for i in from..<(from + count) {
                let d = Int(b[i]) &- 0x30
                guard d >= 0, d <= 9 else { return -1 }
                n = n * 10 + d
            }
            return n
        }
        guard b.count >= 20, b[4] == 0x2d, b[7] == 0x2d, b[10] == 0x54 || b[10] == 0x74, b[13] == 0x3a, b[16] == 0x3a else {
            return nil
        }
        let year = digits(0, 4), month = digits(5, 2), day = digits(8, 2)
        let hour = digits(11, 2), minute = digits(14, 2), second = digits(17, 2)
        guard year >= 0, month >= 0, day >= 0, hour >= 0, minute >= 0, second >= 0 else { return nil }
        guard (1...12).contains(month), day >= 1, day <= Timestamp.daysInMonth(year: year, month: month),
              hour < 24, minute < 60, second < 60 else { return nil }
        var i = 19
        var nanos = 0
        if i < b.count, b[i] == 0x2e {
            i += 1
            let start = i
            var scale = 100_000_000
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                if i - start < 9 { nanos += Int(b[i] - 0x30) * scale; scale /= 10 }
                i += 1
            }
            guard i > start else { return nil }
        }
        guard i < b.count else { return nil }
        var offset = 0
        if b[i] == 0x5a || b[i] == 0x7a {
            i += 1
        } else if b[i] == 0x2b || b[i] == 0x2d {
            guard i + 6 <= b.count, b[i + 3] == 0x3a else { return nil }
            let oh = digits(i + 1, 2), om = digits(i + 4, 2)
            guard oh >= 0, om >= 0, oh < 24, om < 60 else { return nil }
            offset = (oh * 3600 + om * 60) * (b[i] == 0x2d ? -1 : 1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let days = Timestamp.daysFromCivil(year: year, month: month, day: day)
        let local = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return Timestamp(seconds: local - Int64(offset), nanoseconds: Int32(nanos), offsetSeconds: Int32(offset))
    }

    /// The instant in UTC as RFC 3339 with `Z`; fractions only when non-zero (milliseconds,
    /// microseconds or nanoseconds, whichever is exact).
    public var utcString: String { format(offsetSeconds: 0) }

    /// The instant as RFC 3339 in the offset it was written with.
    public var description: String { format(offsetSeconds: offsetSeconds) }

    /// The instant written at `offsetSeconds` from UTC.
    public func format(offsetSeconds offset: Int32) -> String {
        let local = seconds + Int64(offset)
        let days = Int(floorDiv(local, 86_400))
        let secondOfDay = Int(local - Int64(days) * 86_400)
        let (y, m, d) = Timestamp.civilFromDays(days)
        var text = "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
        if nanoseconds != 0 {
            var fraction = pad(Int(nanoseconds), 9)
            while fraction.hasSuffix("000") { fraction.removeLast(3) }
            text += "." + fraction
        }
        if offset == 0 { return text + "Z" }
        let sign = offset < 0 ? "-" : "+"
        let a = Int(abs(offset))
        return text + "\(sign)\(pad(a / 3600, 2)):\(pad(a / 60 % 60, 2))"
    }

    /// The calendar date (year, month, day) of this instant at `offsetSeconds` from UTC.
    public func civilDate(offsetSeconds offset: Int32) -> (year: Int, month: Int, day: Int) {
        let days = Int(floorDiv(seconds + Int64(offset), 86_400))
        return Timestamp.civilFromDays(days)
    }

    /// This instant moved by `seconds` (which may be negative).
    public func adding(seconds delta: Int64) -> Timestamp {
        Timestamp(seconds: seconds + delta, nanoseconds: nanoseconds, offsetSeconds: offsetSeconds)
    }

    // MARK: Civil calendar arithmetic (proleptic Gregorian; Howard Hinnant's algorithms)

    /// Days since 1970-01-01 of a civil date.
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day count since 1970-01-01.
    public static func civilFromDays(_ z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

private func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

private func pad(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
