import XCTest
import LedgerCore
@testable import IPProtection
import LedgerTestSupport

/// A whole transfer, end to end, through the recorder as `ipledger record` drives it:
/// report, case, evidence, notarisation, consultation, transfer report, approval,
/// transfer, receipt, decline, reconsideration, dispute with opinions, supervision with
/// an explanation request, filing order, filing, closing.
final class WholeTransferTests: XCTestCase {
    func testAWholeTransfer() throws {
        let f = try Fixture()
        let c = "case/FLE-2024-0007"
        let s = "supervision/FLJ-2024-03"
        func record(_ type: String, _ stream: String, _ when: String, _ who: Actor, _ payload: JSONValue) throws {
            try f.record(type, stream, when, who, payload)
        }
        try record("ReportReceived", "report/R-0301", "2024-03-01T09:00", Who.amrClerk, Samples.payload("ReportReceived"))
        try record("ReportShared", "report/R-0301", "2024-03-01T09:30", Who.amrClerk, ["agencies": ["fle-psb"]])
        try record("ReportAccepted", "report/R-0301", "2024-03-04T10:00", Who.amrClerk, [:])
        try record("CaseOpened", c, "2024-03-05T10:00", Who.amrInv, Samples.payload("CaseOpened", with: ["report": "report/R-0301"]))
        try record("ReportClosed", "report/R-0301", "2024-03-05T11:00", Who.amrClerk, ["outcome": "caseOpened", "case": .string(c)])
        try record("EvidenceRecorded", c, "2024-03-06T10:00", Who.amrInv, Samples.payload("EvidenceRecorded"))
        try record("EvidenceNotarized", c, "2024-03-06T15:00", Who.notary, Samples.payload("EvidenceNotarized"))
        try record("ConsultationRequested", c, "2024-03-07T09:00", Who.amrInv, Samples.payload("ConsultationRequested"))
        try record("ConsultationHeld", c, "2024-03-07T15:00", Who.amrInv, Samples.payload("ConsultationHeld"))
        try record("TransferReportSubmitted", c, "2024-03-08T10:00", Who.amrInv, Samples.payload("TransferReportSubmitted"))
        try record("TransferApproved", c, "2024-03-11T09:00", Who.amrHead, [:])
        try record("CaseTransferred", c, "2024-03-11T15:00", Who.amrClerk, Samples.payload("CaseTransferred"))
        try record("TransferReceived", c, "2024-03-12T10:00", Who.psbClerk, Samples.payload("TransferReceived"))
        try record("FilingDeclined", c, "2024-03-14T10:00", Who.psbHead, Samples.payload("FilingDeclined"))
        try record("ReconsiderationRequested", c, "2024-03-15T10:00", Who.amrClerk, Samples.payload("ReconsiderationRequested"))
        try record("ReconsiderationDecided", c, "2024-03-18T16:00", Who.psbHead, Samples.payload("ReconsiderationDecided"))
        try record("FilingSupervisionSuggested", c, "2024-03-19T10:00", Who.amrClerk, Samples.payload("FilingSupervisionSuggested"))
        try record("TransferDisputeRaised", c, "2024-03-19T11:00", Who.amrHead, Samples.payload("TransferDisputeRaised"))
        try record("OpinionRequested", c, "2024-03-19T12:00", Who.amrHead, ["from": "fle-proc", "question": "库存货值是否计入"])
        try record("OpinionRequested", c, "2024-03-19T12:05", Who.psbHead, ["from": "fle-court", "question": "库存货值是否计入"])
        try record("OpinionGiven", c, "2024-03-20T09:00", Who.prosecutor, Samples.payload("OpinionGiven"))
        try record("OpinionGiven", c, "2024-03-21T09:00", Who.judge, ["opinion": "同意检察院意见", "recommendation": "transfer"])
        try record("SupervisionOpened", s, "2024-03-20T10:00", Who.prosecutor,
                   ["case": .string(c), "kind": "filing", "source": "suggestion", "grounds": "行政执法机关建议立案监督"])
        try record("ExplanationRequested", s, "2024-03-20T11:00", Who.prosecutor, ["police": "fle-psb"])
        try record("ExplanationGiven", s, "2024-03-26T09:00", Who.psbHead, Samples.payload("ExplanationGiven"))
        try record("FilingOrdered", s, "2024-03-28T09:00", Who.prosecutor, Samples.payload("FilingOrdered"))
        try record("CriminalCaseFiled", c, "2024-04-08T09:00", Who.psbHead, ["filingNo": "富公立〔2024〕30号", "supervision": .string(s)])
        try record("TransferDisputeResolved", c, "2024-04-08T10:00", Who.amrHead, ["outcome": "transfer", "basis": "检察院、法院意见及立案通知"])
        try record("MaterialsHandedOver", c, "2024-04-10T09:00", Who.amrClerk, Samples.payload("MaterialsHandedOver"))
        try record("ImpactAssessed", c, "2024-04-12T09:00", Who.prosecutor, Samples.payload("ImpactAssessed"))
        try record("SupervisionConcluded", s, "2024-04-15T09:00", Who.prosecutor, Samples.payload("SupervisionConcluded"))
        try record("CaseClosed", c, "2024-04-20T09:00", Who.psbHead, Samples.payload("CaseClosed"))

        // Nothing but supervision follows a close.
        XCTAssertEqual(f.refusal("EvidenceRecorded", c, "2024-04-21T09:00", Who.amrInv, Samples.payload("EvidenceRecorded",
            with: ["evidence": "E2"])).kind, .rule)
        try record("SupervisionOpened", "supervision/FLJ-2024-04", "2024-05-06T09:00", Who.prosecutor,
                   ["case": .string(c), "kind": "criminal", "source": "ownMotion", "grounds": "审查侦查活动"])

        let state = f.replayed
        let theCase = try XCTUnwrap(state.cases[c])
        XCTAssertEqual(theCase.transfer.stage, .filed)
        XCTAssertEqual(theCase.outcome, "criminalFiled")
        XCTAssertEqual(theCase.settledDisputes.count, 1)
        XCTAssertEqual(theCase.settledDisputes[0].recommendations, ["fle-proc": "transfer", "fle-court": "transfer"])
        XCTAssertNotNil(theCase.evidence["E1"]?.notarized)
        XCTAssertTrue(state.openDeadlines.isEmpty, "\(state.openDeadlines)")

        // The trail: each statutory period, on time or late, days taken against the limit.
        func judged(_ rule: DeadlineRule, in deadlines: [Deadline]) -> (late: Bool, taken: Int)? {
            guard let d = deadlines.first(where: { $0.rule == rule }), case .met(_, let late, let taken) = d.status else { return nil }
            return (late, taken)
        }
        let caseDeadlines = theCase.deadlines.all
        XCTAssertEqual(judged(.transferApproval, in: caseDeadlines)?.late, false)
        XCTAssertEqual(judged(.transferAfterApproval, in: caseDeadlines)?.taken, 6)
        XCTAssertEqual(judged(.filingDecision, in: caseDeadlines)?.taken, 2)
        XCTAssertEqual(judged(.reconsiderationRequest, in: caseDeadlines)?.late, false)
        // Requested Friday the 15th: 3 days end Monday the 18th; decided then at 16:00.
        XCTAssertEqual(judged(.reconsiderationDecision, in: caseDeadlines)?.late, false)
        XCTAssertEqual(judged(.supervisionSuggestion, in: caseDeadlines)?.late, false)
        XCTAssertEqual(judged(.materialsHandover, in: caseDeadlines)?.taken, 2)
        if case .ended(let by, _)? = caseDeadlines.first(where: { $0.rule == .penaltyDecision })?.status {
            XCTAssertEqual(by.type, "CaseTransferred")
        } else {
            XCTFail("the penalty period ends with the transfer")
        }
        let supervision = try XCTUnwrap(state.supervisions[s])
        XCTAssertEqual(judged(.explanation, in: supervision.deadlines.all)?.taken, 6)
        XCTAssertEqual(judged(.filingAfterOrder, in: supervision.deadlines.all)?.taken, 11)
        XCTAssertEqual(judged(.filingAfterOrder, in: supervision.deadlines.all)?.late, false)
        XCTAssertEqual(state.supervisionsByCase[c], [s, "supervision/FLJ-2024-04"])
        XCTAssertEqual(state.reports["report/R-0301"]?.stage, .closed)

        // No alerts remain; the recorder's lazily folded states equal the replay's.
        XCTAssertEqual(Alerts.compute(state, asOf: ts("2024-06-01T00:00")), [])
        XCTAssertEqual(f.recorder.state.cases[c], theCase)
        XCTAssertEqual(f.recorder.state.registry, state.registry)

        // As of an earlier instant: the acts that had happened by then, judged then.
        let early = DomainState.replay(f.ledger.records.filter { ts($0.at) <= ts("2024-03-13T12:00") })
        XCTAssertEqual(early.cases[c]?.transfer.stage, .received)
        XCTAssertEqual(Alerts.compute(early, asOf: ts("2024-03-16T00:00")).map(\.rule), ["filingDecision"])
    }
}
