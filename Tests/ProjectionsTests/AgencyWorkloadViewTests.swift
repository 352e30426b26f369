import LedgerCore
import LedgerFixtures
import Projections
import XCTest

/// Given the scenario's events, every agency's and officer's workload at an instant.
final class AgencyWorkloadViewTests: XCTestCase {
    func testGivenTheScenario_whenJudgedInJune_thenOpenOverdueAndFinishedPerAgencyAndOfficer() {
        let rows = AgencyWorkloadView.rows(Scenario.projections(), judgedAt: Scenario.instant("2024-06-17T12:00"))
        Expected.assertMatches(Scenario.lines(rows.map { $0.json() }), "workload-2024-06-17.jsonl")
        let amr = rows.first { $0.agency == "fle-amr" && $0.officer == nil }
        XCTAssertEqual(amr?.open[.case], 2)
        XCTAssertEqual(amr?.open[.report], 1)
        XCTAssertEqual(amr?.overdue, 2, "the materials never handed over, and the report never decided")
        XCTAssertEqual(rows.first { $0.officer == "fle-amr-clerk2" }?.overdue, 1, "clerk2 received the undecided report")
    }

    func testGivenAMediationSettled_thenTheOrganisationFinishedIt_andTheCourtFinishesTheConfirmation() {
        let rows = AgencyWorkloadView.rows(Scenario.projections(), judgedAt: Scenario.instant("2024-06-17T12:00"))
        XCTAssertEqual(rows.first { $0.agency == "qqh-med" && $0.officer == nil }?.finished, ["2024-05": 2])
        XCTAssertEqual(rows.first { $0.agency == "fle-court" && $0.officer == nil }?.finished, ["2024-05": 1])
        // While the confirmation awaited its decision, it was the court's open item.
        let waiting = AgencyWorkloadView.rows(Scenario.projections(datedBy: Scenario.instant("2024-05-20T00:00")),
                                              judgedAt: Scenario.instant("2024-05-20T00:00"))
        XCTAssertEqual(waiting.first { $0.agency == "fle-court" && $0.officer == nil }?.open[.mediation], 1)
        XCTAssertEqual(waiting.first { $0.officer == "fle-court-clerk1" }?.open[.mediation], 1)
    }
}
