import XCTest
import LedgerCore
@testable import IPProtection
import LedgerTestSupport

/// The case's own acts: opening, evidence and notarisation, notices, meetings, the
/// penalty, the impact assessment and the close.
final class CaseDeciderTests: XCTestCase {
    func testGivenNoReport_whenACaseNamesOne_thenRefused() throws {
        let f = try Fixture()
        XCTAssertEqual(f.refusal("CaseOpened", "case/C1", "2024-03-05T10:00", Who.amrInv, Samples.payload("CaseOpened")).member,
            "payload.report")
    }

    func testGivenReport_whenTheCaseIsDatedBeforeIt_thenRefused() throws {
        let f = try Fixture()
        try f.givenReport()
        XCTAssertEqual(f.refusal("CaseOpened", "case/C1", "2024-02-28T10:00", Who.amrInv, Samples.payload("CaseOpened")).member, "at")
    }

    func testGivenNoJointAction_whenACaseNamesOne_thenRefused() throws {
        let f = try Fixture()
        let payload = Samples.payload("CaseOpened", with: ["action": "action/426-2024"]).droppingNulls
        try f.givenReport()
        XCTAssertEqual(f.refusal("CaseOpened", "case/C1", "2024-03-05T10:00", Who.amrInv, payload).member, "payload.action")
    }

    func testGivenRecordedEvidence_whenNotarisedWithAnotherHash_thenRefused() throws {
        let f = try Fixture()
        try f.givenEvidence()
        let refusal = f.refusal("EvidenceNotarized", "case/C1", "2024-03-07T10:00", Who.notary,
                                Samples.payload("EvidenceNotarized", with: ["sha256": .string(String(repeating: "cd", count: 32))]))
        XCTAssertEqual(refusal.member, "payload.sha256")
        XCTAssertTrue(refusal.message.contains("does not match"), refusal.message)
    }

    func testGivenRecordedEvidence_whenNotarisedBeforeItWasRecorded_orTwice_thenRefused() throws {
        let f = try Fixture()
        try f.givenEvidence()
        XCTAssertEqual(f.refusal("EvidenceNotarized", "case/C1", "2024-03-06T09:00", Who.notary,
            Samples.payload("EvidenceNotarized")).member, "at")
        try f.record("EvidenceNotarized", "case/C1", "2024-03-07T10:00", Who.notary, Samples.payload("EvidenceNotarized"))
        XCTAssertEqual(f.refusal("EvidenceNotarized", "case/C1", "2024-03-08T10:00", Who.notary,
            Samples.payload("EvidenceNotarized")).member, "payload.evidence")
        XCTAssertEqual(f.caseState().evidence["E1"]?.certificateNo, "(2024)黑齐证字第88号")
    }

    func testGivenCase_whenAnyAgencysInvestigatorRecordsEvidence_thenAccepted() throws {
        let f = try Fixture()
        try f.givenCase()
        try f.record("EvidenceRecorded", "case/C1", "2024-03-06T10:00", Who.psbClerk, Samples.payload("EvidenceRecorded"))
    }

    func testGivenCase_whenNotifyingAnUnregisteredAgency_thenRefusedNamingIt() throws {
        let f = try Fixture()
        try f.givenCase()
        XCTAssertEqual(f.refusal("CaseNotified", "case/C1", "2024-03-06T10:00", Who.amrInv, ["agencies": ["fle-psb", "nowhere"],
            "note": "x"]).member, "payload.agencies[1]")
    }

    func testGivenMeetingRequested_whenHeldBeforeTheRequest_thenRefused() throws {
        let f = try Fixture()
        try f.givenCase()
        try f.record("ConsultationRequested", "case/C1", "2024-03-07T10:00", Who.amrInv, Samples.payload("ConsultationRequested"))
        XCTAssertEqual(f.refusal("ConsultationHeld", "case/C1", "2024-03-06T15:00", Who.amrInv,
            Samples.payload("ConsultationHeld")).member, "at")
        try f.record("ConsultationHeld", "case/C1", "2024-03-07T15:00", Who.amrInv, Samples.payload("ConsultationHeld"))
        XCTAssertEqual(f.refusal("ConsultationHeld", "case/C1", "2024-03-08T15:00", Who.amrInv, Samples.payload("ConsultationHeld")).kind,
            .rule, "one meeting per request")
    }

    func testGivenPoliceCase_whenAPenaltyIsDecided_thenRefused() throws {
        let f = try Fixture()
        try f.givenCase(by: Who.psbClerk, report: false)
        let refusal = f.refusal("PenaltyDecided", "case/C1", "2024-04-01T10:00", Who.amrHead, Samples.payload("PenaltyDecided"))
        XCTAssertTrue(refusal.message.contains("opened by the police"), refusal.message)
        XCTAssertTrue(f.caseState().deadlines.all.isEmpty, "no administrative penalty period for a police case")
    }

    func testGivenCase_whenAnotherAmrDecidesThePenalty_thenRefused() throws {
        let f = try Fixture()
        try f.givenCase()
        try f.record("OfficerEnrolled", "registry", "2024-03-05T12:00", Who.admin, ["officer": "qamr-head", "agency": "qqh-amr",
            "name": "x", "roles": ["head"]])
        let refusal = f.refusal("PenaltyDecided", "case/C1", "2024-04-01T10:00", Actor(agency: "qqh-amr", officer: "qamr-head"),
            Samples.payload("PenaltyDecided"))
        XCTAssertEqual(refusal.kind, .permission)
    }

    func testGivenCase_whenClosedWithAnOutcomeThatDidNotHappen_thenRefused() throws {
        let f = try Fixture()
        try f.givenCase()
        XCTAssertEqual(f.refusal("CaseClosed", "case/C1", "2024-04-01T10:00", Who.amrHead, ["outcome": "penalized",
            "summary": "x"]).member, "payload.outcome")
        XCTAssertEqual(f.refusal("CaseClosed", "case/C1", "2024-04-01T10:00", Who.amrHead, ["outcome": "criminalFiled",
            "summary": "x"]).member, "payload.outcome")
        XCTAssertEqual(f.refusal("CaseClosed", "case/C1", "2024-04-01T10:00", Who.psbHead, ["outcome": "noViolation",
            "summary": "x"]).kind, .permission,
                       "the police are not a party before a transfer")
        try f.record("PenaltyDecided", "case/C1", "2024-04-01T10:00", Who.amrHead, Samples.payload("PenaltyDecided"))
        try f.record("CaseClosed", "case/C1", "2024-04-02T10:00", Who.amrHead, ["outcome": "penalized", "summary": "罚款结案"])
        let state = f.caseState()
        XCTAssertEqual(state.outcome, "penalized")
        XCTAssertTrue(state.deadlines.open.isEmpty)
    }
}
