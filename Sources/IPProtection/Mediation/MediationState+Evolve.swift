import LedgerCore

extension MediationState {
    /// Folds one record of this stream. Total: never fails, whatever the record holds.
    public mutating func evolve(_ record: LedgerRecord, registry: RegistryState) {
        version += 1
        let p = PayloadReader(record.payload)
        let ref = EventReference(record)
        let clock = registry.clock(atSeq: record.seq)
        switch record.type {
        case "MediationDelegated", "MediationEntrusted", "MediationInvited", "MediationApplied":
            guard opened == nil else { return }
            open(record, p, ref)
        case "MediatorAssigned":
            assignments.append(Assignment(mediator: p.string("mediator"), assigned: ref))
            // 第27条: the period runs from the assignment; a replacement does not restart it.
            if assignments.count == 1, let rule = periodRule {
                deadlines.open(rule, stream: stream, start: ref, agency: organization, clock: clock)
            }
        case "MediationSessionHeld":
            sessions.append(Session(mode: p.string("mode"), participants: p.strings("participants"), held: ref))
        case "MediationExtended":
            let days = max(0, p.int("days") ?? 0)
            let changed = periodRule.flatMap { deadlines.extend($0, byDays: days, clock: clock) }
            extensions.append(Extension(days: days, consentOf: p.strings("consentOf"), extended: ref, dueBefore: changed?.before.due,
                                        dueAfter: changed?.after.due, afterDue: changed?.before.isLate(at: ref.at) ?? false))
        case "MediationSettled":
            guard !isConcluded else { return }
            let effectiveAt = Timestamp(rfc3339: p.string("effectiveAt")) ?? ref.at
            agreement = Agreement(agreementNo: p.string("agreementNo"), sha256: p.string("agreementSha256"), terms: p.string("terms"),
                                  amountFen: p.int("amountFen"), effectiveAt: effectiveAt,
                                  confirmsOwnership: p.bool("confirmsOwnership"), settled: ref)
            concludePeriod(by: ref, clock)
            deadlines.open(.confirmationWindow, stream: stream, start: ref, from: effectiveAt, agency: organization, clock: clock)
        case "MediationFailed":
            guard !isConcluded else { return }
            failure = ref
            failureReason = p.string("reason")
            concludePeriod(by: ref, clock)
        case "CourtCaseRegistered":
            guard registration == nil else { return }
            registration = ref
            registeredCaseNo = p.string("courtCaseNo")
        default:
            evolveConfirmation(record, p, ref, clock)
        }
    }

    private mutating func open(_ record: LedgerRecord, _ p: PayloadReader, _ ref: EventReference) {
        opened = ref
        openedBy = record.actor.agency
        switch record.type {
        case "MediationDelegated": kind = .delegated
        case "MediationEntrusted": kind = .entrusted
        case "MediationInvited": kind = .invited
        default: kind = .applied
        }
        court = p.optionalString("court")
        courtCaseNo = p.optionalString("courtCaseNo")
        preFilingNo = p.optionalString("preFilingNo")
        procedure = p.optionalString("procedure")
        parties = (p.members["parties"]?.arrayValue ?? []).map { value in
            let party = PayloadReader(value.objectValue ?? [:])
            return MediationParty(party: Party(party), side: party.string("side"))
        }
        ipType = p.string("ipType")
        sector = p.optionalString("sector")
        claim = p.string("claim")
        claimFen = p.int("claimFen")
        organization = p.string("organization")
    }

    /// The mediation ended, settled or failed: its period is met.
    private mutating func concludePeriod(by ref: EventReference, _ clock: LedgerClock) {
        deadlines.meet([.delegatedMediation, .entrustedMediation, .summaryMediation], by: ref, clock: clock)
    }

    private mutating func evolveConfirmation(_ record: LedgerRecord, _ p: PayloadReader, _ ref: EventReference, _ clock: LedgerClock) {
        switch record.type {
        case "ConfirmationApplied":
            guard confirmation == nil else { return }
            let court = p.string("court")
            confirmation = Confirmation(court: court, applicants: p.strings("applicants"), applied: ref)
            deadlines.meet([.confirmationWindow], by: ref, clock: clock)
            deadlines.open(.confirmationAcceptance, stream: stream, start: ref, agency: court, clock: clock)
        case "ConfirmationAccepted":
            guard confirmation != nil, confirmation?.accepted == nil else { return }
            confirmation?.accepted = ref
            confirmation?.caseNo = p.optionalString("caseNo")
            deadlines.meet([.confirmationAcceptance], by: ref, clock: clock)
            deadlines.open(.confirmationDecision, stream: stream, start: ref, agency: confirmation?.court, clock: clock)
        case "ConfirmationExtended":
            guard confirmation?.accepted != nil, confirmation?.extended == nil else { return }
            let days = max(0, p.int("days") ?? 0)
            confirmation?.extended = ref
            confirmation?.extensionDays = days
            deadlines.extend(.confirmationDecision, byDays: days, clock: clock)
        case "ConfirmationGranted", "ConfirmationDenied":
            guard confirmation != nil, confirmation?.decision == nil else { return }
            confirmation?.decision = ref
            confirmation?.rulingNo = p.optionalString("rulingNo")
            confirmation?.denialReason = p.optionalString("reason")
            deadlines.meet([.confirmationAcceptance, .confirmationDecision], by: ref, clock: clock)
        default:
            break
        }
    }
}
