import IPProtection
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

    /// The overdue alerts come from every stream's deadlines, visited in no particular
    /// order, then sorted: in the order of every deadline listed stream by stream, sorted
    /// stably by when, stream and rule.
    func testOverdueAlertsComeInTheOrderOfEveryDeadlineListedStreamByStream() {
        let set = ProjectionSet.replay(LogGenerator(LogGenerator.Options(events: 15_000, seed: 5)).records())
        for instant in ["2024-06-01T00:00", "2025-06-01T00:00", "2026-01-01T00:00"] {
            let at = Scenario.instant(instant)
            let expected = set.domain.deadlines.filter { $0.rule.watched && $0.isOverdue(asOf: at) }.enumerated()
                .sorted { a, b in
                    (a.element.due, a.element.stream, a.element.rule.rawValue, a.offset)
                        < (b.element.due, b.element.stream, b.element.rule.rawValue, b.offset)
                }
                .map { "\($0.element.stream) \($0.element.rule.rawValue) \($0.element.startedBy.seq)" }
            let alerts = AlertList.alerts(set, judgedAt: at).filter { $0.kind == .overdue }
            XCTAssertEqual(alerts.map { "\($0.stream) \($0.rule) \($0.source.seq)" }, expected, instant)
            XCTAssertGreaterThan(expected.count, 10, instant)
        }
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
