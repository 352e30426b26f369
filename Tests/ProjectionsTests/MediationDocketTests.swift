import LedgerCore
import LedgerFixtures
import Projections
import XCTest

/// Given the scenario's events, the mediation docket.
final class MediationDocketTests: XCTestCase {
    func testGivenTheScenario_thenPeriodsExtensionsAgreementsWindowsAndConfirmations() {
        let rows = MediationDocket.rows(Scenario.projections(), judgedAt: Scenario.instant("2024-06-17T12:00"))
        Expected.assertMatches(Scenario.lines(rows.map { $0.json(utcOffset: Scenario.offset) }), "mediations-2024-06-17.jsonl")
        XCTAssertEqual(rows.map(\.stage), ["confirmed", "settled"])
        XCTAssertEqual(rows.first?.period?.period, .days(45), "30 days and the 15 the parties agreed")
        XCTAssertEqual(rows.first?.period?.taken, 38)
        XCTAssertEqual(rows.first?.windowState, .applied)
        XCTAssertEqual(rows.last?.windowState, .closing)
    }

    /// The docket reads each mediation's flags from the confirmation-window alerts alone;
    /// they are the status board's flags for that mediation, worked out from every alert.
    func testEachMediationsFlagsAreTheStatusBoards_atEveryInstant() {
        let set = Scenario.projections()
        var flagged = 0
        for instant in ["2024-04-01T00:00", "2024-05-15T00:00", "2024-05-21T00:00", "2024-06-15T00:00", "2024-06-17T12:00",
                        "2024-06-20T00:00", "2024-09-01T00:00", "2025-06-01T00:00"] {
            let at = Scenario.instant(instant)
            let board = CaseStatusBoard.rows(set, judgedAt: at).filter { $0.kind == .mediation }
            let docket = MediationDocket.rows(set, judgedAt: at)
            XCTAssertEqual(docket.map(\.stream), board.map(\.stream), instant)
            XCTAssertEqual(docket.map(\.flags), board.map(\.flags), instant)
            flagged += docket.filter { $0.flags.contains { $0.hasPrefix("window") } }.count
        }
        XCTAssertGreaterThan(flagged, 0, "some instant shows a window closing or closed")
    }

    func testTheWindowStateAtEachInstant() {
        let set = Scenario.projections()
        func state(_ instant: String) -> MediationRow.WindowState? {
            MediationDocket.rows(set, judgedAt: Scenario.instant(instant)).first { $0.stream == ScenarioLedger.lapsedMediation }?.windowState
        }
        XCTAssertEqual(state("2024-05-21T00:00"), .open)
        XCTAssertEqual(state("2024-06-15T00:00"), .closing)
        XCTAssertEqual(state("2024-06-19T23:59"), .closing)
        XCTAssertEqual(state("2024-06-20T00:00"), .closed)
    }

    func testAsOfTheAcceptance_theCourtsDecisionIsAwaited() throws {
        let set = Scenario.projections(datedBy: Scenario.instant("2024-05-15T00:00"))
        let row = try XCTUnwrap(MediationDocket.rows(set, judgedAt: Scenario.instant("2024-05-15T00:00")).first)
        XCTAssertEqual(row.stage, "confirmationAccepted")
        XCTAssertEqual(row.nextAgency, "fle-court")
        XCTAssertEqual(row.confirmationState, "pending")
        XCTAssertEqual(row.decision?.due.text(Scenario.offset), "2024-05-29T23:59:59+08:00")
    }
}
