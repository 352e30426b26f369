import XCTest
import LedgerCore
@testable import IPProtection
import LedgerTestSupport

/// Transfer disputes (移送争议) and the opinions of the procuratorate and court.
final class DisputeDeciderTests: XCTestCase {
    private let c = "case/C1"

    func testGivenDispute_whenAnOpinionIsAskedOfAnAgencyThatIsNeitherProcuratorateNorCourt_thenRefused() throws {
        let f = try Fixture()
        try f.givenDispute()
        XCTAssertEqual(f.refusal("OpinionRequested", c, "2024-03-14T12:00", Who.amrHead, ["from": "fle-justice", "question": "x"]).member,
            "payload.from")
    }

    func testGivenOpinionAsked_whenAskedAgain_thenRefused() throws {
        let f = try Fixture()
        try f.givenOpinionRequested()
        XCTAssertEqual(f.refusal("OpinionRequested", c, "2024-03-14T13:00", Who.psbHead, Samples.payload("OpinionRequested")).member,
            "payload.from")
    }

    func testGivenOpinionAskedOfTheProcuratorate_whenTheCourtGivesOne_thenRefused() throws {
        let f = try Fixture()
        try f.givenOpinionRequested()
        let refusal = f.refusal("OpinionGiven", c, "2024-03-15T12:00", Who.judge, Samples.payload("OpinionGiven"))
        XCTAssertEqual(refusal.kind, .permission)
        XCTAssertTrue(refusal.message.contains("only where one was asked") || refusal.message.contains("only by the agency " +
            "asked"), refusal.message)
    }

    func testGivenOpinionAsked_whenGivenBeforeTheRequest_orTwice_thenRefused() throws {
        let f = try Fixture()
        try f.givenOpinionRequested()
        XCTAssertEqual(f.refusal("OpinionGiven", c, "2024-03-14T11:30", Who.prosecutor, Samples.payload("OpinionGiven")).member, "at")
        try f.record("OpinionGiven", c, "2024-03-15T12:00", Who.prosecutor, Samples.payload("OpinionGiven"))
        XCTAssertEqual(f.refusal("OpinionGiven", c, "2024-03-15T13:00", Who.procHead, Samples.payload("OpinionGiven")).kind, .rule)
    }

    func testGivenDispute_whenAnAgencyThatIsNotAPartyRaisesOrResolves_thenRefused() throws {
        let f = try Fixture()
        try f.givenDeclinedFiling()
        XCTAssertEqual(f.refusal("TransferDisputeRaised", c, "2024-03-14T11:00", Who.otherPsb,
            Samples.payload("TransferDisputeRaised")).kind, .permission)
        try f.record("TransferDisputeRaised", c, "2024-03-14T11:00", Who.psbHead, Samples.payload("TransferDisputeRaised"))
        XCTAssertEqual(f.refusal("TransferDisputeResolved", c, "2024-03-15T11:00", Who.otherPsb,
            Samples.payload("TransferDisputeResolved")).kind, .permission)
        XCTAssertEqual(f.refusal("TransferDisputeResolved", c, "2024-03-14T10:00", Who.amrHead,
            Samples.payload("TransferDisputeResolved")).member, "at")
    }

    func testGivenResolvedDispute_whenAnotherIsRaised_thenAccepted() throws {
        let f = try Fixture()
        try f.givenDispute()
        try f.record("TransferDisputeResolved", c, "2024-03-15T11:00", Who.amrHead, ["outcome": "noTransfer", "basis": "x"])
        XCTAssertEqual(f.refusal("OpinionRequested", c, "2024-03-15T12:00", Who.amrHead, Samples.payload("OpinionRequested")).kind, .rule)
        try f.record("TransferDisputeRaised", c, "2024-03-16T11:00", Who.amrHead, ["question": "新证据"])
        XCTAssertEqual(f.caseState().settledDisputes.count, 1)
        XCTAssertNotNil(f.caseState().dispute)
    }

    func testGivenCaseNotTransferred_whenAPoliceAgencyRaisesADispute_thenItIsAPartyToIt() throws {
        let f = try Fixture()
        try f.givenCase()
        try f.record("TransferDisputeRaised", c, "2024-03-10T11:00", Who.psbHead, ["question": "该案已涉嫌犯罪，应当移送"])
        try f.record("OpinionRequested", c, "2024-03-10T12:00", Who.psbHead, Samples.payload("OpinionRequested"))
        XCTAssertEqual(f.refusal("OpinionRequested", c, "2024-03-10T12:00", Who.otherPsb, ["from": "fle-court", "question": "x"]).kind,
                       .permission, "only the police agency that raised it")
        try f.record("TransferDisputeResolved", c, "2024-03-12T12:00", Who.amrHead, Samples.payload("TransferDisputeResolved"))
    }
}
