import IPProtection
import LedgerCore
@testable import LedgerScenarios
import XCTest

final class DemoScenarioTests: XCTestCase {
    func testEveryDemoActIsAcceptedAndTheStoriesShowInTheAlerts() throws {
        let ledger = InMemoryLedger()
        let now = ActionBuilder.local(2026, 11, 21, 12)
        let actions = DemoScenario.actions(calendarYears: RoutineCasesTests.calendarYears)
        try RoutineCasesTests.record(actions, into: ledger, now: now)
        let state = DomainState.replay(ledger.records)
        let alerts = Alerts.compute(state, asOf: now)
        let streams = Set(alerts.map(\.stream))
        XCTAssertTrue(streams.contains("case/FLE-2025-0012"), "以罚代刑 should alert: \(alerts)")
        XCTAssertTrue(streams.contains("case/FLE-2026-0090"), "the filing decision is overdue")
        XCTAssertTrue(streams.contains("case/FLE-2026-0077"), "the penalty decision is overdue")
        XCTAssertTrue(streams.contains("report/R-2026-0101"), "the report was never accepted")
        XCTAssertEqual(state.cases["case/FLE-2025-0031"]?.outcome, "criminalFiled")
        XCTAssertTrue(streams.contains("mediation/FLE-2026-M17"), "a confirmation window closing")
        XCTAssertTrue(streams.contains("mediation/FLE-2026-M11"), "a confirmation window closed")
        XCTAssertTrue(streams.contains("mediation/FLE-2026-M19"), "an entrusted mediation overdue")
        XCTAssertEqual(state.mediations["mediation/QQH-2025-M001"]?.confirmation?.isGranted, true)
        XCTAssertEqual(state.mediations["mediation/FLE-2025-M003"]?.confirmation?.isGranted, false)
        XCTAssertEqual(Set(state.services.values.map(\.kind)).count, 8, "every kind of service")
        XCTAssertEqual(state.publications.count, 2)
        XCTAssertEqual(state.actions["action/FLE-426-2025"]?.linkedCases.count, 2)
    }
}
