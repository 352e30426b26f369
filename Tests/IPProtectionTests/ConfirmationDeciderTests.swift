import XCTest
import LedgerCore
@testable import IPProtection
import LedgerTestSupport

/// Judicial confirmation of a mediation agreement: the 30-day window (民事诉讼法 2023 第205条),
/// acceptance within 3 days and a decision within 15 (+10) (法释〔2011〕5号 第4、5条), and
/// never for an agreement that confirms ownership of an IP right (民诉解释 第355条).
final class ConfirmationDeciderTests: XCTestCase {
    private let m = Fixture.m

    func testGivenSettlement_theWindowRunsThirtyDaysFromTheAgreementTakingEffect() throws {
        let f = try Fixture()
        try f.givenSettledMediation(settlement: Samples.payload("MediationSettled", with: ["effectiveAt": "2024-04-22T00:00:00+08:00"]))
        let window = try XCTUnwrap(f.mediation().confirmationWindow)
        XCTAssertEqual(window.start, ts("2024-04-22T00:00"))
        XCTAssertEqual(window.due.description, "2024-05-22T23:59:59+08:00")
        XCTAssertEqual(window.agency, "fle-med")
        XCTAssertEqual(f.mediation().stage, .settled)
        XCTAssertFalse(window.rule.watched, "the parties' window is not anyone's duty: it never shows as overdue")
    }

    func testGivenSettlement_whenNotEveryPartyApplies_orANonPartyDoes_thenRefused() throws {
        let f = try Fixture()
        try f.givenSettledMediation()
        let partial = f.refusal("ConfirmationApplied", m, "2024-04-25T10:00", Who.centerClerk,
                                ["court": "fle-court", "applicants": [.string(Samples.defendant), "某律师"]])
        XCTAssertEqual(partial.member, "payload.applicants[1]")
        XCTAssertEqual(partial.rule, "民事诉讼法 (2023) 第205条")
        let one = f.refusal("ConfirmationApplied", m, "2024-04-25T10:00", Who.centerClerk,
                            ["court": "fle-court", "applicants": [.string(Samples.defendant), .string(Samples.defendant + " ")]])
        XCTAssertEqual(one.member, "payload.applicants[1]")
    }

    func testGivenCourtDelegatedMediation_theApplicationGoesToThatCourt_recordedByTheCenterOrThatCourt() throws {
        let f = try Fixture()
        try f.givenSettledMediation()
        XCTAssertEqual(f.refusal("ConfirmationApplied", m, "2024-04-25T10:00", Who.centerClerk,
            Samples.payload("ConfirmationApplied", with: ["court": "qqh-court"])).member, "payload.court")
        XCTAssertEqual(f.refusal("ConfirmationApplied", m, "2024-04-25T10:00", Who.centerClerk,
            Samples.payload("ConfirmationApplied", with: ["court": "fle-med"])).member, "payload.court")
        XCTAssertEqual(f.refusal("ConfirmationApplied", m, "2024-04-25T10:00", Who.otherCourtClerk,
            Samples.payload("ConfirmationApplied")).kind, .permission)
        try f.record("ConfirmationApplied", m, "2024-04-25T10:00", Who.courtClerk, Samples.payload("ConfirmationApplied"))
    }

    func testGivenAppliedMediation_thePartiesMayApplyToAnyCourt_whichAloneActsOnIt() throws {
        let f = try Fixture()
        try f.record("MediationApplied", m, "2024-04-01T09:00", Who.centerClerk, Samples.payload("MediationApplied"))
        try f.record("MediatorAssigned", m, "2024-04-02T09:00", Who.medHead, Samples.payload("MediatorAssigned"))
        try f.record("MediationSettled", m, "2024-04-20T10:00", Who.mediator, Samples.payload("MediationSettled"))
        try f.record("ConfirmationApplied", m, "2024-04-25T10:00", Who.centerClerk,
                     ["court": "qqh-court", "applicants": Samples.bothParties])
        XCTAssertEqual(f.refusal("ConfirmationAccepted", m, "2024-04-26T10:00", Who.courtClerk, [:]).kind, .permission)
        try f.record("ConfirmationAccepted", m, "2024-04-26T10:00", Who.otherCourtClerk, [:])
        XCTAssertEqual(f.mediation().nextAgency, "qqh-court")
    }

    func testGivenAgreementTakingEffectLater_whenAppliedBeforeThen_thenRefused() throws {
        let f = try Fixture()
        try f.givenSettledMediation(settlement: Samples.payload("MediationSettled", with: ["effectiveAt": "2024-04-30T00:00:00+08:00"]))
        XCTAssertEqual(f.refusal("ConfirmationApplied", m, "2024-04-25T10:00", Who.centerClerk,
            Samples.payload("ConfirmationApplied")).member, "at")
        XCTAssertEqual(f.refusal("ConfirmationApplied", m, "2024-04-19T10:00", Who.centerClerk,
            Samples.payload("ConfirmationApplied")).member, "at")
    }

    func testGivenNoAgreement_thereIsNothingToConfirm() throws {
        let f = try Fixture()
        try f.givenFailedMediation()
        XCTAssertTrue(f.refusal("ConfirmationApplied", m, "2024-04-25T10:00", Who.centerClerk,
            Samples.payload("ConfirmationApplied")).message.contains("failed"))
        XCTAssertEqual(f.refusal("ConfirmationAccepted", m, "2024-04-26T10:00", Who.courtClerk, [:]).kind, .rule)
    }

    func testGivenApplication_theCourtDecidesOnAcceptanceInThreeDays_aSundayThatWasAWorkingDay() throws {
        let f = try Fixture()
        try f.givenConfirmationApplied()
        let acceptance = try XCTUnwrap(f.mediation().deadlines.all.first { $0.rule == .confirmationAcceptance })
        XCTAssertEqual(acceptance.due.description, "2024-04-28T23:59:59+08:00", "28 April 2024 was an adjusted working Sunday")
        XCTAssertEqual(acceptance.agency, "fle-court")
        let overdue = Alerts.compute(f.replayed, asOf: ts("2024-04-29T09:00"))
        XCTAssertEqual(overdue.map(\.rule), ["confirmationAcceptance"])
        XCTAssertEqual(overdue.first?.agencyKind, .court)
        XCTAssertEqual(f.mediation().nextAgency, "fle-court")
    }

    func testGivenAcceptance_theDecisionIsDueInFifteenDays_orTwentyFiveOnceExtended() throws {
        let f = try Fixture()
        try f.givenConfirmationAccepted()
        XCTAssertEqual(f.mediation().decisionPeriod?.due.description, "2024-05-11T23:59:59+08:00", "an adjusted working Saturday")
        XCTAssertEqual(Alerts.compute(f.replayed, asOf: ts("2024-05-12T09:00")).map(\.rule), ["confirmationDecision"])
        try f.record("ConfirmationExtended", m, "2024-05-08T10:00", Who.courtHead, Samples.payload("ConfirmationExtended"))
        XCTAssertEqual(f.mediation().decisionPeriod?.period, .days(25))
        XCTAssertEqual(f.mediation().decisionPeriod?.due.description, "2024-05-21T23:59:59+08:00")
        XCTAssertEqual(Alerts.compute(f.replayed, asOf: ts("2024-05-12T09:00")), [])
        XCTAssertEqual(f.refusal("ConfirmationExtended", m, "2024-05-09T10:00", Who.courtHead, ["days": 1]).kind, .rule, "once")
    }

    func testAnExtensionIsTenDaysAtMost_andFollowsTheAcceptance() throws {
        let f = try Fixture()
        try f.givenConfirmationApplied()
        XCTAssertEqual(f.refusal("ConfirmationExtended", m, "2024-04-26T10:00", Who.courtHead, ["days": 5]).rule, "法释〔2011〕5号 第5条")
        try f.record("ConfirmationAccepted", m, "2024-04-26T10:00", Who.courtClerk, [:])
        let eleven = f.refusal("ConfirmationExtended", m, "2024-05-08T10:00", Who.courtHead, ["days": 11])
        XCTAssertEqual(eleven.kind, .schema)
        XCTAssertEqual(eleven.member, "payload.days")
    }

    func testGivenAgreementConfirmingOwnership_theGrantIsRefused_andADenialAccepted() throws {
        let f = try Fixture()
        try f.givenConfirmationAccepted(settlement: Samples.payload("MediationSettled", with: ["confirmsOwnership": true]))
        let refusal = f.refusal("ConfirmationGranted", m, "2024-05-06T10:00", Who.judge, Samples.payload("ConfirmationGranted"))
        XCTAssertEqual(refusal.rule, "民诉解释 第355条")
        XCTAssertTrue(refusal.message.contains("ipOwnership"), refusal.message)
        try f.record("ConfirmationDenied", m, "2024-05-06T10:00", Who.judge, Samples.payload("ConfirmationDenied"))
        XCTAssertEqual(f.mediation().stage, .confirmationDenied)
        XCTAssertEqual(f.mediation().confirmation?.denialReason, "ipOwnership")
    }

    func testGivenApplication_theCourtMayRefuseToAcceptIt_butGrantsOnlyAfterAccepting() throws {
        let f = try Fixture()
        try f.givenConfirmationApplied()
        XCTAssertEqual(f.refusal("ConfirmationGranted", m, "2024-04-26T10:00", Who.judge, Samples.payload("ConfirmationGranted")).kind,
            .rule)
        XCTAssertEqual(f.refusal("ConfirmationDenied", m, "2024-04-24T10:00", Who.judge, Samples.payload("ConfirmationDenied")).member,
            "at")
        try f.record("ConfirmationDenied", m, "2024-04-26T10:00", Who.judge, Samples.payload("ConfirmationDenied"))
        let acceptance = try XCTUnwrap(f.mediation().deadlines.all.first { $0.rule == .confirmationAcceptance })
        guard case .met(let by, false, _) = acceptance.status else { return XCTFail("the refusal to accept answers the application") }
        XCTAssertEqual(by.type, "ConfirmationDenied")
        XCTAssertEqual(f.refusal("ConfirmationAccepted", m, "2024-04-27T10:00", Who.courtClerk, [:]).kind, .rule, "decided")
    }

    func testGivenDecision_nothingMoreIsDecided() throws {
        let f = try Fixture()
        try f.givenConfirmationAccepted()
        try f.record("ConfirmationGranted", m, "2024-05-06T10:00", Who.judge, Samples.payload("ConfirmationGranted"))
        XCTAssertEqual(f.refusal("ConfirmationDenied", m, "2024-05-07T10:00", Who.judge, Samples.payload("ConfirmationDenied")).kind,
            .rule)
        XCTAssertEqual(f.refusal("ConfirmationApplied", m, "2024-05-07T10:00", Who.centerClerk,
            Samples.payload("ConfirmationApplied")).kind, .rule)
        XCTAssertEqual(f.mediation().stage, .confirmed)
        XCTAssertNil(f.mediation().nextAgency)
    }

    func testTheWindow_showsClosingInItsLastFiveDays_thenClosed_untilAnApplication() throws {
        let f = try Fixture()
        try f.givenSettledMediation()
        let state = f.replayed
        XCTAssertEqual(Alerts.compute(state, asOf: ts("2024-05-15T23:59:58")), [], "due 2024-05-20T23:59:59")
        let closing = Alerts.compute(state, asOf: ts("2024-05-16T09:00"))
        XCTAssertEqual(closing.map(\.kind), [.confirmationWindowClosing])
        XCTAssertEqual(closing.first?.since.description, "2024-05-15T23:59:59+08:00")
        XCTAssertEqual(closing.first?.agency, "fle-med")
        XCTAssertEqual(closing.first?.citation, "民事诉讼法 (2023) 第205条")
        XCTAssertTrue(closing.first?.message.contains("富知调〔2024〕8号") ?? false)
        XCTAssertEqual(Alerts.compute(state, asOf: ts("2024-05-20T23:59:59")).map(\.kind), [.confirmationWindowClosing])
        let closed = Alerts.compute(state, asOf: ts("2024-05-21T00:00"))
        XCTAssertEqual(closed.map(\.kind), [.confirmationWindowClosed])
        XCTAssertEqual(closed.first?.since.description, "2024-05-20T23:59:59+08:00")
        try f.record("ConfirmationApplied", m, "2024-05-23T10:00", Who.centerClerk, Samples.payload("ConfirmationApplied"))
        XCTAssertEqual(Alerts.compute(f.replayed, asOf: ts("2024-05-23T11:00")).map(\.kind), [], "applied, if late")
        XCTAssertEqual(f.mediation().deadlines.late.map(\.rule), [.confirmationWindow])
    }
}
