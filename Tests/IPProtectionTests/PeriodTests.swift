import XCTest
import LedgerCore
@testable import IPProtection
import LedgerTestSupport

/// Deadline arithmetic on its edges (DOMAIN.md "Time"), with the calendar of calendar-cn.json.
final class PeriodTests: XCTestCase {
    private var calendar = HolidayCalendar()
    private let offset = LedgerTimeZone.defaultOffset

    override func setUpWithError() throws {
        calendar = HolidayCalendar()
        let years = try XCTUnwrap(Paths.calendarDocument()["years"]?.arrayValue, "calendar-cn.json has no years")
        for year in years {
            calendar.publish(year: try XCTUnwrap(year["year"]?.intValue),
                             holidays: (year["holidays"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap(CivilDate.init) },
                             workdays: (year["workdays"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap(CivilDate.init) })
        }
    }

    private func due(_ period: Period, from start: String) -> String {
        period.due(from: ts(start), utcOffset: offset, calendar: calendar).description
    }

    func testDays_startingDayNotCounted_dueAtTheEndOfTheLastDay() {
        XCTAssertEqual(due(.days(3), from: "2024-03-11T15:00"), "2024-03-14T23:59:59+08:00")
        XCTAssertEqual(due(.days(3), from: "2024-03-11T00:00"), "2024-03-14T23:59:59+08:00")
    }

    func testDays_periodEndingOnASaturday_endsOnMonday() {
        XCTAssertEqual(due(.days(3), from: "2024-03-13T10:00"), "2024-03-18T23:59:59+08:00")
    }

    func testDays_periodEndingOnAHoliday_endsOnTheNextWorkingDay() {
        // 2024-09-16 is in the Mid-Autumn holiday (15th to 17th): the period ends on the 18th.
        XCTAssertEqual(due(.days(3), from: "2024-09-13T10:00"), "2024-09-18T23:59:59+08:00")
        // 2024-10-01 (National Day) → the holiday runs to the 7th; the next working day is the 8th.
        XCTAssertEqual(due(.days(7), from: "2024-09-24T10:00"), "2024-10-08T23:59:59+08:00")
    }

    func testDays_nextWorkingDayAfterAHolidayCanBeAnAdjustedSunday() {
        // 3 days from Monday 2024-04-01 end on Thursday the 4th, Qingming; the 5th and 6th are
        // holidays and Sunday the 7th is an adjusted working day.
        XCTAssertEqual(due(.days(3), from: "2024-04-01T10:00"), "2024-04-07T23:59:59+08:00")
    }

    func testDays_periodRunsThroughHolidaysWhenItsLastDayIsAWorkingDay() {
        // Days are calendar days: holidays inside the period count; only the last day moves.
        XCTAssertEqual(due(.days(15), from: "2024-02-05T10:00"), "2024-02-20T23:59:59+08:00")
    }

    func testWorkingDays_acrossTheSpringFestival_countTheAdjustedWorkingDays() {
        // 2024: holidays 10–17 February; Sunday the 4th and Sunday the 18th are working days.
        // From Thursday the 8th: 9th (1), 18th (2), 19th–23rd (3–7).
        XCTAssertEqual(due(.workingDays(7), from: "2024-02-08T16:00"), "2024-02-23T23:59:59+08:00")
        // From Friday the 2nd: Sunday the 4th counts (1), 5th–9th (2–6), Sunday the 18th (7).
        XCTAssertEqual(due(.workingDays(7), from: "2024-02-02T09:00"), "2024-02-18T23:59:59+08:00")
        // 2025: holidays 28 January – 4 February; Sunday 26 January and Saturday 8 February are working days.
        // From Friday 24 January: Sunday the 26th (1), the 27th (2), 5–7 February (3–5), Saturday the 8th (6), Monday the 10th (7).
        XCTAssertEqual(due(.workingDays(7), from: "2025-01-24T09:00"), "2025-02-10T23:59:59+08:00")
        XCTAssertEqual(due(.workingDays(3), from: "2025-02-05T09:00"), "2025-02-08T23:59:59+08:00")
    }

    func testWorkingDays_withoutAPublishedCalendar_onlyWeekendsAreOff() {
        let plain = Period.workingDays(7).due(from: ts("2024-02-08T16:00"), utcOffset: offset, calendar: .empty)
        XCTAssertEqual(plain.description, "2024-02-19T23:59:59+08:00")
    }

    func testHours_24HoursAcrossMidnight_runAsHours() {
        XCTAssertEqual(due(.hours(24), from: "2024-03-11T23:30"), "2024-03-12T23:30:00+08:00")
        XCTAssertEqual(due(.hours(24), from: "2024-03-11T15:00"), "2024-03-12T15:00:00+08:00")
        // Hours ignore holidays: from the eve of the Spring Festival into its first day.
        XCTAssertEqual(due(.hours(24), from: "2024-02-09T20:00"), "2024-02-10T20:00:00+08:00")
    }

    func testHours_anActAtTheDueSecondIsOnTime_oneSecondLaterIsLate() {
        let d = Deadline(rule: .transferAfterApproval, stream: "case/C1",
                         startedBy: EventReference(seq: 1, id: "e1", stream: "case/C1", type: "TransferApproved",
                             at: ts("2024-03-11T23:30")),
                         due: Period.hours(24).due(from: ts("2024-03-11T23:30"), utcOffset: offset, calendar: calendar), agency: "fle-amr")
        XCTAssertFalse(d.isLate(at: ts("2024-03-12T23:30:00+08:00")))
        XCTAssertTrue(d.isLate(at: ts("2024-03-12T23:30:01+08:00")))
        XCTAssertFalse(d.isLate(at: ts("2024-03-12T15:30:00Z")))
    }

    func testStartDay_isTheDateInTheLedgersTimeZone() {
        // 23:30 UTC on the 11th is 07:30 on the 12th in Shanghai: the period counts from the 12th.
        XCTAssertEqual(due(.days(3), from: "2024-03-11T23:30:00Z"), "2024-03-15T23:59:59+08:00")
    }

    func testTaken_countsInThePeriodsUnit() {
        XCTAssertEqual(Period.days(3).taken(from: ts("2024-03-11T15:00"), to: ts("2024-03-13T09:00"), utcOffset: offset,
            calendar: calendar), 2)
        XCTAssertEqual(Period.hours(24).taken(from: ts("2024-03-11T15:00"), to: ts("2024-03-12T14:01"), utcOffset: offset,
            calendar: calendar), 24)
        XCTAssertEqual(Period.workingDays(7).taken(from: ts("2024-02-08T16:00"), to: ts("2024-02-19T10:00"), utcOffset: offset,
            calendar: calendar), 3)
    }

    func testCalendar_aLaterPublicationOfTheSameYearReplacesIt() {
        var c = HolidayCalendar()
        c.publish(year: 2030, holidays: [CivilDate("2030-01-02")!], workdays: [])
        XCTAssertFalse(c.isWorkingDay(CivilDate("2030-01-02")!))
        c.publish(year: 2030, holidays: [CivilDate("2030-01-03")!], workdays: [])
        XCTAssertTrue(c.isWorkingDay(CivilDate("2030-01-02")!))
        XCTAssertFalse(c.isWorkingDay(CivilDate("2030-01-03")!))
        XCTAssertEqual(c.publications.count, 1)
    }

    func testCalendar_theFiveYearsOfCalendarCN() {
        XCTAssertTrue(calendar.isWorkingDay(CivilDate("2024-02-04")!), "adjusted Sunday")
        XCTAssertFalse(calendar.isWorkingDay(CivilDate("2022-12-31")!), "2023's New Year holiday began in 2022")
        XCTAssertFalse(calendar.isWorkingDay(CivilDate("2026-02-23")!))
        XCTAssertTrue(calendar.isWorkingDay(CivilDate("2026-02-28")!))
        for year in 2022...2026 { XCTAssertTrue(calendar.hasPublished(year: year)) }
    }

    func testCivilDate_parsesOnlyRealDates() {
        XCTAssertNil(CivilDate("2024-02-30"))
        XCTAssertNil(CivilDate("2023-02-29"))
        XCTAssertNotNil(CivilDate("2024-02-29"))
        XCTAssertNil(CivilDate("2024-2-03"))
        XCTAssertEqual(CivilDate("1970-01-01")!.weekday, 4)
        XCTAssertEqual(CivilDate("2024-02-29")!.adding(years: -2).description, "2022-02-28")
    }
}
