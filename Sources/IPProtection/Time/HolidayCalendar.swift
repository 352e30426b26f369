/// The published holidays and adjusted working days (调休上班) the deadline arithmetic uses.
///
/// Built from `CalendarPublished` events: a ledger's calendar at any act is the one its
/// registry held when the act was recorded. A year published again replaces that
/// year's publication; where two years' publications list the same date (2023's New
/// Year holiday began on 2022-12-31), the later publication decides.
public struct HolidayCalendar: Hashable, Sendable, Codable {
    /// One year's publication: the dates it lists as holidays and as working days.
    public struct Publication: Hashable, Sendable, Codable {
        /// The year.
        public var year: Int
        /// The dates published as holidays.
        public var holidays: [CivilDate]
        /// The dates published as adjusted working days.
        public var workdays: [CivilDate]
    }

    /// The publications in force, in the order they were published.
    public private(set) var publications: [Publication] = []
    /// The day numbers of the holidays and of the adjusted working days, each in order.
    private var holidays: [Int] = []
    private var workdays: [Int] = []
    /// Whether each day from `firstDay` on, through the last one published, is a working
    /// day, a bit per day: every period's due instant asks about several days.
    private var workingDays = DayBits()

    public init() {}

    /// An empty calendar: weekends are the only days off.
    public static let empty = HolidayCalendar()

    /// Adds (or replaces) the publication of `year`.
    public mutating func publish(year: Int, holidays: [CivilDate], workdays: [CivilDate]) {
        publications.removeAll { $0.year == year }
        publications.append(Publication(year: year, holidays: holidays, workdays: workdays))
        var holidaySet: Set<Int> = []
        var workdaySet: Set<Int> = []
        for p in publications {
            for d in p.holidays { holidaySet.insert(d.dayNumber); workdaySet.remove(d.dayNumber) }
            for d in p.workdays { workdaySet.insert(d.dayNumber); holidaySet.remove(d.dayNumber) }
        }
        self.holidays = holidaySet.sorted()
        self.workdays = workdaySet.sorted()
        workingDays = DayBits(holidays: self.holidays, workdays: self.workdays)
    }

    /// Whether `date` is a working day: an adjusted working day, or a weekday that is not a holiday.
    public func isWorkingDay(_ date: CivilDate) -> Bool {
        workingDays[date.dayNumber] ?? !date.isWeekend
    }

    /// Whether `date` is a published holiday.
    public func isHoliday(_ date: CivilDate) -> Bool { HolidayCalendar.has(holidays, date.dayNumber) }

    /// Whether the ordered `days` hold `day` (binary search).
    private static func has(_ days: [Int], _ day: Int) -> Bool {
        guard let first = days.first, let last = days.last, day >= first, day <= last else { return false }
        var low = 0
        var high = days.count
        while low < high {
            let middle = (low + high) / 2
            if days[middle] < day { low = middle + 1 } else { high = middle }
        }
        return low < days.count && days[low] == day
    }

    /// Whether `year` has been published.
    public func hasPublished(year: Int) -> Bool { publications.contains { $0.year == year } }

    private enum CodingKeys: String, CodingKey {
        case publications, holidays, workdays
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        publications = try container.decode([Publication].self, forKey: .publications)
        holidays = try container.decode([Int].self, forKey: .holidays).sorted()
        workdays = try container.decode([Int].self, forKey: .workdays).sorted()
        workingDays = DayBits(holidays: holidays, workdays: workdays)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(publications, forKey: .publications)
        try container.encode(holidays, forKey: .holidays)
        try container.encode(workdays, forKey: .workdays)
    }
}

/// Whether each day of a range is a working day, one bit per day (derived from the
/// calendar's holidays and adjusted working days, so neither encoded nor compared).
private struct DayBits: Hashable, Sendable {
    /// The first day of the range, and how many days it holds.
    private var firstDay = 0
    private var count = 0
    private var words: [UInt64] = []

    init() {}

    /// The days from the first holiday or working day published to the last: a holiday is
    /// not a working day, an adjusted working day is, any other day is one unless a weekend.
    init(holidays: [Int], workdays: [Int]) {
        let all = holidays + workdays
        guard let first = all.min(), let last = all.max() else { return }
        firstDay = first
        count = last - first + 1
        words = Array(repeating: 0, count: (count + 63) / 64)
        for day in first...last where !CivilDate(dayNumber: day).isWeekend { set(day, true) }
        for day in holidays { set(day, false) }
        for day in workdays { set(day, true) }
    }

    /// Whether `day` is a working day, or `nil` outside the range.
    subscript(day: Int) -> Bool? {
        let offset = day - firstDay
        guard offset >= 0, offset < count else { return nil }
        return words[offset >> 6] & (1 << UInt64(offset & 63)) != 0
    }

    private mutating func set(_ day: Int, _ working: Bool) {
        let offset = day - firstDay
        if working { words[offset >> 6] |= 1 << UInt64(offset & 63) } else { words[offset >> 6] &= ~(1 << UInt64(offset & 63)) }
    }

    // Derived: two calendars with the same holidays and working days are equal.
    static func == (a: DayBits, b: DayBits) -> Bool { true }
    func hash(into hasher: inout Hasher) {}
}
