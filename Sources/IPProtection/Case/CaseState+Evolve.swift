import LedgerCore

extension CaseState {
    /// Folds one record of this stream. Total: never fails, whatever the record holds.
    public mutating func evolve(_ record: LedgerRecord, registry: RegistryState) {
        var shared = SharedValues()
        fields.evolve(DomainEvent(record), registry: registry, shared: &shared)
    }

    /// Folds one event of this stream, and returns the state after it; values equal to
    /// others' are taken from `shared`.
    @discardableResult
    mutating func evolve(_ event: DomainEvent, registry: RegistryState, shared: inout SharedValues) -> CaseState {
        fields.evolve(event, registry: registry, shared: &shared)
        return self
    }

    /// Takes the name of the report the case came from from the reports' own (`name`, equal to it).
    mutating func share(reportName name: String) {
        if self.report == name { fields.report = name }
    }
}

extension CaseState.Fields {
    /// Folds one event of this stream.
    mutating func evolve(_ event: DomainEvent, registry: RegistryState, shared: inout SharedValues) {
        version += 1
        let p = event.payload
        let ref = event.reference.sharing(stream)
        var clock: LedgerClock { registry.clock(atSeq: event.seq) }
        let actor = event.actor.agency
        switch event.name {
        case .caseOpened?:
            guard opened == nil else { return }
            opened = ref
            openedBy = actor
            report = p.optionalString("report")
            action = p.optionalString("action")
            ipType = shared.word(p.string("ipType"))
            sector = shared.word(p.string("sector"))
            respondent = shared.party(p.party("respondent"))
            rightsHolder = shared.party(p.party("rightsHolder"))
            if registry.isAgency(actor, ofKind: .police) {
                police = actor
            } else {
                amr = actor
                deadlines.open(.penaltyDecision, stream: stream, start: ref, agency: actor, clock: clock)
            }
        case .evidenceRecorded?:
            let id = p.string("evidence")
            guard evidence[id] == nil else { return }
            evidence.append(CaseState.Evidence(id: id, sha256: p.string("sha256"), recorded: ref))
        case .evidenceNotarized?:
            let id = p.string("evidence")
            let certificateNo = p.string("certificateNo")
            evidence.update(id) {
                $0.notarized = ref
                $0.certificateNo = certificateNo
            }
        case .consultationRequested?:
            pendingConsultations.append(ref)
        case .consultationHeld?:
            if !pendingConsultations.isEmpty { pendingConsultations.removeFirst() }
        case .penaltyDecided?:
            guard penalty == nil else { return }
            penalty = CaseState.Penalty(decisionNo: p.string("decisionNo"), fineFen: p.int("fineFen") ?? 0,
                                        illegalGainsFen: p.int("illegalGainsFen") ?? 0,
                                        businessVolumeFen: p.int("businessVolumeFen") ?? 0, decided: ref)
            deadlines.meet([.penaltyDecision], by: ref, clock: clock)
        case .impactAssessed?:
            impactAssessments.append(ref)
        case .caseClosed?:
            guard close == nil else { return }
            close = ref
            outcome = p.string("outcome")
            deadlines.end(nil, by: ref)
        default:
            evolveTransfer(event, p, ref, registry)
        }
    }

    /// The transfer and dispute acts.
    private mutating func evolveTransfer(_ event: DomainEvent, _ p: Payload, _ ref: EventReference, _ registry: RegistryState) {
        var clock: LedgerClock { registry.clock(atSeq: event.seq) }
        switch event.name {
        case .transferReportSubmitted?:
            transfer.report = TransferProgress.Report(team: p.strings("team"), suspectedOffence: p.string("suspectedOffence"),
                                                      illegalGainsFen: p.int("illegalGainsFen"),
                                                      businessVolumeFen: p.int("businessVolumeFen"), submitted: ref)
            transfer.reports.append(ref)
            transfer.stage = .reported
            transfer.approval = nil
            transfer.refusal = nil
            deadlines.open(.transferApproval, stream: stream, start: ref, agency: amr, clock: clock)
        case .transferApproved?:
            transfer.approval = ref
            transfer.stage = .approved
            deadlines.meet([.transferApproval], by: ref, clock: clock)
            deadlines.open(.transferAfterApproval, stream: stream, start: ref, agency: amr, clock: clock)
        case .transferRefused?:
            transfer.refusal = ref
            transfer.stage = .refused
            deadlines.meet([.transferApproval], by: ref, clock: clock)
        case .caseTransferred?:
            let to = p.string("to")
            transfer.transferred = ref
            transfer.transferredTo = to
            transfer.handedTo = ref
            police = to
            transfer.stage = .transferred
            let documents = Set(p.strings("documents"))
            transfer.missingDocuments = TransferDocument.required.map(\.rawValue).filter { !documents.contains($0) }
            deadlines.meet([.transferAfterApproval], by: ref, clock: clock)
            // 第十一条: the administrative procedure gives way to the criminal one.
            deadlines.end([.penaltyDecision], by: ref)
        case .transferReceived?:
            transfer.receipt = ref
            transfer.stage = .received
            deadlines.open(.filingDecision, stream: stream, start: ref, agency: police, clock: clock)
        case .transferForwarded?:
            let start = transfer.receipt ?? transfer.handedTo ?? ref
            deadlines.judge(.forwardToCompetent, stream: stream, start: start, act: ref, agency: police, clock: clock)
            deadlines.end([.filingDecision, .materialsSupply], by: ref)
            transfer.forwards.append(ref)
            transfer.handedTo = ref
            transfer.receipt = nil
            transfer.pendingMaterialsRequest = nil
            police = p.string("to")
            transfer.stage = .transferred
        case .materialsRequested?:
            if let receipt = transfer.receipt {
                deadlines.judge(.materialsRequest, stream: stream, start: receipt, act: ref, agency: police, clock: clock)
            }
            transfer.pendingMaterialsRequest = ref
            deadlines.open(.materialsSupply, stream: stream, start: ref, agency: amr, clock: clock)
        case .materialsSupplied?:
            transfer.pendingMaterialsRequest = nil
            deadlines.meet([.materialsSupply], by: ref, clock: clock)
        case .criminalCaseFiled?:
            guard transfer.filing == nil else { return }
            transfer.filing = ref
            transfer.filingNo = p.string("filingNo")
            transfer.stage = .filed
            deadlines.meet([.filingDecision, .reconsiderationDecision], by: ref, clock: clock)
            if amr != nil, transfer.transferred != nil {
                deadlines.open(.materialsHandover, stream: stream, start: ref, agency: amr, clock: clock)
            }
        case .filingDeclined?:
            transfer.decline = ref
            transfer.stage = .declined
            deadlines.meet([.filingDecision], by: ref, clock: clock)
        case .reconsiderationRequested?:
            if let decline = transfer.decline {
                deadlines.judge(.reconsiderationRequest, stream: stream, start: decline, act: ref, agency: amr, clock: clock)
            }
            transfer.reconsiderationRequest = ref
            deadlines.open(.reconsiderationDecision, stream: stream, start: ref, agency: police, clock: clock)
        case .reconsiderationDecided?:
            transfer.reconsiderationDecision = ref
            let outcome = p.string("outcome")
            transfer.reconsiderationOutcome = outcome
            if outcome == ReconsiderationOutcome.filed.rawValue { transfer.filingReopened = true }
            deadlines.meet([.reconsiderationDecision], by: ref, clock: clock)
        case .filingSupervisionSuggested?:
            if let start = transfer.reconsiderationDecision ?? transfer.decline {
                deadlines.judge(.supervisionSuggestion, stream: stream, start: start, act: ref, agency: amr, clock: clock)
            }
            transfer.suggestion = ref
            transfer.suggestedTo = p.string("procuratorate")
        case .transferDisputeRaised?:
            guard dispute == nil else { return }
            dispute = CaseState.Dispute(raised: ref, raisedBy: event.actor.agency)
        case .opinionRequested?:
            dispute?.requested[p.string("from")] = ref
        case .opinionGiven?:
            dispute?.given[event.actor.agency] = ref
            dispute?.recommendations[event.actor.agency] = p.string("recommendation")
        case .transferDisputeResolved?:
            guard var settled = dispute else { return }
            settled.resolved = ref
            settled.outcome = p.string("outcome")
            settledDisputes.append(settled)
            dispute = nil
            if settled.outcome == DisputeOutcome.transfer.rawValue, transfer.decline != nil { transfer.filingReopened = true }
        case .materialsHandedOver?:
            transfer.handovers.append(ref)
            deadlines.meet([.materialsHandover], by: ref, clock: clock)
        default:
            break
        }
    }
}
