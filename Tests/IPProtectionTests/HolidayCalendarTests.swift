import XCTest
import LedgerCore
@testable import IPProtection

/// The calendar answers "is this a working day" from a bit per day, derived from the
/// holidays and adjusted working days published: the same answers as the rule itself.
final class HolidayCalendarTests: XCTestCase {
    func testTheCalendarsWorkingDaysAreTheRuleItStates() {
        // Two publications that overlap (the later decides), adjusted working days on weekends.
        var calendar = HolidayCalendar()
        let d = { (text: String) in CivilDate(text)! }
        calendar.publish(year: 2023, holidays: [d("2022-12-31"), d("2023-01-01"), d("2023-01-02"), d("2023-10-02")],
                         workdays: [d("2023-01-28"), d("2023-10-07")])
        calendar.publish(year: 2024, holidays: [d("2024-02-10"), d("2023-10-07")], workdays: [d("2024-02-04"), d("2023-01-01")])
        let holidays: Set<Int> = [d("2022-12-31"), d("2023-01-02"), d("2023-10-02"), d("2024-02-10"), d("2023-10-07")].map(\.dayNumber)
            .reduce(into: []) { $0.insert($1) }
        let workdays: Set<Int> = [d("2023-01-28"), d("2024-02-04"), d("2023-01-01")].map(\.dayNumber).reduce(into: []) { $0.insert($1) }
        for day in d("2022-11-01").dayNumber...d("2024-04-01").dayNumber {
            let date = CivilDate(dayNumber: day)
            let expected = workdays.contains(day) || (!holidays.contains(day) && !date.isWeekend)
            XCTAssertEqual(calendar.isWorkingDay(date), expected, date.description)
            XCTAssertEqual(calendar.isHoliday(date), holidays.contains(day), date.description)
        }
        XCTAssertTrue(HolidayCalendar.empty.isWorkingDay(d("2024-02-10")) == false, "a Saturday")
        XCTAssertTrue(HolidayCalendar.empty.isWorkingDay(d("2024-02-12")), "a Monday")
    }

    func testTheCalendarReadsBackItsEncoding() throws {
        var calendar = HolidayCalendar()
        calendar.publish(year: 2024, holidays: [CivilDate("2024-02-12")!], workdays: [CivilDate("2024-02-18")!])
        let decoded = try JSONDecoder().decode(HolidayCalendar.self, from: JSONEncoder().encode(calendar))
        XCTAssertEqual(decoded, calendar)
        XCTAssertFalse(decoded.isWorkingDay(CivilDate("2024-02-12")!))
        XCTAssertTrue(decoded.isWorkingDay(CivilDate("2024-02-18")!))
    }
}
