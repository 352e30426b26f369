import XCTest
import LedgerCore
@testable import IPProtection
import LedgerTestSupport

/// The police's filing decision and what follows a decline (《行政执法机关移送涉嫌犯罪案件的规定》
/// 第八条、第九条、第十二条; 人民检察院刑事诉讼规则 第563条).
final class FilingDeciderTests: XCTestCase {
    private let c = "case/C1"

    func testGivenTransferredCase_whenPoliceDecline_thenReasonRequired() throws {
        let f = try Fixture()
        try f.givenReceivedTransfer()
        let refusal = f.refusal("FilingDeclined", c, "2024-03-13T10:00", Who.psbHead, [:])
        XCTAssertEqual(refusal.kind, .schema)
        XCTAssertEqual(refusal.member, "payload.reason")
        XCTAssertEqual(refusal.description, "payload.reason: missing; it is required")
    }

    func testGivenTransferNotReceived_whenPoliceDecide_thenTheReceiptComesFirst() throws {
        let f = try Fixture()
        try f.givenTransferredCase()
        let refusal = f.refusal("CriminalCaseFiled", c, "2024-03-13T10:00", Who.psbHead, Samples.payload("CriminalCaseFiled"))
        XCTAssertTrue(refusal.message.contains("receipt"), refusal.message)
    }

    func testGivenDecline_whenFiledWithoutABasis_thenRefusedCitingTheRules() throws {
        let f = try Fixture()
        try f.givenDeclinedFiling()
        let refusal = f.refusal("CriminalCaseFiled", c, "2024-03-20T10:00", Who.psbHead, Samples.payload("CriminalCaseFiled"))
        XCTAssertEqual(refusal.kind, .rule)
        XCTAssertTrue(refusal.description.contains("第九条"), refusal.description)
        XCTAssertEqual(f.refusal("FilingDeclined", c, "2024-03-20T10:00", Who.psbHead, Samples.payload("FilingDeclined")).kind, .rule,
            "a decline is not repeated")
    }

    func testGivenDecline_whenReconsiderationDecidesToFile_thenTheFilingIsAccepted() throws {
        let f = try Fixture()
        try f.givenReconsiderationRequested()
        XCTAssertEqual(f.refusal("ReconsiderationRequested", c, "2024-03-14T11:00", Who.amrClerk,
            Samples.payload("ReconsiderationRequested")).kind, .rule)
        XCTAssertEqual(f.refusal("ReconsiderationDecided", c, "2024-03-14T09:00", Who.psbHead,
            Samples.payload("ReconsiderationDecided")).member, "at")
        try f.record("ReconsiderationDecided", c, "2024-03-15T10:00", Who.psbHead, ["outcome": "filed", "reason": "补充证据后达到标准"])
        try f.record("CriminalCaseFiled", c, "2024-03-15T11:00", Who.psbHead, Samples.payload("CriminalCaseFiled"))
        XCTAssertEqual(f.caseState().transfer.stage, .filed)
        XCTAssertEqual(f.refusal("CriminalCaseFiled", c, "2024-03-16T11:00", Who.psbHead, Samples.payload("CriminalCaseFiled")).kind,
            .rule, "filed once")
    }

    func testGivenDecline_whenADisputeIsResolvedForTransfer_thenTheFilingIsAccepted() throws {
        let f = try Fixture()
        try f.givenDispute()
        try f.record("TransferDisputeResolved", c, "2024-03-18T10:00", Who.psbHead, Samples.payload("TransferDisputeResolved"))
        try f.record("CriminalCaseFiled", c, "2024-03-18T11:00", Who.psbHead, Samples.payload("CriminalCaseFiled"))
    }

    func testGivenDecline_whenADisputeIsResolvedAgainstTransfer_thenTheFilingStaysRefused() throws {
        let f = try Fixture()
        try f.givenDispute()
        try f.record("TransferDisputeResolved", c, "2024-03-18T10:00", Who.psbHead, ["outcome": "noTransfer", "basis": "未达追诉标准"])
        XCTAssertEqual(f.refusal("CriminalCaseFiled", c, "2024-03-18T11:00", Who.psbHead, Samples.payload("CriminalCaseFiled")).kind, .rule)
    }

    func testGivenFilingOrder_whenThePoliceFileNamingIt_thenAccepted_andTheOrdersPeriodIsMet() throws {
        let f = try Fixture()
        try f.givenFilingOrdered()
        XCTAssertEqual(f.refusal("CriminalCaseFiled", c, "2024-03-28T09:00", Who.psbHead,
                                 Samples.payload("CriminalCaseFiled",
                                     with: ["supervision": "supervision/NOPE"])).member, "payload.supervision")
        XCTAssertEqual(f.refusal("CriminalCaseFiled", c, "2024-03-24T09:00", Who.psbHead,
                                 Samples.payload("CriminalCaseFiled", with: ["supervision": "supervision/S1"])).member, "at")
        try f.record("CriminalCaseFiled", c, "2024-04-12T09:00", Who.psbHead, Samples.payload("CriminalCaseFiled",
            with: ["supervision": "supervision/S1"]))
        let order = try XCTUnwrap(f.replayed.supervisions["supervision/S1"]?.deadlines.all.first { $0.rule == .filingAfterOrder })
        guard case .met(let by, let late, let taken) = order.status else { return XCTFail("not met") }
        XCTAssertEqual(by.type, "CriminalCaseFiled")
        XCTAssertTrue(late, "15 days from 25 March end 9 April")
        XCTAssertEqual(taken, 18)
    }

    func testGivenSupervisionWithoutOrder_whenNamedByTheFiling_thenRefused() throws {
        let f = try Fixture()
        try f.givenExplanationGiven()
        XCTAssertEqual(f.refusal("CriminalCaseFiled", c, "2024-03-28T09:00", Who.psbHead,
                                 Samples.payload("CriminalCaseFiled",
                                     with: ["supervision": "supervision/S1"])).member, "payload.supervision")
    }

    func testGivenDecline_whenSupervisionIsSuggestedDirectly_thenAccepted_butNotWhileAReconsiderationIsPending() throws {
        let f = try Fixture()
        try f.givenDeclinedFiling()
        XCTAssertEqual(f.refusal("FilingSupervisionSuggested", c, "2024-03-14T10:00", Who.amrClerk,
                                 Samples.payload("FilingSupervisionSuggested",
                                     with: ["procuratorate": "fle-court"])).member, "payload.procuratorate")
        try f.record("FilingSupervisionSuggested", c, "2024-03-14T10:00", Who.amrClerk, Samples.payload("FilingSupervisionSuggested"))
        XCTAssertEqual(f.refusal("FilingSupervisionSuggested", c, "2024-03-14T11:00", Who.amrClerk,
            Samples.payload("FilingSupervisionSuggested")).kind, .rule)

        let g = try Fixture()
        try g.givenReconsiderationRequested()
        let pending = g.refusal("FilingSupervisionSuggested", c, "2024-03-14T12:00", Who.amrClerk,
            Samples.payload("FilingSupervisionSuggested"))
        XCTAssertTrue(pending.message.contains("not decided yet"), pending.message)
    }

    func testGivenFiling_whenMaterialsAreHandedOver_thenTheHandoverPeriodIsMet() throws {
        let f = try Fixture()
        try f.givenFiledCase()
        XCTAssertEqual(f.refusal("MaterialsHandedOver", c, "2024-03-13T09:00", Who.amrClerk,
            Samples.payload("MaterialsHandedOver")).member, "at")
        try f.record("MaterialsHandedOver", c, "2024-03-15T09:00", Who.amrClerk, Samples.payload("MaterialsHandedOver"))
        XCTAssertTrue(f.caseState().deadlines.open.isEmpty)
    }

    func testGivenPoliceCase_whenThePoliceFileIt_thenNoTransferIsNeeded() throws {
        let f = try Fixture()
        try f.givenCase(by: Who.psbClerk, report: false)
        XCTAssertEqual(f.refusal("CriminalCaseFiled", c, "2024-03-06T10:00", Who.otherPsb, Samples.payload("CriminalCaseFiled")).kind,
            .permission)
        try f.record("CriminalCaseFiled", c, "2024-03-06T10:00", Who.psbHead, Samples.payload("CriminalCaseFiled"))
        XCTAssertTrue(f.caseState().deadlines.all.isEmpty)
    }
}
