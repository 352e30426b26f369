import LedgerCore
import LedgerFixtures
import Projections
import XCTest

/// Given the scenario's events, the alerts at several instants.
final class AlertListTests: XCTestCase {
    func testGivenTheScenario_whenJudgedInJune_thenOverdueThresholdAndWindowAlerts() {
        let set = Scenario.projections()
        let alerts = AlertList.alerts(set, judgedAt: Scenario.instant("2024-06-17T12:00"))
        Expected.assertMatches(Scenario.lines(alerts.map { $0.json(utcOffset: Scenario.offset) }), "alerts-2024-06-17.jsonl")
        XCTAssertEqual(alerts.map(\.kind.rawValue), ["overdue", "overdue", "repeatOffender", "shouldTransfer", "confirmationWindowClosing"])
    }

    func testTheWindowAlertTurnsFromClosingToClosed() {
        let set = Scenario.projections()
        func kinds(_ instant: String) -> [String] {
            AlertList.alerts(set, judgedAt: Scenario.instant(instant)).filter { $0.stream == ScenarioLedger.lapsedMediation }.map(\.kind.rawValue)
        }
        XCTAssertEqual(kinds("2024-06-14T23:59"), [])
        XCTAssertEqual(kinds("2024-06-15T00:00"), ["confirmationWindowClosing"])
        XCTAssertEqual(kinds("2024-06-20T00:00"), ["confirmationWindowClosed"])
    }
}
