import XCTest
import LedgerCore
@testable import IPProtection
import LedgerTestSupport

/// Mediations end to end, through the recorder as `ipledger record` drives it: a delegated
/// mediation to a granted confirmation; one that fails and is registered by the court; one
/// whose confirmation is denied because it confirms a patent's ownership; one whose
/// confirmation window closes.
final class WholeMediationTests: XCTestCase {
    func testADelegatedMediation_extended_settled_andConfirmed() throws {
        let f = try Fixture()
        let m = "mediation/FLE-SQ-2024-015"
        try f.record("MediationDelegated", m, "2024-04-01T09:00", Who.courtClerk, Samples.payload("MediationDelegated"))
        try f.record("MediatorAssigned", m, "2024-04-02T09:00", Who.medHead, Samples.payload("MediatorAssigned"))
        try f.record("MediationSessionHeld", m, "2024-04-10T09:00", Who.mediator, Samples.payload("MediationSessionHeld"))
        try f.record("MediationExtended", m, "2024-04-30T09:00", Who.mediator, Samples.payload("MediationExtended"))
        try f.record("MediationSessionHeld", m, "2024-05-09T09:00", Who.mediator, ["mode": "inPerson", "participants": ["原告代理人",
            "被告经营者"], "note": "达成一致"])
        try f.record("MediationSettled", m, "2024-05-10T16:00", Who.mediator, Samples.payload("MediationSettled",
            with: ["effectiveAt": "2024-05-10T16:00:00+08:00"]))
        try f.record("ConfirmationApplied", m, "2024-05-13T09:00", Who.centerClerk, Samples.payload("ConfirmationApplied"))
        try f.record("ConfirmationAccepted", m, "2024-05-14T09:00", Who.courtClerk, Samples.payload("ConfirmationAccepted"))
        try f.record("ConfirmationGranted", m, "2024-05-24T09:00", Who.judge, Samples.payload("ConfirmationGranted"))

        let state = f.replayed
        let mediation = try XCTUnwrap(state.mediations[m])
        XCTAssertEqual(mediation.stage, .confirmed)
        XCTAssertTrue(mediation.confirmation?.isGranted ?? false)
        XCTAssertEqual(mediation.confirmation?.rulingNo, "(2024)黑0206民特5号")
        XCTAssertEqual(mediation.agreement?.amountFen, 3_000_000)
        XCTAssertEqual(mediation.sessions.count, 2)
        XCTAssertEqual(mediation.extensions.map(\.days), [15])
        XCTAssertTrue(mediation.involvesPrivateEnterprise)
        XCTAssertEqual(mediation.sector, "appliances")
        XCTAssertTrue(state.openDeadlines.isEmpty, "\(state.openDeadlines)")
        XCTAssertTrue(mediation.deadlines.late.isEmpty)
        func taken(_ rule: DeadlineRule) -> Int? {
            guard case .met(_, _, let taken)? = mediation.deadlines.all.first(where: { $0.rule == rule })?.status else { return nil }
            return taken
        }
        XCTAssertEqual(taken(.delegatedMediation), 38, "38 of 45 days, the extension counted")
        XCTAssertEqual(taken(.confirmationWindow), 3)
        XCTAssertEqual(taken(.confirmationAcceptance), 1)
        XCTAssertEqual(taken(.confirmationDecision), 10)
        XCTAssertEqual(Alerts.compute(state, asOf: ts("2024-12-31T00:00")), [])
        XCTAssertEqual(f.recorder.state.mediations[m], mediation, "the recorder's lazily folded state equals the replay's")

        // As of the day after acceptance: the decision is awaited from fle-court.
        let early = DomainState.replay(f.ledger.records.filter { ts($0.at) <= ts("2024-05-15T00:00") })
        XCTAssertEqual(early.mediations[m]?.stage, .confirmationAccepted)
        XCTAssertEqual(early.mediations[m]?.nextAgency, "fle-court")
        XCTAssertEqual(early.mediations[m]?.decisionPeriod?.due.description, "2024-05-29T23:59:59+08:00")
    }

    func testAFailedDelegation_goesBackToTheCourt_whichRegistersTheCase() throws {
        let f = try Fixture()
        let m = "mediation/FLE-SQ-2024-016"
        try f.record("MediationDelegated", m, "2024-04-01T09:00", Who.courtClerk, Samples.payload("MediationDelegated"))
        try f.record("MediatorAssigned", m, "2024-04-02T09:00", Who.medHead, Samples.payload("MediatorAssigned"))
        try f.record("MediationSessionHeld", m, "2024-04-10T09:00", Who.mediator, Samples.payload("MediationSessionHeld"))
        try f.record("MediationFailed", m, "2024-04-25T16:00", Who.mediator, Samples.payload("MediationFailed"))
        XCTAssertEqual(f.refusal("ConfirmationApplied", m, "2024-04-26T09:00", Who.centerClerk,
            Samples.payload("ConfirmationApplied")).kind, .rule, "no agreement to confirm")
        XCTAssertEqual(f.mediation(m).nextAgency, "fle-court")
        XCTAssertEqual(f.refusal("CourtCaseRegistered", m, "2024-04-26T09:00", Who.otherCourtClerk,
            Samples.payload("CourtCaseRegistered")).kind, .permission, "only the delegating court")
        try f.record("CourtCaseRegistered", m, "2024-04-26T09:00", Who.courtClerk, Samples.payload("CourtCaseRegistered"))

        let mediation = f.mediation(m)
        XCTAssertEqual(mediation.stage, .registered)
        XCTAssertEqual(mediation.failureReason, "双方对赔偿数额分歧较大")
        XCTAssertNil(mediation.nextAgency)
        XCTAssertTrue(f.replayed.openDeadlines.isEmpty)
        XCTAssertEqual(Alerts.compute(f.replayed, asOf: ts("2024-12-31T00:00")), [])
    }

    func testAnAgreementConfirmingAPatentsOwnership_isDeniedConfirmation() throws {
        let f = try Fixture()
        let m = "mediation/QQH-2024-031"
        let parties: JSONValue = [
            ["name": "齐齐哈尔某农机有限公司", "privateEnterprise": true, "side": "applicant"],
            ["name": "王某", "privateEnterprise": false, "side": "respondent"],
        ]
        try f.record("MediationApplied", m, "2024-06-03T09:00", Who.centerClerk, ["parties": parties, "ipType": "patent",
            "claim": "确认播种机实用新型专利权归申请人所有", "organization": "fle-med", "sector": "agriInputs"])
        try f.record("MediatorAssigned", m, "2024-06-03T10:00", Who.medHead, ["mediator": "med-2"])
        try f.record("MediationSettled", m, "2024-06-20T10:00", Who.mediator2, ["agreementNo": "富知调〔2024〕21号",
            "agreementSha256": .string(String(repeating: "cd", count: 32)), "terms": "双方确认 ZL2023XXXXXXXX.X 专利权归申请人所有",
            "effectiveAt": "2024-06-20T10:00:00+08:00", "confirmsOwnership": true])
        try f.record("ConfirmationApplied", m, "2024-06-21T09:00", Who.centerClerk,
                     ["court": "fle-court", "applicants": ["王某", "齐齐哈尔某农机有限公司"]])
        try f.record("ConfirmationAccepted", m, "2024-06-24T09:00", Who.courtClerk, [:])
        let refusal = f.refusal("ConfirmationGranted", m, "2024-07-01T09:00", Who.judge, ["rulingNo": "(2024)黑0206民特9号"])
        XCTAssertEqual(refusal.kind, .rule)
        XCTAssertEqual(refusal.rule, "民诉解释 第355条")
        try f.record("ConfirmationDenied", m, "2024-07-01T09:00", Who.judge, Samples.payload("ConfirmationDenied"))

        let mediation = f.mediation(m)
        XCTAssertEqual(mediation.kind, .applied)
        XCTAssertEqual(mediation.ipType, "patent")
        XCTAssertEqual(mediation.stage, .confirmationDenied)
        XCTAssertEqual(mediation.confirmation?.denialReason, ConfirmationDenialReason.ipOwnership.rawValue)
        XCTAssertNil(mediation.mediationPeriod, "a mediation the parties applied for has no statutory period")
        XCTAssertTrue(f.replayed.openDeadlines.isEmpty)
    }

    func testASettlementNobodyAppliesToConfirm_seesItsWindowClose() throws {
        let f = try Fixture()
        let m = "mediation/FLE-WT-2024-007"
        try f.record("MediationEntrusted", m, "2024-09-02T09:00", Who.judge, Samples.payload("MediationEntrusted",
            with: ["procedure": "summary"]))
        try f.record("MediatorAssigned", m, "2024-09-02T15:00", Who.medHead, Samples.payload("MediatorAssigned"))
        XCTAssertEqual(f.mediation(m).mediationPeriod?.due.description, "2024-09-09T23:59:59+08:00")
        try f.record("MediationSettled", m, "2024-09-06T10:00", Who.mediator, Samples.payload("MediationSettled",
            with: ["effectiveAt": "2024-09-06T10:00:00+08:00"]))
        // 30 days from 6 September end on 6 October, in the National Day holidays: the window runs to 8 October.
        let window = try XCTUnwrap(f.mediation(m).confirmationWindow)
        XCTAssertEqual(window.due.description, "2024-10-08T23:59:59+08:00")

        func kinds(_ when: String) -> [Alert.Kind] {
            let state = DomainState.replay(f.ledger.records.filter { ts($0.at) <= ts(when) })
            return Alerts.compute(state, asOf: ts(when)).map(\.kind)
        }
        XCTAssertEqual(kinds("2024-10-01T09:00"), [])
        XCTAssertEqual(kinds("2024-10-04T09:00"), [.confirmationWindowClosing])
        XCTAssertEqual(kinds("2024-10-09T00:00"), [.confirmationWindowClosed])
        XCTAssertEqual(kinds("2025-03-01T00:00"), [.confirmationWindowClosed], "closed for good: nothing reopens it")
        XCTAssertEqual(f.mediation(m).stage, .settled)
        XCTAssertEqual(f.replayed.openDeadlines.map(\.rule), [.confirmationWindow])
    }
}
