import XCTest
import LedgerCore
@testable import IPProtection
import LedgerTestSupport

/// Deadlines as the streams open and meet them: the calendar in force at the act, late
/// acts recorded and flagged, obligations that fall away.
final class DeadlineTests: XCTestCase {
    func testGivenReportReceivedBeforeTheSpringFestival_whenAcceptedOnTheSeventhWorkingDay_thenOnTime() throws {
        let f = try Fixture()
        try f.record("ReportReceived", "report/R1", "2024-02-08T16:00", Who.amrClerk, Samples.payload("ReportReceived"))
        let open = try XCTUnwrap(f.replayed.reports["report/R1"]?.deadlines.open.first)
        XCTAssertEqual(open.rule, .reportDecision)
        XCTAssertEqual(open.due.description, "2024-02-23T23:59:59+08:00")
        XCTAssertEqual(open.agency, "fle-amr")
        try f.record("ReportAccepted", "report/R1", "2024-02-23T18:00", Who.amrClerk)
        guard case .met(_, let late, let taken)? = f.replayed.reports["report/R1"]?.deadlines.all.first?.status else {
            return XCTFail("not met")
        }
        XCTAssertFalse(late)
        XCTAssertEqual(taken, 7)
    }

    func testGivenReport_whenAcceptedLate_thenRecordedAndFlaggedLate() throws {
        let f = try Fixture()
        try f.record("ReportReceived", "report/R1", "2024-02-08T16:00", Who.amrClerk, Samples.payload("ReportReceived"))
        try f.record("ReportAccepted", "report/R1", "2024-02-26T09:00", Who.amrClerk)
        guard case .met(_, let late, let taken)? = f.replayed.reports["report/R1"]?.deadlines.all.first?.status else {
            return XCTFail("not met")
        }
        XCTAssertTrue(late)
        XCTAssertEqual(taken, 8)
    }

    func testGivenReportReceivedByThePolice_thenTheClockStartsWhenAnAmrGetsIt() throws {
        let f = try Fixture()
        try f.givenReport(by: Who.psbClerk)
        XCTAssertTrue(f.replayed.reports["report/R1"]!.deadlines.all.isEmpty)
        try f.record("ReportShared", "report/R1", "2024-03-04T10:00", Who.psbClerk, ["agencies": ["fle-amr"]])
        let d = try XCTUnwrap(f.replayed.reports["report/R1"]?.deadlines.open.first)
        XCTAssertEqual(d.agency, "fle-amr")
        XCTAssertEqual(d.startedBy.type, "ReportShared")
        XCTAssertEqual(d.due.description, "2024-03-13T23:59:59+08:00")
    }

    func testDeadlinesUseTheCalendarInForceAtTheAct() throws {
        let f = try Fixture(calendar: false)
        try f.record("ReportReceived", "report/R1", "2024-02-08T16:00", Who.amrClerk, Samples.payload("ReportReceived"))
        try f.publishCalendars()
        try f.record("ReportReceived", "report/R2", "2024-02-08T16:00", Who.amrClerk, Samples.payload("ReportReceived"))
        let state = f.replayed
        XCTAssertEqual(state.reports["report/R1"]!.deadlines.all[0].due.description, "2024-02-19T23:59:59+08:00",
                       "received before the 2024 calendar was published: weekends only")
        XCTAssertEqual(state.reports["report/R2"]!.deadlines.all[0].due.description, "2024-02-23T23:59:59+08:00")
        // The recorder, which folds streams lazily, computes the same.
        let recorder = Recorder(source: f.ledger)
        _ = try recorder.decide(Action(json: f.action("ReportAccepted", "report/R1", "2024-02-09T09:00", Who.amrClerk, [:])), now: f.now)
        XCTAssertEqual(recorder.state.reports["report/R1"], state.reports["report/R1"])
    }

    func testGivenApproval_whenTransferred25HoursLater_thenLateByTheHour() throws {
        let f = try Fixture()
        try f.givenApprovedTransfer()
        try f.record("CaseTransferred", "case/C1", "2024-03-12T10:00", Who.amrClerk, Samples.payload("CaseTransferred"))
        let d = try XCTUnwrap(f.caseState().deadlines.all.first { $0.rule == .transferAfterApproval })
        XCTAssertEqual(d.due.description, "2024-03-12T09:00:00+08:00")
        guard case .met(_, let late, let taken) = d.status else { return XCTFail("not met") }
        XCTAssertTrue(late)
        XCTAssertEqual(taken, 25)
    }

    func testGivenOpenDeadlines_whenCaseClosed_thenTheyEndWithoutTheAct() throws {
        let f = try Fixture()
        try f.givenCase()
        try f.record("CaseClosed", "case/C1", "2024-03-20T10:00", Who.amrHead, ["outcome": "noViolation", "summary": "不构成侵权"])
        let d = try XCTUnwrap(f.caseState().deadlines.all.first)
        XCTAssertEqual(d.rule, .penaltyDecision)
        guard case .ended(let by, let late) = d.status else { return XCTFail("still open") }
        XCTAssertEqual(by.type, "CaseClosed")
        XCTAssertFalse(late)
    }

    func testUnwatchedRules_areJudgedWhenTheActComes() throws {
        let f = try Fixture()
        try f.givenDeclinedFiling()
        try f.record("ReconsiderationRequested", "case/C1", "2024-03-19T10:00", Who.amrClerk, Samples.payload("ReconsiderationRequested"))
        let d = try XCTUnwrap(f.caseState().deadlines.all.first { $0.rule == .reconsiderationRequest })
        XCTAssertEqual(d.due.description, "2024-03-18T23:59:59+08:00", "3 days from Wednesday the 13th end Saturday, so Monday")
        guard case .met(_, let late, let taken) = d.status else { return XCTFail("not judged") }
        XCTAssertTrue(late)
        XCTAssertEqual(taken, 6)
    }

    func testRuleTable_everyRuleHasACitationAPeriodAndActs() {
        for rule in DeadlineRule.allCases {
            XCTAssertFalse(rule.citation.isEmpty, rule.rawValue)
            XCTAssertGreaterThan(rule.period.length, 0)
            for type in rule.startedBy + rule.stoppedBy {
                XCTAssertNotNil(Catalogue.type(named: type), "\(rule.rawValue) names unknown type \(type)")
            }
        }
        XCTAssertEqual(DeadlineRule.reportDecision.period, .workingDays(7))
        XCTAssertEqual(DeadlineRule.transferAfterApproval.period, .hours(24))
        XCTAssertEqual(DeadlineRule.filingAfterOrder.period, .days(15))
    }

    func testTheBook_tellsWhoActsNext_whatIsOverdue_andWhatCameLate() throws {
        let f = try Fixture()
        try f.givenApprovedTransfer()
        var book = f.caseState().deadlines
        XCTAssertEqual(book.next?.rule, .transferAfterApproval)
        XCTAssertEqual(book.next?.agency, "fle-amr")
        XCTAssertEqual(book.overdue(asOf: ts("2024-03-12T09:00:01")).map(\.rule), [.transferAfterApproval])
        try f.record("CaseTransferred", "case/C1", "2024-03-12T10:00", Who.amrClerk, Samples.payload("CaseTransferred"))
        book = f.caseState().deadlines
        XCTAssertNil(book.next, "nothing is watched between the transfer and the receipt")
        XCTAssertEqual(book.late.map(\.rule), [.transferAfterApproval])
        XCTAssertEqual(book.overdue(asOf: ts("2024-12-31T00:00")), [])
    }
}
