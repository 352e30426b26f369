import Foundation
import IPProtection
import LedgerCore
@testable import LedgerScenarios
import LedgerTestSupport
import XCTest

final class RoutineCasesTests: XCTestCase {
    static let calendarYears: [JSONValue] = {
        guard let data = FileManager.default.contents(atPath: Paths.calendar.path),
              let doc = try? JSONParser.parse(Array(data)) else { return [] }
        return doc["years"]?.arrayValue ?? []
    }()

    /// Records `actions` through the recorder a clerk's `record` uses; fails on the first refusal.
    static func record(_ actions: [JSONValue], into ledger: InMemoryLedger, now: Timestamp) throws {
        let recorder = Recorder(source: ledger)
        for (i, json) in actions.enumerated() {
            do {
                let draft = try recorder.decide(Action(json: json), now: now)
                recorder.apply(ledger.append(draft, recorded: now.utcString))
            } catch {
                throw NSError(domain: "scenario", code: 1, userInfo: [NSLocalizedDescriptionKey: "action \(i + 1) \(CanonicalJSON.string(json)): \(error)"])
            }
        }
    }

    func testTheCalendarFileIsFound() {
        XCTAssertEqual(Self.calendarYears.count, 5, "../shared/design/calendar-cn.json must be beside the project")
    }

    func testRegistryAndRoutineCasesAreAcceptedByTheDomain() throws {
        let ledger = InMemoryLedger()
        let now = ActionBuilder.local(2026, 11, 21, 12)
        var actions = ActionBuilder.registry(opened: ActionBuilder.local(2024, 10, 8), calendarYears: Self.calendarYears)
        actions += Array(RoutineCases(seed: 7, start: ActionBuilder.local(2024, 10, 10), lifecycles: 400, spacing: 36 * 3600))
        try Self.record(actions, into: ledger, now: now)
        XCTAssertEqual(ledger.records.count, actions.count)
        XCTAssertGreaterThan(actions.count, 3000)
        let types = Set(ledger.records.map(\.type))
        for type in ["ReportReceived", "CaseOpened", "PenaltyDecided", "CaseTransferred", "CriminalCaseFiled", "EvidenceNotarized", "CaseClosed"] {
            XCTAssertTrue(types.contains(type), type)
        }
    }

    func testTheSameSeedGivesTheSameActs() {
        let start = ActionBuilder.local(2024, 10, 10)
        let a = Array(RoutineCases(seed: 42, start: start, lifecycles: 50, spacing: 3600))
        let b = Array(RoutineCases(seed: 42, start: start, lifecycles: 50, spacing: 3600))
        let c = Array(RoutineCases(seed: 43, start: start, lifecycles: 50, spacing: 3600))
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
    }

    func testActsComeInTimeOrder() {
        let acts = Array(RoutineCases(seed: 1, start: ActionBuilder.local(2024, 10, 10), lifecycles: 300, spacing: 600))
        let times = acts.compactMap { $0["at"]?.stringValue.flatMap(Timestamp.init(rfc3339:)) }
        XCTAssertEqual(times.count, acts.count)
        XCTAssertEqual(times, times.sorted())
    }
}

final class HolidayCalendarDataTests: XCTestCase {
    func testTheEmbeddedCalendarEqualsTheDesignDocumentsFile() throws {
        let embedded = try JSONParser.parse(HolidayCalendarData.json)
        XCTAssertEqual(embedded["years"]?.arrayValue, RoutineCasesTests.calendarYears)
    }
}
