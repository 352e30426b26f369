import LedgerCore

/// A calendar date without a time: `2024-02-10`.
public struct CivilDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let dayNumber: Int

    public init(dayNumber: Int) { self.dayNumber = dayNumber }

    public init(year: Int, month: Int, day: Int) {
        dayNumber = Timestamp.daysFromCivil(year: year, month: month, day: day)
    }

    /// Parses exactly `YYYY-MM-DD`; `nil` for anything else or an impossible date.
    public init?(_ text: String) {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == 0x2d, b[7] == 0x2d else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var n = 0
            for i in range {
                guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                n = n * 10 + Int(b[i] - 0x30)
            }
            return n
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10),
              (1...12).contains(m), d >= 1, d <= Timestamp.daysInMonth(year: y, month: m) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The date of `instant` at `utcOffset` seconds from UTC.
    public init(_ instant: Timestamp, utcOffset: Int32) {
        let local = instant.seconds + Int64(utcOffset)
        dayNumber = Int(local >= 0 ? local / 86_400 : (local - 86_399) / 86_400)
    }

    /// Year, month and day.
    public var components: (year: Int, month: Int, day: Int) { Timestamp.civilFromDays(dayNumber) }
    /// The year.
    public var year: Int { components.year }

    /// 0 = Sunday, 1 = Monday ... 6 = Saturday (1970-01-01 was a Thursday).
    public var weekday: Int { ((dayNumber % 7) + 7 + 4) % 7 }
    /// Whether the date is a Saturday or Sunday.
    public var isWeekend: Bool { weekday == 0 || weekday == 6 }

    /// The date `days` later (earlier when negative).
    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    /// The same month and day `years` later (29 February becomes 28 February in a common year).
    public func adding(years: Int) -> CivilDate {
        let (y, m, d) = components
        return CivilDate(year: y + years, month: m, day: min(d, Timestamp.daysInMonth(year: y + years, month: m)))
    }

    /// The first instant of this date at `utcOffset`.
    public func start(utcOffset: Int32) -> Timestamp {
        Timestamp(seconds: Int64(dayNumber) * 86_400 - Int64(utcOffset), offsetSeconds: utcOffset)
    }

    /// The last whole second of this date at `utcOffset` (23:59:59): a period ending on this date is due then.
    public func lastSecond(utcOffset: Int32) -> Timestamp {
        Timestamp(seconds: Int64(dayNumber + 1) * 86_400 - Int64(utcOffset) - 1, offsetSeconds: utcOffset)
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { a.dayNumber < b.dayNumber }

    /// The date as `YYYY-MM-DD`.
    public var description: String {
        let (y, m, d) = components
        func pad(_ n: Int, _ w: Int) -> String { let s = String(n); return String(repeating: "0", count: max(0, w - s.count)) + s }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }
}

/// The ledger's time zone: a fixed offset from UTC, named as `LedgerOpened` names it.
///
/// China has kept UTC+08:00 without daylight saving since 1991, so the zones a ledger
/// here uses are fixed offsets and the domain needs no time-zone database (and reads no files).
public enum LedgerTimeZone {
    /// The default: Asia/Shanghai, UTC+08:00.
    public static let defaultOffset: Int32 = 8 * 3600

    static let named: [String: Int32] = [
        "Asia/Shanghai": 8 * 3600, "Asia/Chongqing": 8 * 3600, "Asia/Harbin": 8 * 3600, "PRC": 8 * 3600,
        "Asia/Hong_Kong": 8 * 3600, "Asia/Macau": 8 * 3600, "Asia/Taipei": 8 * 3600,
        "Asia/Urumqi": 6 * 3600, "UTC": 0, "Etc/UTC": 0,
    ]

    /// The offset of a zone name (`Asia/Shanghai`, `UTC`) or an offset written `+08:00`; `nil` if unknown.
    public static func offset(of name: String) -> Int32? {
        if let known = named[name] { return known }
        let b = Array(name.utf8)
        guard b.count == 6, b[0] == 0x2b || b[0] == 0x2d, b[3] == 0x3a,
              let h = Int(name.dropFirst(1).prefix(2)), let m = Int(name.suffix(2)), h < 24, m < 60,
              b[1...2].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), b[4...5].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
        else { return nil }
        return Int32((h * 3600 + m * 60) * (b[0] == 0x2d ? -1 : 1))
    }

    /// The names `offset(of:)` knows, for messages.
    static var knownNames: String { named.keys.sorted().joined(separator: ", ") + ", or an offset such as +08:00" }
}
