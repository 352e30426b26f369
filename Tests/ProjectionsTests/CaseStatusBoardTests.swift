import IPProtection
import LedgerCore
import LedgerFixtures
import Projections
import XCTest

/// Given the scenario's events, the whole status board at an instant.
final class CaseStatusBoardTests: XCTestCase {
    func testGivenTheScenario_whenJudgedInJune_thenEveryItemsStageNextActAndFlags() {
        let set = Scenario.projections()
        let rows = CaseStatusBoard.rows(set, judgedAt: Scenario.instant("2024-06-17T12:00"))
        Expected.assertMatches(Scenario.lines(rows.map { $0.json(utcOffset: Scenario.offset) }), "status-2024-06-17.jsonl")
        XCTAssertEqual(rows.map(\.stream), [ScenarioLedger.report, ScenarioLedger.undecidedReport, ScenarioLedger.firstPenalty,
                                            ScenarioLedger.transferredCase, ScenarioLedger.repeatCase, ScenarioLedger.supervision,
                                            ScenarioLedger.confirmedMediation, ScenarioLedger.lapsedMediation])
    }

    func testGivenOneItem_thenItsDetailHasEveryDeadlineJudged() throws {
        let set = Scenario.projections()
        let row = try XCTUnwrap(CaseStatusBoard.row(set, stream: ScenarioLedger.transferredCase, judgedAt: Scenario.instant("2024-06-17T12:00")))
        Expected.assertMatches(Scenario.lines([row.json(utcOffset: Scenario.offset, detail: true)]), "status-case-detail.jsonl")
        XCTAssertEqual(row.deadlines.map(\.rule), ["penaltyDecision", "transferApproval", "transferAfterApproval", "filingDecision",
                                                   "reconsiderationRequest", "reconsiderationDecision", "supervisionSuggestion",
                                                   "materialsHandover"])
        XCTAssertNil(CaseStatusBoard.row(set, stream: "case/NOPE", judgedAt: Scenario.instant("2024-06-17T12:00")))
    }

    func testGivenTheMiddleOfTheTransfer_whenJudgedThen_theCaseAwaitsThePolice() throws {
        // As of the decline (seq 116, 2024-03-14 10:00): the reconsideration is the amr's to ask for, not yet overdue.
        let set = Scenario.projections(upTo: 116)
        let row = try XCTUnwrap(CaseStatusBoard.row(set, stream: ScenarioLedger.transferredCase, judgedAt: Scenario.instant("2024-03-14T10:00")))
        XCTAssertEqual(row.stage, "declined")
        XCTAssertNil(row.next, "reconsideration is optional: judged when asked for, never awaited")
        XCTAssertEqual(row.holders, ["fle-amr", "fle-psb"])
        XCTAssertFalse(row.flags.contains("overdue"))
        // A day after the filing deadline with no decision, the same case would be overdue for the police.
        let received = Scenario.projections(upTo: 115)
        let waiting = try XCTUnwrap(CaseStatusBoard.row(received, stream: ScenarioLedger.transferredCase,
                                                        judgedAt: Scenario.instant("2024-03-16T09:00")))
        XCTAssertEqual(waiting.stage, "received")
        XCTAssertEqual(waiting.next?.rule, "filingDecision")
        XCTAssertEqual(waiting.next?.agency, "fle-psb")
        XCTAssertEqual(waiting.next?.state, .overdue)
        XCTAssertEqual(waiting.flags.first, "overdue")
    }

    func testTheOverdueFlagDependsOnTheInstantJudged_notOnTheFold() throws {
        let set = Scenario.projections()
        let before = try XCTUnwrap(CaseStatusBoard.row(set, stream: ScenarioLedger.undecidedReport, judgedAt: Scenario.instant("2024-04-12T23:59")))
        let after = try XCTUnwrap(CaseStatusBoard.row(set, stream: ScenarioLedger.undecidedReport, judgedAt: Scenario.instant("2024-04-13T00:00")))
        XCTAssertEqual(before.next?.state, .open)
        XCTAssertFalse(before.flags.contains("overdue"))
        XCTAssertEqual(after.next?.state, .overdue)
        XCTAssertTrue(after.flags.contains("overdue"))
    }
}
