import XCTest
import LedgerCore
@testable import IPProtection
import LedgerTestSupport

/// Meetings, the protection center's services and typical-case publications: one act per
/// stream, naming registered agencies and the ledger's own cases.
final class CollaborationDeciderTests: XCTestCase {
    func testGivenMeeting_itsAgenciesAreRegistered_includeTheRecorder_andItsCasesExist() throws {
        let f = try Fixture()
        let mt = "meeting/MT1"
        let payload = Samples.payload("MeetingHeld", without: "cases")
        XCTAssertEqual(f.refusal("MeetingHeld", mt, "2024-04-15T09:00", Who.otherProsecutor, payload).member, "payload.agencies",
                       "qqh-proc did not take part")
        XCTAssertEqual(f.refusal("MeetingHeld", mt, "2024-04-15T09:00", Who.amrHead, Samples.payload("MeetingHeld",
            with: ["agencies": ["fle-amr", "nowhere"]])).member, "payload.agencies[1]")
        XCTAssertEqual(f.refusal("MeetingHeld", mt, "2024-04-15T09:00", Who.amrHead, Samples.payload("MeetingHeld")).member,
            "payload.cases[0]")
        try f.givenCase()
        XCTAssertEqual(f.refusal("MeetingHeld", mt, "2024-03-01T09:00", Who.amrHead, Samples.payload("MeetingHeld")).member, "at")
        try f.record("MeetingHeld", mt, "2024-04-15T09:00", Who.judge, Samples.payload("MeetingHeld"))
        let meeting = try XCTUnwrap(f.replayed.meetings[mt])
        XCTAssertEqual(meeting.kind, "exchange")
        XCTAssertEqual(meeting.cases, ["case/C1"])
        XCTAssertEqual(meeting.recordedBy, "fle-court")
    }

    func testServices_areCountedByKindAndByWhetherTheRecipientIsAPrivateEnterprise() throws {
        let f = try Fixture()
        try f.record("ServiceProvided", "service/SV1", "2024-04-15T09:00", Who.centerClerk, Samples.payload("ServiceProvided"))
        try f.record("ServiceProvided", "service/SV2", "2024-04-16T09:00", Who.judge, ["kind": "postJudgmentQA",
            "recipient": ["name": "张某", "privateEnterprise": false], "summary": "判后答疑"])
        try f.record("ServiceProvided", "service/SV3", "2024-04-17T09:00", Who.justiceClerk, ["kind": "tradeSecretGuidance",
            "recipient": ["name": "某科技有限公司", "privateEnterprise": true], "summary": "商业秘密保护讲座"])
        XCTAssertEqual(f.refusal("ServiceProvided", "service/SV4", "2024-04-17T09:00", Who.amrClerk, Samples.payload("ServiceProvided",
            with: ["case": "case/C9"])).member, "payload.case")
        let services = f.replayed.services.values
        let privateByKind = Dictionary(grouping: services.filter(\.forPrivateEnterprise), by: \.kind).mapValues(\.count)
        XCTAssertEqual(privateByKind, ["tradeSecretGuidance": 2])
        XCTAssertEqual(services.filter { !$0.forPrivateEnterprise }.map(\.kind), ["postJudgmentQA"])
        XCTAssertEqual(f.replayed.services["service/SV2"]?.provider, "fle-court")
    }

    func testTypicalCases_nameCasesOfTheLedger_andAreIndexedByCase() throws {
        let f = try Fixture()
        try f.givenCase()
        let p = "publication/P1"
        XCTAssertEqual(f.refusal("TypicalCasePublished", p, "2024-04-26T09:00", Who.amrHead, Samples.payload("TypicalCasePublished",
            with: ["cases": ["case/C1", "case/C2"]])).member, "payload.cases[1]")
        XCTAssertEqual(f.refusal("TypicalCasePublished", p, "2024-04-26T09:00", Who.amrHead, Samples.payload("TypicalCasePublished",
            with: ["cases": ["mediation/M1"]])).kind, .schema, "typical cases are cases")
        try f.record("TypicalCasePublished", p, "2024-04-26T09:00", Who.courtHead, Samples.payload("TypicalCasePublished"))
        XCTAssertEqual(f.replayed.publications[p]?.publisher, "fle-court")
        XCTAssertEqual(f.replayed.publicationsByCase["case/C1"], [p])
    }
}
