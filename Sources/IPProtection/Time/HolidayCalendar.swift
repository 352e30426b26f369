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
    private var holidays: Set<Int> = []
    private var workdays: Set<Int> = []

    public init() {}

    /// An empty calendar: weekends are the only days off.
    public static let empty = HolidayCalendar()

    /// Adds (or replaces) the publication of `year`.
    public mutating func publish(year: Int, holidays: [CivilDate], workdays: [CivilDate]) {
        publications.removeAll { $0.year == year }
        publications.append(Publication(year: year, holidays: holidays, workdays: workdays))
        self.holidays = []
        self.workdays = []
        for p in publications {
            for d in p.holidays { self.holidays.insert(d.dayNumber); self.workdays.remove(d.dayNumber) }
            for d in p.workdays { self.workdays.insert(d.dayNumber); self.holidays.remove(d.dayNumber) }
        }
    }

    /// Whether `date` is a working day: an adjusted working day, or a weekday that is not a holiday.
    public func isWorkingDay(_ date: CivilDate) -> Bool {
        if workdays.contains(date.dayNumber) { return true }
        if holidays.contains(date.dayNumber) { return false }
        return !date.isWeekend
    }

    /// Whether `date` is a published holiday.
    public func isHoliday(_ date: CivilDate) -> Bool { holidays.contains(date.dayNumber) }

    /// Whether `year` has been published.
    public func hasPublished(year: Int) -> Bool { publications.contains { $0.year == year } }
}
