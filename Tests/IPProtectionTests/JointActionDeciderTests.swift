import XCTest
import LedgerCore
@testable import IPProtection
import LedgerTestSupport

/// Joint enforcement actions (齐富市监联发〔2022〕1号): their agencies, sectors and period, and
/// the cases that arise in them, linked by `CaseLinked` or named by `CaseOpened.action`.
final class JointActionDeciderTests: XCTestCase {
    private let a = "action/A1"

    func testGivenLaunch_whenItsAgenciesLeaveOutTheLead_orTheLauncher_orAreUnregistered_thenRefused() throws {
        let f = try Fixture()
        XCTAssertEqual(f.refusal("JointActionLaunched", a, "2024-04-01T09:00", Who.amrHead,
            Samples.payload("JointActionLaunched", with: ["lead": "fle-proc"])).member, "payload.lead")
        XCTAssertEqual(f.refusal("JointActionLaunched", a, "2024-04-01T09:00", Who.amrHead,
            Samples.payload("JointActionLaunched", with: ["agencies": ["fle-psb"], "lead": "fle-psb"])).member, "payload.agencies")
        XCTAssertEqual(f.refusal("JointActionLaunched", a, "2024-04-01T09:00", Who.amrHead,
            Samples.payload("JointActionLaunched", with: ["agencies": ["fle-amr", "nowhere"]])).member, "payload.agencies[1]")
        XCTAssertEqual(f.refusal("JointActionLaunched", a, "2024-04-01T09:00", Who.amrHead,
            Samples.payload("JointActionLaunched", with: ["to": "2024-03-31"])).member, "payload.to")
        XCTAssertEqual(f.refusal("JointActionLaunched", a, "2024-04-01T09:00", Who.amrHead,
            Samples.payload("JointActionLaunched", with: ["sectors": ["toys"]])).member, "payload.sectors[0]")
    }

    func testGivenAction_whenACaseNamesItAtOpening_thenTheCaseIsLinked_andCannotBeLinkedAgain() throws {
        let f = try Fixture()
        try f.givenJointAction()
        try f.record("CaseOpened", "case/C1", "2024-04-08T10:00", Who.amrInv, Samples.payload("CaseOpened",
            with: ["report": nil, "action": .string(a)]).droppingNulls)
        let state = f.replayed
        XCTAssertEqual(state.cases["case/C1"]?.action, a)
        XCTAssertEqual(state.actions[a]?.linkedCases, ["case/C1"])
        XCTAssertEqual(state.actions[a]?.links.first?.linked.type, "CaseOpened")
        XCTAssertEqual(state.actionsByCase["case/C1"], [a])
        XCTAssertEqual(f.refusal("CaseLinked", a, "2024-04-10T09:00", Who.amrInv, Samples.payload("CaseLinked")).member, "payload.case")
    }

    func testGivenAction_aCaseNamingIt_isOpenedByATakingPartAgency_betweenTheLaunchAndTheConclusion() throws {
        let f = try Fixture()
        try f.givenJointAction()
        let payload = Samples.payload("CaseOpened", with: ["report": nil, "action": .string(a)]).droppingNulls
        XCTAssertEqual(f.refusal("CaseOpened", "case/C1", "2024-04-08T10:00", Who.cityAmrInv, payload).member, "payload.action",
                       "qqh-amr does not take part")
        XCTAssertEqual(f.refusal("CaseOpened", "case/C1", "2024-03-28T10:00", Who.amrInv, payload).member, "at")
        try f.record("JointActionConcluded", a, "2024-06-01T09:00", Who.amrHead, Samples.payload("JointActionConcluded"))
        XCTAssertEqual(f.refusal("CaseOpened", "case/C1", "2024-06-02T10:00", Who.amrInv, payload).member, "payload.action")
        try f.record("CaseOpened", "case/C1", "2024-05-30T10:00", Who.psbClerk, payload)
        XCTAssertEqual(f.replayed.actions[a]?.links.map(\.agency), ["fle-psb"])
    }

    func testGivenAction_whenLinkingACaseOfNoAgencyTakingPart_orNoCase_thenRefused() throws {
        let f = try Fixture()
        try f.givenJointAction()
        XCTAssertEqual(f.refusal("CaseLinked", a, "2024-04-10T09:00", Who.amrInv, ["case": "case/none"]).member, "payload.case")
        try f.record("CaseOpened", "case/Q1", "2024-04-05T10:00", Who.cityAmrInv, Samples.payload("CaseOpened",
            with: ["report": nil]).droppingNulls)
        XCTAssertEqual(f.refusal("CaseLinked", a, "2024-04-10T09:00", Who.amrInv, ["case": "case/Q1"]).member, "payload.case")
        try f.record("CaseOpened", "case/C2", "2024-04-05T10:00", Who.amrInv, Samples.payload("CaseOpened",
            with: ["report": nil]).droppingNulls)
        XCTAssertEqual(f.refusal("CaseLinked", a, "2024-04-04T09:00", Who.psbClerk, ["case": "case/C2"]).member, "at",
                       "before the case was opened")
        try f.record("CaseLinked", a, "2024-04-10T09:00", Who.psbClerk, ["case": "case/C2"])
        XCTAssertEqual(f.replayed.actionsByCase["case/C2"], [a])
    }

    func testGivenConcludedAction_nothingFollows_andOnlyTheLeadConcludes() throws {
        let f = try Fixture()
        try f.givenCase()
        try f.givenJointAction()
        XCTAssertEqual(f.refusal("JointActionConcluded", a, "2024-03-31T09:00", Who.amrHead,
            Samples.payload("JointActionConcluded")).member, "at")
        try f.record("JointActionConcluded", a, "2024-06-01T09:00", Who.amrHead, Samples.payload("JointActionConcluded"))
        XCTAssertEqual(f.refusal("CaseLinked", a, "2024-06-02T09:00", Who.amrInv, Samples.payload("CaseLinked")).kind, .rule)
        let action = try XCTUnwrap(f.replayed.actions[a])
        XCTAssertTrue(action.isConcluded)
        XCTAssertEqual(action.sectors, ["appliances", "foodDrug"])
        XCTAssertEqual(action.from, CivilDate("2024-04-01"))
        XCTAssertTrue(action.covers(CivilDate("2024-05-31")!))
        XCTAssertFalse(action.covers(CivilDate("2024-06-01")!))
    }
}
