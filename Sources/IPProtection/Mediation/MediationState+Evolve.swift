import LedgerCore

extension MediationState {
    /// Folds one record of this stream. Total: never fails, whatever the record holds.
    public mutating func evolve(_ record: LedgerRecord, registry: RegistryState) {
        fields.evolve(DomainEvent(record), registry: registry)
    }

    /// Folds one event of this stream, and returns the state after it.
    @discardableResult
    mutating func evolve(_ event: DomainEvent, registry: RegistryState) -> MediationState {
        fields.evolve(event, registry: registry)
        return self
    }
}

extension MediationState.Fields {
    /// Folds one event of this stream.
    mutating func evolve(_ event: DomainEvent, registry: RegistryState) {
        version += 1
        let p = event.payload
        let ref = event.reference.sharing(stream)
        let clock = registry.clock(atSeq: event.seq)
        switch event.name {
        case .mediationDelegated?, .mediationEntrusted?, .mediationInvited?, .mediationApplied?:
            guard opened == nil else { return }
            open(event, p, ref)
        case .mediatorAssigned?:
            assignments.append(MediationState.Assignment(mediator: p.string("mediator"), assigned: ref))
            // 第27条: the period runs from the assignment; a replacement does not restart it.
            if assignments.count == 1, let rule = periodRule {
                deadlines.open(rule, stream: stream, start: ref, agency: organization, clock: clock)
            }
        case .mediationSessionHeld?:
            sessions.append(MediationState.Session(mode: p.string("mode"), participants: p.strings("participants"), held: ref))
        case .mediationExtended?:
            let days = max(0, p.int("days") ?? 0)
            let changed = periodRule.flatMap { deadlines.extend($0, byDays: days, clock: clock) }
            extensions.append(MediationState.Extension(days: days, consentOf: p.strings("consentOf"), extended: ref,
                                                       dueBefore: changed?.before.due, dueAfter: changed?.after.due,
                                                       afterDue: changed?.before.isLate(at: ref.at) ?? false))
        case .mediationSettled?:
            guard !isConcluded else { return }
            let effectiveAt = Timestamp(rfc3339: p.string("effectiveAt")) ?? ref.at
            agreement = MediationState.Agreement(agreementNo: p.string("agreementNo"), sha256: p.string("agreementSha256"),
                                                 terms: p.string("terms"), amountFen: p.int("amountFen"), effectiveAt: effectiveAt,
                                                 confirmsOwnership: p.bool("confirmsOwnership"), settled: ref)
            concludePeriod(by: ref, clock)
            deadlines.open(.confirmationWindow, stream: stream, start: ref, from: effectiveAt, agency: organization, clock: clock)
        case .mediationFailed?:
            guard !isConcluded else { return }
            failure = ref
            failureReason = p.string("reason")
            concludePeriod(by: ref, clock)
        case .courtCaseRegistered?:
            guard registration == nil else { return }
            registration = ref
            registeredCaseNo = p.string("courtCaseNo")
        default:
            evolveConfirmation(event, p, ref, clock)
        }
    }

    private mutating func open(_ event: DomainEvent, _ p: Payload, _ ref: EventReference) {
        opened = ref
        openedBy = event.actor.agency
        switch event.name {
        case .mediationDelegated?: kind = .delegated
        case .mediationEntrusted?: kind = .entrusted
        case .mediationInvited?: kind = .invited
        default: kind = .applied
        }
        court = p.optionalString("court")
        courtCaseNo = p.optionalString("courtCaseNo")
        preFilingNo = p.optionalString("preFilingNo")
        procedure = p.optionalString("procedure")
        parties = p.objects("parties").map { party in
            MediationState.MediationParty(party: party.asParty, side: party.string("side"))
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

    private mutating func evolveConfirmation(_ event: DomainEvent, _ p: Payload, _ ref: EventReference, _ clock: LedgerClock) {
        switch event.name {
        case .confirmationApplied?:
            guard confirmation == nil else { return }
            let court = p.string("court")
            confirmation = MediationState.Confirmation(court: court, applicants: p.strings("applicants"), applied: ref)
            deadlines.meet([.confirmationWindow], by: ref, clock: clock)
            deadlines.open(.confirmationAcceptance, stream: stream, start: ref, agency: court, clock: clock)
        case .confirmationAccepted?:
            guard confirmation != nil, confirmation?.accepted == nil else { return }
            confirmation?.accepted = ref
            confirmation?.caseNo = p.optionalString("caseNo")
            deadlines.meet([.confirmationAcceptance], by: ref, clock: clock)
            deadlines.open(.confirmationDecision, stream: stream, start: ref, agency: confirmation?.court, clock: clock)
        case .confirmationExtended?:
            guard confirmation?.accepted != nil, confirmation?.extended == nil else { return }
            let days = max(0, p.int("days") ?? 0)
            confirmation?.extended = ref
            confirmation?.extensionDays = days
            deadlines.extend(.confirmationDecision, byDays: days, clock: clock)
        case .confirmationGranted?, .confirmationDenied?:
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
