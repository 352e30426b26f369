import LedgerCore
@testable import IPProtection
import LedgerTestSupport

/// The scenarios of the mediation, joint-action, meeting, service and publication types.
extension EveryEventTypeTests {
    static let m = Fixture.m
    static let a = "action/A1"

    static let mediationScenarios: [Scenario] = [
        Scenario(type: "MediationDelegated", stream: m, at: "2024-04-01T09:00", actor: Who.courtClerk, wrongActor: Who.otherJudge,
                 wrongState: .repeated),
        Scenario(type: "MediationEntrusted", stream: m, at: "2024-04-01T09:00", actor: Who.judge, wrongActor: Who.medHead,
                 wrongState: .repeated),
        Scenario(type: "MediationInvited", stream: m, at: "2024-04-01T09:00", actor: Who.courtClerk, wrongActor: Who.amrClerk,
                 wrongState: .repeated),
        Scenario(type: "MediationApplied", stream: m, at: "2024-04-01T09:00", actor: Who.centerClerk, wrongActor: Who.otherMedHead,
                 wrongState: .repeated),
        Scenario(type: "MediatorAssigned", stream: m, at: "2024-04-02T09:00", actor: Who.medHead, wrongActor: Who.otherMedHead,
                 given: { try $0.givenDelegatedMediation() },
                 wrongState: .custom { f in
                     try f.givenDelegatedMediation()
                     try f.record("MediationFailed", m, "2024-04-01T15:00", Who.mediator, ["reason": "被告拒绝调解"])
                 }),
        Scenario(type: "MediationSessionHeld", stream: m, at: "2024-04-10T09:00", actor: Who.mediator, wrongActor: Who.mediator2,
                 given: { try $0.givenMediatorAssigned() }, wrongState: .custom { try $0.givenDelegatedMediation() }),
        Scenario(type: "MediationExtended", stream: m, at: "2024-04-30T09:00", actor: Who.mediator, wrongActor: Who.mediator2,
                 given: { try $0.givenMediatorAssigned() },
                 wrongState: .custom { try $0.givenMediatorAssigned(type: "MediationInvited") }),
        Scenario(type: "MediationSettled", stream: m, at: "2024-04-20T10:00", actor: Who.mediator, wrongActor: Who.judge,
                 given: { try $0.givenMediatorAssigned() }, wrongState: .repeated),
        Scenario(type: "MediationFailed", stream: m, at: "2024-04-20T10:00", actor: Who.mediator, wrongActor: Who.otherMediator,
                 given: { try $0.givenMediatorAssigned() }, wrongState: .repeated),
        Scenario(type: "CourtCaseRegistered", stream: m, at: "2024-04-22T09:00", actor: Who.courtClerk, wrongActor: Who.otherJudge,
                 given: { try $0.givenFailedMediation() },
                 wrongState: .custom { try $0.givenFailedMediation(type: "MediationEntrusted") }),
        Scenario(type: "ConfirmationApplied", stream: m, at: "2024-04-25T10:00", actor: Who.centerClerk, wrongActor: Who.otherCourtClerk,
                 given: { try $0.givenSettledMediation() }, wrongState: .repeated),
        Scenario(type: "ConfirmationAccepted", stream: m, at: "2024-04-26T10:00", actor: Who.courtClerk, wrongActor: Who.otherCourtClerk,
                 given: { try $0.givenConfirmationApplied() }, wrongState: .repeated),
        Scenario(type: "ConfirmationExtended", stream: m, at: "2024-05-08T10:00", actor: Who.courtHead, wrongActor: Who.courtClerk,
                 given: { try $0.givenConfirmationAccepted() }, wrongState: .repeated),
        Scenario(type: "ConfirmationGranted", stream: m, at: "2024-05-06T10:00", actor: Who.judge, wrongActor: Who.otherJudge,
                 given: { try $0.givenConfirmationAccepted() }, wrongState: .custom { try $0.givenConfirmationApplied() }),
        Scenario(type: "ConfirmationDenied", stream: m, at: "2024-05-06T10:00", actor: Who.judge, wrongActor: Who.courtClerk,
                 given: { try $0.givenConfirmationAccepted() }, wrongState: .custom { try $0.givenSettledMediation() }),
    ]

    static let collaborationScenarios: [Scenario] = [
        Scenario(type: "JointActionLaunched", stream: a, at: "2024-04-01T09:00", actor: Who.amrHead, wrongActor: Who.judge,
                 wrongState: .repeated),
        Scenario(type: "CaseLinked", stream: a, at: "2024-04-10T09:00", actor: Who.amrInv, wrongActor: Who.cityAmrInv,
                 given: { f in
                     try f.givenCase()
                     try f.givenJointAction()
                 }, wrongState: .repeated),
        Scenario(type: "JointActionConcluded", stream: a, at: "2024-06-01T09:00", actor: Who.amrHead, wrongActor: Who.psbHead,
                 given: { try $0.givenJointAction() }, wrongState: .repeated),
        Scenario(type: "MeetingHeld", stream: "meeting/MT1", at: "2024-04-15T09:00", actor: Who.amrHead, wrongActor: Who.notary,
                 given: { try $0.givenCase() }, wrongState: .repeated),
        Scenario(type: "ServiceProvided", stream: "service/SV1", at: "2024-04-15T09:00", actor: Who.centerClerk, wrongActor: Who.psbClerk,
                 wrongState: .repeated),
        Scenario(type: "TypicalCasePublished", stream: "publication/P1", at: "2024-04-26T09:00", actor: Who.amrHead,
                 wrongActor: Who.amrInv, given: { try $0.givenCase() }),
    ]
}
