import XCTest
import LedgerCore
@testable import IPProtection
import LedgerTestSupport

final class RegistryDeciderTests: XCTestCase {
    private let now = ts("2026-06-01T12:00")

    private func genesisAction(actor: Actor = Who.admin, payload: JSONValue = Samples.payload("LedgerOpened"),
        type: String = "LedgerOpened") throws -> Action {
        try Action(json: ["type": .string(type), "stream": "registry", "at": "2024-01-02T09:00:00+08:00", "actor": actor.json,
            "payload": payload])
    }

    func testGivenNoLedger_whenGenesisByTheDeclaredAdmin_thenTheDraftOpensTheLedger() throws {
        let draft = try Recorder.genesis(genesisAction(), now: now)
        XCTAssertEqual(draft.type, "LedgerOpened")
        XCTAssertEqual(draft.stream, "registry")
        XCTAssertEqual(draft.actor, Who.admin)
        var registry = RegistryState()
        registry.evolve(draft.record(seq: 1, version: 1, recorded: "2024-01-02T01:00:00Z", prev: String(repeating: "0", count: 64),
            defaultID: "e1"))
        XCTAssertTrue(registry.isOpened)
        XCTAssertEqual(registry.agency("fle-amr")?.kind, .amr)
        XCTAssertEqual(registry.officer("admin1")?.roles, [.admin])
        XCTAssertEqual(registry.utcOffset, 8 * 3600)
    }

    func testGivenNoLedger_whenGenesisByAnotherActor_thenRefused() throws {
        let refusal = try XCTUnwrap(Result { try Recorder.genesis(genesisAction(actor: Who.amrHead), now: now) }.refusal)
        XCTAssertEqual(refusal.kind, .permission)
        XCTAssertTrue(refusal.message.contains("\"officer\": \"admin1\""), refusal.message)
    }

    func testGenesis_withAnotherType_isRefused() throws {
        let action = try Action(json: ["type": "AgencyRegistered", "stream": "registry", "at": "2024-01-02T09:00:00+08:00",
                                       "actor": Who.admin.json, "payload": Samples.payload("AgencyRegistered")])
        XCTAssertEqual(Result { try Recorder.genesis(action, now: now) }.refusal?.kind, .unknownType)
    }

    func testGenesis_withAnUnknownTimeZone_isRefusedNamingIt() throws {
        let payload = Samples.payload("LedgerOpened", with: ["timezone": "Mars/Olympus"])
        let refusal = Result { try Recorder.genesis(genesisAction(payload: payload), now: now) }.refusal
        XCTAssertEqual(refusal?.member, "payload.timezone")
        XCTAssertNotNil(try? Recorder.genesis(genesisAction(payload: Samples.payload("LedgerOpened", with: ["timezone": "+08:00"])),
            now: now))
    }

    func testGivenUnopenedLedger_whenAnythingElse_thenRefused() throws {
        let f = try Fixture(open: false)
        let refusal = f.refusal("ReportReceived", "report/R1", "2024-03-01T09:00", Who.amrClerk, Samples.payload("ReportReceived"))
        XCTAssertTrue(refusal.message.contains("has not been opened"), refusal.message)
    }

    func testGivenHead_whenEnrollingInTheirOwnAgency_thenAccepted_butNotAdminsNorOtherAgencies() throws {
        let f = try Fixture()
        try f.record("OfficerEnrolled", "registry", "2024-02-01T09:00", Who.psbHead, ["officer": "psb-new", "agency": "fle-psb",
            "name": "新警员", "roles": ["investigator"]])
        XCTAssertEqual(f.refusal("OfficerEnrolled", "registry", "2024-02-01T09:00", Who.psbHead,
                                 ["officer": "psb-x", "agency": "fle-amr", "name": "x", "roles": ["clerk"]]).kind, .permission)
        XCTAssertEqual(f.refusal("OfficerEnrolled", "registry", "2024-02-01T09:00", Who.psbHead,
                                 ["officer": "psb-x", "agency": "fle-psb", "name": "x", "roles": ["admin"]]).kind, .permission)
    }

    func testGivenPoliceAgency_whenEnrollingAJudge_thenTheRoleIsRefused() throws {
        let f = try Fixture()
        let refusal = f.refusal("OfficerEnrolled", "registry", "2024-02-01T09:00", Who.admin,
                                ["officer": "x", "agency": "fle-psb", "name": "x", "roles": ["investigator", "judge"]])
        XCTAssertEqual(refusal.member, "payload.roles[1]")
        XCTAssertEqual(f.refusal("OfficerEnrolled", "registry", "2024-02-01T09:00", Who.admin,
                                 ["officer": "x", "agency": "nowhere", "name": "x", "roles": ["clerk"]]).member, "payload.agency")
    }

    func testGivenRetiredOfficer_whenTheyRecord_thenRefused() throws {
        let f = try Fixture()
        try f.givenCase()
        try f.record("OfficerRetired", "registry", "2024-03-05T12:00", Who.admin, ["officer": "amr-inv1", "reason": "退休"])
        let refusal = f.refusal("EvidenceRecorded", "case/C1", "2024-03-06T10:00", Who.amrInv, Samples.payload("EvidenceRecorded"))
        XCTAssertEqual(refusal.kind, .permission)
        XCTAssertTrue(refusal.message.contains("retired"), refusal.message)
    }

    func testTheLastActiveAdmin_cannotBeRetired() throws {
        let f = try Fixture()
        XCTAssertEqual(f.refusal("OfficerRetired", "registry", "2024-02-01T09:00", Who.admin, ["officer": "admin1",
            "reason": "x"]).member, "payload.officer")
        try f.record("OfficerEnrolled", "registry", "2024-02-01T09:00", Who.admin, ["officer": "admin2", "agency": "fle-amr", "name": "x",
            "roles": ["admin"]])
        try f.record("OfficerRetired", "registry", "2024-02-01T10:00", Who.admin, ["officer": "admin1", "reason": "调离"])
    }

    func testAnOfficerActingForAnotherAgency_orNotEnrolled_isRefused() throws {
        let f = try Fixture()
        let borrowed = f.refusal("ReportReceived", "report/R1", "2024-03-01T09:00", Actor(agency: "fle-psb", officer: "amr-clerk"),
            Samples.payload("ReportReceived"))
        XCTAssertTrue(borrowed.message.contains("belongs to fle-amr"), borrowed.message)
        let stranger = f.refusal("ReportReceived", "report/R1", "2024-03-01T09:00", Actor(agency: "fle-amr", officer: "nobody"),
            Samples.payload("ReportReceived"))
        XCTAssertTrue(stranger.message.contains("not enrolled"), stranger.message)
    }

    func testLiaison_isAssignedByTheHeadOfThatAgencyOnly() throws {
        let f = try Fixture()
        XCTAssertEqual(f.refusal("LiaisonAssigned", "registry", "2024-02-01T09:00", Who.psbHead, ["agency": "fle-amr",
            "officer": "amr-inv1"]).kind, .permission)
        XCTAssertEqual(f.refusal("LiaisonAssigned", "registry", "2024-02-01T09:00", Who.amrHead, ["agency": "fle-amr",
            "officer": "psb-clerk"]).member, "payload.officer")
        try f.record("LiaisonAssigned", "registry", "2024-02-01T09:00", Who.amrHead, ["agency": "fle-amr", "officer": "amr-inv1"])
        XCTAssertEqual(f.replayed.registry.liaisons["fle-amr"], "amr-inv1")
    }

    func testCalendar_refusesWeekdayWorkdaysDoubleListingsAndStrayYears() throws {
        let f = try Fixture()
        XCTAssertEqual(f.refusal("CalendarPublished", "registry", "2024-02-01T09:00", Who.admin,
                                 ["year": 2027, "holidays": [], "workdays": ["2027-02-08"]]).member, "payload.workdays[0]")
        XCTAssertEqual(f.refusal("CalendarPublished", "registry", "2024-02-01T09:00", Who.admin,
                                 ["year": 2027, "holidays": ["2027-02-06"], "workdays": ["2027-02-06"]]).member, "payload.workdays[0]")
        XCTAssertEqual(f.refusal("CalendarPublished", "registry", "2024-02-01T09:00", Who.admin,
                                 ["year": 2027, "holidays": ["2027-01-01", "2030-01-01"], "workdays": []]).member, "payload.holidays[1]")
    }
}

extension Result where Success == EventDraft, Failure == Error {
    init(_ body: () throws -> EventDraft) {
        do { self = .success(try body()) } catch { self = .failure(error) }
    }

    var refusal: Refusal? {
        if case .failure(let e) = self { return e as? Refusal }
        return nil
    }
}
