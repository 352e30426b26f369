import LedgerCore
@testable import IPProtection
import LedgerTestSupport

/// The mediation states the given/when/then tests start from, each built on the one before
/// it: a dispute fle-court delegates to fle-med on 1 April 2024, mediated by med-1 from the
/// 2nd (30 days, past the May Day holidays: due 6 May), settled on the 20th, confirmation
/// applied for on the 25th and accepted on the 26th (15 days: due 11 May, an adjusted
/// working Saturday).
extension Fixture {
    static let m = "mediation/M1"

    func givenDelegatedMediation(_ stream: String = Fixture.m, type: String = "MediationDelegated",
                                 payload: JSONValue? = nil) throws {
        let actor = type == "MediationApplied" ? Who.centerClerk : Who.courtClerk
        try record(type, stream, "2024-04-01T09:00", actor, payload ?? Samples.payload(type))
    }

    func givenMediatorAssigned(_ stream: String = Fixture.m, type: String = "MediationDelegated", payload: JSONValue? = nil) throws {
        try givenDelegatedMediation(stream, type: type, payload: payload)
        try record("MediatorAssigned", stream, "2024-04-02T09:00", Who.medHead, Samples.payload("MediatorAssigned"))
    }

    func givenSettledMediation(_ stream: String = Fixture.m, settlement: JSONValue = Samples.payload("MediationSettled")) throws {
        try givenMediatorAssigned(stream)
        try record("MediationSettled", stream, "2024-04-20T10:00", Who.mediator, settlement)
    }

    func givenFailedMediation(_ stream: String = Fixture.m, type: String = "MediationDelegated") throws {
        try givenMediatorAssigned(stream, type: type)
        try record("MediationFailed", stream, "2024-04-20T10:00", Who.mediator, Samples.payload("MediationFailed"))
    }

    func givenConfirmationApplied(_ stream: String = Fixture.m, settlement: JSONValue = Samples.payload("MediationSettled")) throws {
        try givenSettledMediation(stream, settlement: settlement)
        try record("ConfirmationApplied", stream, "2024-04-25T10:00", Who.centerClerk, Samples.payload("ConfirmationApplied"))
    }

    func givenConfirmationAccepted(_ stream: String = Fixture.m, settlement: JSONValue = Samples.payload("MediationSettled")) throws {
        try givenConfirmationApplied(stream, settlement: settlement)
        try record("ConfirmationAccepted", stream, "2024-04-26T10:00", Who.courtClerk, Samples.payload("ConfirmationAccepted"))
    }

    /// A joint action of fle-amr (lead) and fle-psb in April and May 2024.
    func givenJointAction(_ stream: String = "action/A1") throws {
        try record("JointActionLaunched", stream, "2024-04-01T09:00", Who.amrHead, Samples.payload("JointActionLaunched"))
    }

    func mediation(_ name: String = Fixture.m) -> MediationState { replayed.mediations[name] ?? MediationState(stream: name) }
}
