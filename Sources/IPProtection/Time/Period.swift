import LedgerCore

/// A statutory period and its arithmetic (DOMAIN.md "Time").
///
/// - Hours run as hours from the instant of the act that starts them.
/// - Days: the starting day is not counted; a period whose last day is not a working
///   day (a weekend or a published holiday) ends on the next working day
///   (民事诉讼法 第85条; 刑事诉讼法 第105条).
/// - Working days skip weekends and published holidays and count the published
///   adjusted working days.
/// A period given in days ends at 23:59:59 of its last day in the ledger's time zone.
public enum Period: Hashable, Sendable, Codable, CustomStringConvertible {
    case hours(Int)
    case days(Int)
    case workingDays(Int)

    /// The last instant at which an act is on time, for a period started at `start`.
    public func due(from start: Timestamp, utcOffset: Int32, calendar: HolidayCalendar) -> Timestamp {
        switch self {
        case .hours(let n):
            return Timestamp(seconds: start.seconds + Int64(n) * 3600, nanoseconds: start.nanoseconds, offsetSeconds: utcOffset)
        case .days(let n):
            var last = CivilDate(start, utcOffset: utcOffset).adding(days: n)
            var guardDays = 0
            while !calendar.isWorkingDay(last) && guardDays < 366 { last = last.adding(days: 1); guardDays += 1 }
            return last.lastSecond(utcOffset: utcOffset)
        case .workingDays(let n):
            var day = CivilDate(start, utcOffset: utcOffset)
            var counted = 0
            var guardDays = 0
            while counted < n && guardDays < 3660 {
                day = day.adding(days: 1)
                guardDays += 1
                if calendar.isWorkingDay(day) { counted += 1 }
            }
            return day.lastSecond(utcOffset: utcOffset)
        }
    }

    /// How much of the period an act at `end` took, in the period's unit: hours (rounded
    /// up), days (the starting day not counted) or working days.
    public func taken(from start: Timestamp, to end: Timestamp, utcOffset: Int32, calendar: HolidayCalendar) -> Int {
        switch self {
        case .hours:
            let seconds = max(0, end.seconds - start.seconds)
            return Int((seconds + 3599) / 3600)
        case .days:
            return max(0, CivilDate(end, utcOffset: utcOffset).dayNumber - CivilDate(start, utcOffset: utcOffset).dayNumber)
        case .workingDays:
            let from = CivilDate(start, utcOffset: utcOffset).dayNumber
            let to = CivilDate(end, utcOffset: utcOffset).dayNumber
            guard to > from else { return 0 }
            var n = 0
            for d in (from + 1)...min(to, from + 3660) where calendar.isWorkingDay(CivilDate(dayNumber: d)) { n += 1 }
            return n
        }
    }

    /// The length of the period as a number in its unit.
    public var length: Int {
        switch self {
        case .hours(let n), .days(let n), .workingDays(let n): return n
        }
    }

    /// The unit's name: `hours`, `days` or `workingDays`.
    public var unit: String {
        switch self {
        case .hours: return "hours"
        case .days: return "days"
        case .workingDays: return "workingDays"
        }
    }

    /// "24 hours", "3 days", "7 working days".
    public var description: String {
        switch self {
        case .hours(let n): return "\(n) hour\(n == 1 ? "" : "s")"
        case .days(let n): return "\(n) day\(n == 1 ? "" : "s")"
        case .workingDays(let n): return "\(n) working day\(n == 1 ? "" : "s")"
        }
    }
}
