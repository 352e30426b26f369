import LedgerCore
import XCTest

final class TimestampTests: XCTestCase {
    func testParsesOffsetsAsTheSameInstant() throws {
        let beijing = try XCTUnwrap(Timestamp(rfc3339: "2024-04-26T09:30:00+08:00"))
        let utc = try XCTUnwrap(Timestamp(rfc3339: "2024-04-26T01:30:00Z"))
        XCTAssertEqual(beijing, utc)
        XCTAssertEqual(beijing.offsetSeconds, 8 * 3600)
        XCTAssertEqual(beijing.utcString, "2024-04-26T01:30:00Z")
        XCTAssertEqual(beijing.description, "2024-04-26T09:30:00+08:00")
    }

    func testFractionsAndLowercase() throws {
        let t = try XCTUnwrap(Timestamp(rfc3339: "2024-02-29t23:59:59.123456z"))
        XCTAssertEqual(t.nanoseconds, 123_456_000)
        XCTAssertEqual(t.utcString, "2024-02-29T23:59:59.123456Z")
        XCTAssertEqual(Timestamp(rfc3339: "1970-01-01T00:00:00Z")?.seconds, 0)
        XCTAssertEqual(Timestamp(rfc3339: "1969-12-31T23:59:59Z")?.seconds, -1)
    }

    func testRefusesWhatIsNotAnRFC3339DateTime() {
        for text in ["2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "2024-04-26 09:30:00+08:00", "2024-04-26T09:30:00",
                     "2024-04-26T24:00:00Z", "2024-04-26T09:60:00Z", "2024-04-26T09:30:60Z", "2024-04-26T09:30:00+0800",
                     "2024-4-26T09:30:00Z", "2024-04-26T09:30:00.Z", "2024-04-26T09:30:00Zx", "", "2024-13-01T00:00:00Z"] {
            XCTAssertNil(Timestamp(rfc3339: text), text)
        }
    }

    func testCivilDateInTheLedgersTimezone() throws {
        let t = try XCTUnwrap(Timestamp(rfc3339: "2024-04-25T17:00:00Z"))
        XCTAssertTrue(t.civilDate(offsetSeconds: 8 * 3600) == (2024, 4, 26))
        XCTAssertTrue(t.civilDate(offsetSeconds: 0) == (2024, 4, 25))
    }

    func testCivilDayRoundTrip() {
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            let (y, m, d) = Timestamp.civilFromDays(days)
            XCTAssertEqual(Timestamp.daysFromCivil(year: y, month: m, day: d), days)
        }
    }
}
