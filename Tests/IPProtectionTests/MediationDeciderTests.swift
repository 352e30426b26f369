import XCTest
import LedgerCore
@testable import IPProtection
import LedgerTestSupport

/// How a mediation comes about and is conducted: the periods of 特邀调解规定 第27条 from the
/// mediator's assignment, extensions with every party's consent, settlement and failure.
final class MediationDeciderTests: XCTestCase {
    private let m = Fixture.m

    func testGivenDelegation_whenTheMediatorIsAssigned_thenThirtyDaysRun_pastTheMayDayHolidays() throws {
        let f = try Fixture()
        try f.givenDelegatedMediation()
        XCTAssertEqual(f.mediation().stage, .awaitingMediator)
        XCTAssertTrue(f.mediation().deadlines.all.isEmpty, "the period runs from the assignment, not the delegation")
        try f.record("MediatorAssigned", m, "2024-04-02T09:00", Who.medHead, Samples.payload("MediatorAssigned"))
        let period = try XCTUnwrap(f.mediation().mediationPeriod)
        XCTAssertEqual(period.rule, .delegatedMediation)
        XCTAssertEqual(period.period, .days(30))
        XCTAssertEqual(period.agency, "fle-med")
        XCTAssertEqual(period.due.description, "2024-05-06T23:59:59+08:00", "2 May falls in the holidays of 1-5 May")
        XCTAssertEqual(f.mediation().stage, .mediating)
        XCTAssertEqual(f.mediation().nextAgency, "fle-med")
    }

    func testEntrustedMediation_runsFifteenDays_orSevenInSummaryProcedure() throws {
        let f = try Fixture()
        try f.givenMediatorAssigned(type: "MediationEntrusted")
        XCTAssertEqual(f.mediation().mediationPeriod?.rule, .entrustedMediation)
        XCTAssertEqual(f.mediation().mediationPeriod?.due.description, "2024-04-17T23:59:59+08:00")
        let g = try Fixture()
        try g.givenMediatorAssigned(type: "MediationEntrusted",
                                    payload: Samples.payload("MediationEntrusted", with: ["procedure": "summary"]))
        XCTAssertEqual(g.mediation().mediationPeriod?.rule, .summaryMediation)
        XCTAssertEqual(g.mediation().mediationPeriod?.due.description, "2024-04-09T23:59:59+08:00")
    }

    func testInvitedAndAppliedMediations_haveNoStatutoryPeriod_soNothingToExtend() throws {
        for type in ["MediationInvited", "MediationApplied"] {
            let f = try Fixture()
            try f.givenMediatorAssigned(type: type)
            XCTAssertNil(f.mediation().mediationPeriod, type)
            XCTAssertTrue(f.mediation().deadlines.all.isEmpty, type)
            let refusal = f.refusal("MediationExtended", m, "2024-04-30T09:00", Who.mediator, Samples.payload("MediationExtended"))
            XCTAssertEqual(refusal.rule, MediationDecider.periodRule, type)
        }
    }

    func testGivenOpening_whenItNamesAnotherCourt_orANonMediationOrganisation_orAPartyTwice_thenRefused() throws {
        let f = try Fixture()
        XCTAssertEqual(f.refusal("MediationDelegated", m, "2024-04-01T09:00", Who.courtClerk,
            Samples.payload("MediationDelegated", with: ["court": "qqh-court"])).kind, .permission)
        XCTAssertEqual(f.refusal("MediationDelegated", m, "2024-04-01T09:00", Who.courtClerk,
            Samples.payload("MediationDelegated", with: ["organization": "qqh-center"])).member, "payload.organization")
        let twice: JSONValue = [["name": "甲公司", "privateEnterprise": true, "side": "plaintiff"],
                                ["name": "甲公司", "privateEnterprise": true, "side": "defendant"]]
        XCTAssertEqual(f.refusal("MediationDelegated", m, "2024-04-01T09:00", Who.courtClerk,
            Samples.payload("MediationDelegated", with: ["parties": twice])).member, "payload.parties[1].name")
        let one: JSONValue = [["name": "甲公司", "privateEnterprise": true, "side": "plaintiff"]]
        XCTAssertEqual(f.refusal("MediationDelegated", m, "2024-04-01T09:00", Who.courtClerk,
            Samples.payload("MediationDelegated", with: ["parties": one])).member, "payload.parties")
    }

    func testGivenApplication_whenTheOrganisationRecordsIt_itMustBeItsOwn() throws {
        let f = try Fixture()
        XCTAssertEqual(f.refusal("MediationApplied", m, "2024-04-01T09:00", Who.otherMedHead, Samples.payload("MediationApplied")).kind,
            .permission, "qqh-med records no application made to fle-med")
        try f.record("MediationApplied", m, "2024-04-01T09:00", Who.medHead, Samples.payload("MediationApplied"))
        XCTAssertEqual(f.mediation().kind, .applied)
        XCTAssertEqual(f.mediation().parties.map(\.side), ["applicant", "respondent"])
        XCTAssertNil(f.mediation().court)
    }

    func testGivenDelegation_whenAssigningSomeoneWhoIsNotAMediatorOfTheOrganisation_thenRefused() throws {
        let f = try Fixture()
        try f.givenDelegatedMediation()
        for officer in ["qmed-1", "med-head", "nobody"] {
            XCTAssertEqual(f.refusal("MediatorAssigned", m, "2024-04-02T09:00", Who.medHead, ["mediator": .string(officer)]).member,
                "payload.mediator", officer)
        }
        XCTAssertEqual(f.refusal("MediatorAssigned", m, "2024-03-31T09:00", Who.medHead, Samples.payload("MediatorAssigned")).member,
            "at", "before the delegation")
    }

    func testGivenMediator_whenReplaced_thePeriodRunsOn_andOnlyTheNewMediatorActs() throws {
        let f = try Fixture()
        try f.givenMediatorAssigned()
        XCTAssertEqual(f.refusal("MediatorAssigned", m, "2024-04-05T09:00", Who.medHead, ["mediator": "med-1"]).member, "payload.mediator")
        try f.record("MediatorAssigned", m, "2024-04-05T09:00", Who.medHead, ["mediator": "med-2", "note": "原调解员回避"])
        XCTAssertEqual(f.mediation().mediator, "med-2")
        XCTAssertEqual(f.mediation().deadlines.all.count, 1)
        XCTAssertEqual(f.mediation().mediationPeriod?.due.description, "2024-05-06T23:59:59+08:00")
        XCTAssertEqual(f.refusal("MediationSessionHeld", m, "2024-04-10T09:00", Who.mediator,
            Samples.payload("MediationSessionHeld")).kind, .permission)
        XCTAssertEqual(f.refusal("MediationSessionHeld", m, "2024-04-04T09:00", Who.mediator2,
            Samples.payload("MediationSessionHeld")).member, "at", "before their assignment")
        try f.record("MediationSessionHeld", m, "2024-04-10T09:00", Who.mediator2, Samples.payload("MediationSessionHeld"))
        XCTAssertEqual(f.mediation().sessions.map(\.mode), ["online"])
    }

    func testGivenMediation_whenExtendedWithoutEveryPartysConsent_thenRefusedNamingTheMissingParty() throws {
        let f = try Fixture()
        try f.givenMediatorAssigned()
        let partial = f.refusal("MediationExtended", m, "2024-04-30T09:00", Who.mediator,
                                ["days": 15, "consentOf": .array([.string(Samples.plaintiff)])])
        XCTAssertEqual(partial.member, "payload.consentOf")
        XCTAssertTrue(partial.message.contains(Samples.defendant), partial.message)
        XCTAssertEqual(partial.rule, MediationDecider.periodRule)
        XCTAssertEqual(f.refusal("MediationExtended", m, "2024-04-30T09:00", Who.mediator,
            ["days": 15, "consentOf": [.string(Samples.plaintiff), .string(Samples.defendant), "路人甲"]]).member, "payload.consentOf[2]")
    }

    func testGivenMediation_whenEveryPartyConsents_thenThePeriodGrowsFromItsStart() throws {
        let f = try Fixture()
        try f.givenMediatorAssigned()
        try f.record("MediationExtended", m, "2024-04-30T09:00", Who.mediator, Samples.payload("MediationExtended"))
        let period = try XCTUnwrap(f.mediation().mediationPeriod)
        XCTAssertEqual(period.period, .days(45))
        XCTAssertEqual(period.due.description, "2024-05-17T23:59:59+08:00")
        let first = try XCTUnwrap(f.mediation().extensions.first)
        XCTAssertEqual(first.dueBefore?.description, "2024-05-06T23:59:59+08:00")
        XCTAssertFalse(first.afterDue)
        XCTAssertEqual(Alerts.compute(f.replayed, asOf: ts("2024-05-10T00:00")), [])
        try f.record("MediationExtended", m, "2024-05-20T09:00", Who.mediator, ["days": 10, "consentOf": Samples.bothParties])
        XCTAssertEqual(f.mediation().extensions.last?.afterDue, true, "agreed once the extended period had run out")
        XCTAssertEqual(f.mediation().mediationPeriod?.period, .days(55))
    }

    func testGivenMediation_whenThePeriodPasses_thenOverdueForTheOrganisation_untilSettledLate() throws {
        let f = try Fixture()
        try f.givenMediatorAssigned()
        XCTAssertEqual(Alerts.compute(f.replayed, asOf: ts("2024-05-06T23:59")), [])
        let alert = try XCTUnwrap(Alerts.compute(f.replayed, asOf: ts("2024-05-07T00:00")).first)
        XCTAssertEqual(alert.kind, .overdue)
        XCTAssertEqual(alert.rule, "delegatedMediation")
        XCTAssertEqual(alert.agency, "fle-med")
        XCTAssertEqual(alert.agencyKind, .mediation)
        XCTAssertEqual(alert.citation, "最高人民法院关于人民法院特邀调解的规定 第27条")
        XCTAssertNil(alert.caseName)
        try f.record("MediationSettled", m, "2024-05-08T10:00", Who.mediator, Samples.payload("MediationSettled",
            with: ["effectiveAt": "2024-05-08T10:00:00+08:00"]))
        guard case .met(_, let late, let taken)? = f.mediation().mediationPeriod?.status else { return XCTFail("not met") }
        XCTAssertTrue(late)
        XCTAssertEqual(taken, 36)
        XCTAssertEqual(f.mediation().deadlines.late.map(\.rule), [.delegatedMediation])
    }

    func testGivenMediation_whenTheAgreementTakesEffectBeforeTheMediationBegan_thenRefused() throws {
        let f = try Fixture()
        try f.givenMediatorAssigned()
        XCTAssertEqual(f.refusal("MediationSettled", m, "2024-04-20T10:00", Who.mediator, Samples.payload("MediationSettled",
            with: ["effectiveAt": "2024-04-01T10:00:00+08:00"])).member, "payload.effectiveAt")
    }

    func testGivenNoMediatorYet_aMediatorOfTheOrganisationMayRecordTheFailure_butNoOtherActs() throws {
        let f = try Fixture()
        try f.givenDelegatedMediation()
        XCTAssertEqual(f.refusal("MediationSettled", m, "2024-04-03T09:00", Who.mediator, Samples.payload("MediationSettled")).kind, .rule)
        XCTAssertEqual(f.refusal("MediationFailed", m, "2024-04-03T09:00", Who.otherMediator, ["reason": "x"]).kind, .permission)
        try f.record("MediationFailed", m, "2024-04-03T09:00", Who.mediator2, ["reason": "被告拒绝调解"])
        XCTAssertEqual(f.mediation().stage, .failed)
        XCTAssertEqual(f.mediation().nextAgency, "fle-court", "a failed delegation goes back to the court")
    }

    func testGivenFailedEntrustedMediation_thereIsNoRegistration_theTrialGoesOn() throws {
        let f = try Fixture()
        try f.givenFailedMediation(type: "MediationEntrusted")
        XCTAssertNil(f.mediation().nextAgency)
        XCTAssertTrue(f.refusal("CourtCaseRegistered", m, "2024-04-22T09:00", Who.courtClerk,
            Samples.payload("CourtCaseRegistered")).message.contains("delegated"))
    }

    func testGivenFailedDelegation_theDelegatingCourtRegistersOnce_notBeforeTheFailure() throws {
        let f = try Fixture()
        try f.givenMediatorAssigned()
        XCTAssertEqual(f.refusal("CourtCaseRegistered", m, "2024-04-22T09:00", Who.courtClerk,
            Samples.payload("CourtCaseRegistered")).kind, .rule, "not failed yet")
        try f.record("MediationFailed", m, "2024-04-20T10:00", Who.mediator, Samples.payload("MediationFailed"))
        XCTAssertEqual(f.refusal("CourtCaseRegistered", m, "2024-04-19T09:00", Who.courtClerk,
            Samples.payload("CourtCaseRegistered")).member, "at")
        try f.record("CourtCaseRegistered", m, "2024-04-22T09:00", Who.judge, Samples.payload("CourtCaseRegistered"))
        XCTAssertEqual(f.refusal("CourtCaseRegistered", m, "2024-04-23T09:00", Who.courtClerk,
            Samples.payload("CourtCaseRegistered")).kind, .rule)
        XCTAssertEqual(f.mediation().stage, .registered)
        XCTAssertEqual(f.mediation().registeredCaseNo, "(2024)黑0206民初400号")
    }

    func testGivenEndedMediation_noMoreSessionsExtensionsOrAssignments() throws {
        let f = try Fixture()
        try f.givenSettledMediation()
        for (type, who) in [("MediationSessionHeld", Who.mediator), ("MediationExtended", Who.mediator), ("MediatorAssigned", Who.medHead),
                            ("MediationFailed", Who.mediator)] {
            XCTAssertEqual(f.refusal(type, m, "2024-04-21T09:00", who, Samples.payload(type)).kind, .rule, type)
        }
    }
}
