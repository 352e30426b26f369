import LedgerCore
import LedgerFixtures
import Projections
import XCTest

/// Given the scenario's events, the shared transfer platform view.
final class TransferPlatformViewTests: XCTestCase {
    func testGivenTheScenario_thenEveryTransferWithItsStepsLimitsDisputeAndSupervision() throws {
        let rows = TransferPlatformView.rows(Scenario.projections(), judgedAt: Scenario.instant("2024-06-17T12:00"))
        Expected.assertMatches(Scenario.lines(rows.map { $0.json(utcOffset: Scenario.offset) }), "transfers-2024-06-17.jsonl")
        let row = try XCTUnwrap(rows.first)
        XCTAssertEqual(rows.count, 1, "only the one case was transferred")
        XCTAssertEqual(row.steps.map(\.step), ["report", "approval", "transfer", "receipt", "decline", "reconsiderationRequest",
                                               "reconsiderationDecision", "suggestion", "filing"])
        XCTAssertEqual(row.step("transfer")?.deadline?.taken, 6, "6 of 24 hours from the approval")
        XCTAssertEqual(row.step("filing")?.deadline?.rule, "filingAfterOrder", "the filing met the procuratorate's order")
        XCTAssertEqual(row.step("filing")?.deadline?.taken, 7)
        XCTAssertEqual(row.outcome, "filed")
        XCTAssertEqual(row.pending.map(\.rule), ["materialsHandover"])
    }

    func testAsTheTransferStoodWhenDeclined_theOutcomeIsDeclined() throws {
        let rows = TransferPlatformView.rows(Scenario.projections(upTo: 118), judgedAt: Scenario.instant("2024-03-18T16:00"))
        XCTAssertEqual(rows.map(\.outcome), ["declined"])
        XCTAssertEqual(rows.first?.disputes.count, 0)
    }
}
