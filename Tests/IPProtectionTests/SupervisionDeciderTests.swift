import XCTest
import LedgerCore
@testable import IPProtection
import LedgerTestSupport

/// Procuratorial supervision (刑事诉讼法 第113条; 人民检察院刑事诉讼规则 第557、560、563条).
final class SupervisionDeciderTests: XCTestCase {
    private let s = "supervision/S1"

    func testGivenNoSuggestion_whenOpenedAsOnASuggestion_thenRefused() throws {
        let f = try Fixture()
        try f.givenDeclinedFiling()
        let payload = Samples.payload("SupervisionOpened", with: ["source": "suggestion"])
        XCTAssertEqual(f.refusal("SupervisionOpened", s, "2024-03-20T09:00", Who.prosecutor, payload).member, "payload.source")
        let g = try Fixture()
        try g.givenSuggestion()
        XCTAssertEqual(g.refusal("SupervisionOpened", s, "2024-03-20T09:00", Who.otherProsecutor, payload).member, "payload.source",
                       "the suggestion went to fle-proc")
        try g.record("SupervisionOpened", s, "2024-03-20T09:00", Who.prosecutor, payload)
    }

    func testGivenSupervision_whenAnExplanationIsAskedOfAPoliceAgencyWithoutTheCase_thenRefused() throws {
        let f = try Fixture()
        try f.givenSupervision()
        XCTAssertEqual(f.refusal("ExplanationRequested", s, "2024-03-21T09:00", Who.prosecutor, ["police": "nzs-psb"]).member,
            "payload.police")
        XCTAssertEqual(f.refusal("ExplanationRequested", s, "2024-03-19T09:00", Who.prosecutor, ["police": "fle-psb"]).member, "at")
    }

    func testGivenExplanationAwaited_whenFilingIsOrderedBeforeTheSevenDays_thenRefused_andAfterThemAccepted() throws {
        let f = try Fixture()
        try f.givenExplanationRequested()
        let early = f.refusal("FilingOrdered", s, "2024-03-25T09:00", Who.prosecutor, Samples.payload("FilingOrdered"))
        XCTAssertTrue(early.message.contains("awaited until 2024-03-28T23:59:59+08:00"), early.message)
        try f.record("FilingOrdered", s, "2024-03-29T09:00", Who.prosecutor, Samples.payload("FilingOrdered"))
        let explanation = try XCTUnwrap(f.replayed.supervisions[s]?.deadlines.all.first { $0.rule == .explanation })
        guard case .ended(let by, let late) = explanation.status else { return XCTFail("the order ends the wait") }
        XCTAssertEqual(by.type, "FilingOrdered")
        XCTAssertTrue(late)
    }

    func testGivenFiledCase_whenFilingIsOrdered_thenRefused() throws {
        let f = try Fixture()
        try f.givenFiledCase()
        try f.record("SupervisionOpened", s, "2024-03-20T09:00", Who.prosecutor, Samples.payload("SupervisionOpened"))
        try f.record("ExplanationRequested", s, "2024-03-21T09:00", Who.prosecutor, ["police": "fle-psb"])
        try f.record("ExplanationGiven", s, "2024-03-22T09:00", Who.psbHead, ["reason": "已立案"])
        XCTAssertTrue(f.refusal("FilingOrdered", s, "2024-03-25T09:00", Who.prosecutor,
            Samples.payload("FilingOrdered")).message.contains("already filed"))
        try f.record("SupervisionConcluded", s, "2024-03-25T09:00", Who.prosecutor, ["outcome": "filed", "findings": "已立案"])
    }

    func testGivenCaseNotTransferred_whenTheOpinionAsksAnotherAgency_thenRefused() throws {
        let f = try Fixture()
        try f.givenCase()
        try f.record("SupervisionOpened", s, "2024-03-20T09:00", Who.prosecutor, Samples.payload("SupervisionOpened",
            with: ["kind": "administrative"]))
        XCTAssertEqual(f.refusal("TransferOpinionIssued", s, "2024-03-21T09:00", Who.prosecutor, ["agency": "qqh-amr"]).member,
            "payload.agency")
        XCTAssertEqual(f.refusal("FilingOrdered", s, "2024-03-21T09:00", Who.prosecutor, ["police": "fle-psb"]).kind, .rule, "not " +
            "filing supervision")
        XCTAssertEqual(f.refusal("SupervisionConcluded", s, "2024-03-21T09:00", Who.prosecutor, ["outcome": "filed",
            "findings": "x"]).member, "payload.outcome")
        try f.record("TransferOpinionIssued", s, "2024-03-21T09:00", Who.prosecutor, ["agency": "fle-amr"])
        try f.record("CorrectionIssued", s, "2024-03-22T09:00", Who.prosecutor, Samples.payload("CorrectionIssued"))
        try f.record("SupervisionConcluded", s, "2024-03-23T09:00", Who.prosecutor, ["outcome": "other", "findings": "已提出意见"])
        XCTAssertEqual(f.refusal("CorrectionIssued", s, "2024-03-24T09:00", Who.prosecutor, Samples.payload("CorrectionIssued")).kind,
            .rule)
    }
}
