import XCTest
import LedgerCore
@testable import IPProtection
import LedgerTestSupport

/// The transfer up to the receipt: report, approval, transfer, forward, materials
/// (《行政执法机关移送涉嫌犯罪案件的规定》第五条至第七条).
final class TransferDeciderTests: XCTestCase {
    private let c = "case/C1"

    func testGivenNoTransferReport_whenTheHeadApproves_thenRefused() throws {
        let f = try Fixture()
        try f.givenCase()
        let refusal = f.refusal("TransferApproved", c, "2024-03-11T09:00", Who.amrHead)
        XCTAssertTrue(refusal.message.contains("No transfer report"), refusal.message)
        XCTAssertEqual(refusal.rule, "《行政执法机关移送涉嫌犯罪案件的规定》第五条")
    }

    func testGivenTransferReport_whenApprovedBeforeItWasSubmitted_thenRefused() throws {
        let f = try Fixture()
        try f.givenTransferReport()
        XCTAssertEqual(f.refusal("TransferApproved", c, "2024-03-08T09:00", Who.amrHead).member, "at")
    }

    func testGivenCase_whenTheTeamHasAnOutsider_thenRefusedNamingTheMember() throws {
        let f = try Fixture()
        try f.givenCase()
        let refusal = f.refusal("TransferReportSubmitted", c, "2024-03-08T10:00", Who.amrInv,
                                Samples.payload("TransferReportSubmitted", with: ["team": ["amr-inv1", "psb-clerk"]]))
        XCTAssertEqual(refusal.member, "payload.team[1]")
        let single = f.refusal("TransferReportSubmitted", c, "2024-03-08T10:00", Who.amrInv,
                               Samples.payload("TransferReportSubmitted", with: ["team": ["amr-inv1"]]))
        XCTAssertEqual(single.kind, .schema)
        XCTAssertEqual(single.member, "payload.team")
    }

    func testGivenRefusedTransfer_whenANewReportIsSubmitted_thenAccepted() throws {
        let f = try Fixture()
        try f.givenTransferReport()
        try f.record("TransferRefused", c, "2024-03-09T10:00", Who.amrHead, ["reason": "证据不足"])
        XCTAssertEqual(f.refusal("CaseTransferred", c, "2024-03-09T11:00", Who.amrClerk, Samples.payload("CaseTransferred")).kind, .rule)
        try f.record("TransferReportSubmitted", c, "2024-03-20T10:00", Who.amrInv2, Samples.payload("TransferReportSubmitted"))
        XCTAssertEqual(f.caseState().transfer.reports.count, 2)
    }

    func testGivenApproval_whenTransferredToANonPoliceAgency_orWithoutALetter_thenRefused() throws {
        let f = try Fixture()
        try f.givenApprovedTransfer()
        XCTAssertEqual(f.refusal("CaseTransferred", c, "2024-03-11T15:00", Who.amrClerk, Samples.payload("CaseTransferred",
            with: ["to": "fle-proc"])).member, "payload.to")
        XCTAssertEqual(f.refusal("CaseTransferred", c, "2024-03-11T15:00", Who.amrClerk, Samples.payload("CaseTransferred",
            with: ["documents": ["investigationReport"]])).member, "payload.documents")
        XCTAssertEqual(f.refusal("CaseTransferred", c, "2024-03-11T08:00", Who.amrClerk, Samples.payload("CaseTransferred")).member, "at")
    }

    func testGivenApproval_whenTransferredWithoutSomeDocuments_thenRecordedAndTheGapKept() throws {
        let f = try Fixture()
        try f.givenApprovedTransfer()
        try f.record("CaseTransferred", c, "2024-03-11T15:00", Who.amrClerk, Samples.payload("CaseTransferred",
            with: ["documents": ["transferLetter", "evidenceList"]]))
        XCTAssertEqual(f.caseState().transfer.missingDocuments, ["investigationReport", "inspectionReport"])
    }

    func testGivenTransfer_whenReceivedBeforeIt_orTwice_thenRefused() throws {
        let f = try Fixture()
        try f.givenTransferredCase()
        let early = f.refusal("TransferReceived", c, "2024-03-11T14:00", Who.psbClerk, Samples.payload("TransferReceived"))
        XCTAssertEqual(early.member, "at")
        XCTAssertTrue(early.message.contains("cannot be dated before"), early.message)
        try f.record("TransferReceived", c, "2024-03-12T10:00", Who.psbClerk, Samples.payload("TransferReceived"))
        XCTAssertEqual(f.refusal("TransferReceived", c, "2024-03-12T11:00", Who.psbClerk, Samples.payload("TransferReceived")).kind, .rule)
    }

    func testGivenNoTransfer_whenThePoliceSignAReceipt_thenRefused() throws {
        let f = try Fixture()
        try f.givenCase()
        let refusal = f.refusal("TransferReceived", c, "2024-03-12T10:00", Who.psbClerk, Samples.payload("TransferReceived"))
        XCTAssertTrue(refusal.message.contains("no transfer to receive"), refusal.message)
    }

    func testGivenReceivedTransfer_whenForwarded_thenTheOtherPoliceAgencyHoldsIt() throws {
        let f = try Fixture()
        try f.givenReceivedTransfer()
        XCTAssertEqual(f.refusal("TransferForwarded", c, "2024-03-12T11:00", Who.psbClerk, ["to": "fle-psb", "reason": "x"]).member,
            "payload.to")
        try f.record("TransferForwarded", c, "2024-03-13T11:00", Who.psbClerk, Samples.payload("TransferForwarded"))
        XCTAssertEqual(f.refusal("FilingDeclined", c, "2024-03-13T12:00", Who.psbHead, Samples.payload("FilingDeclined")).kind, .rule,
                       "the new agency signs a receipt first")
        XCTAssertEqual(f.refusal("TransferReceived", c, "2024-03-13T12:00", Who.psbClerk, Samples.payload("TransferReceived")).kind,
            .permission)
        try f.record("TransferReceived", c, "2024-03-13T12:00", Who.otherPsb, ["receiptNo": "碾公回〔2024〕2号"])
        try f.record("CriminalCaseFiled", c, "2024-03-14T12:00", Who.otherPsb, Samples.payload("CriminalCaseFiled"))
        let state = f.caseState()
        XCTAssertEqual(state.police, "nzs-psb")
        let forward = try XCTUnwrap(state.deadlines.all.first { $0.rule == .forwardToCompetent })
        guard case .met(_, let late, let taken) = forward.status else { return XCTFail("not judged") }
        XCTAssertTrue(late, "forwarded 25 hours after the receipt")
        XCTAssertEqual(taken, 25)
        XCTAssertEqual(state.deadlines.all.filter { $0.rule == .filingDecision }.count, 2)
    }

    func testGivenReceivedTransfer_whenMaterialsAreRequestedAndSupplied_thenBothPeriodsAreJudged() throws {
        let f = try Fixture()
        try f.givenMaterialsRequested()
        XCTAssertEqual(f.refusal("MaterialsRequested", c, "2024-03-12T16:00", Who.psbClerk, Samples.payload("MaterialsRequested")).kind,
            .rule)
        XCTAssertEqual(f.refusal("MaterialsSupplied", c, "2024-03-12T14:00", Who.amrClerk, Samples.payload("MaterialsSupplied")).member,
            "at")
        try f.record("MaterialsSupplied", c, "2024-03-18T09:00", Who.amrClerk, Samples.payload("MaterialsSupplied"))
        let deadlines = f.caseState().deadlines.all
        guard case .met(_, let requestLate, _)? = deadlines.first(where: { $0.rule == .materialsRequest })?.status,
              case .met(_, let supplyLate, let taken)? = deadlines.first(where: { $0.rule == .materialsSupply })?.status else {
            return XCTFail("not judged")
        }
        XCTAssertFalse(requestLate)
        XCTAssertTrue(supplyLate, "3 days from Tuesday the 12th end Friday the 15th")
        XCTAssertEqual(taken, 6)
    }
}
