import LedgerCore

extension CaseState {
    /// Folds one record of this stream. Total: never fails, whatever the record holds.
    public mutating func evolve(_ record: LedgerRecord, registry: RegistryState) {
        version += 1
        let p = PayloadReader(record.payload)
        let ref = EventReference(record)
        let clock = registry.clock(atSeq: record.seq)
        let actor = record.actor.agency
        switch record.type {
        case "CaseOpened":
            guard opened == nil else { return }
            opened = ref
            openedBy = actor
            report = p.optionalString("report")
            action = p.optionalString("action")
            ipType = p.string("ipType")
            sector = p.string("sector")
            respondent = p.party("respondent")
            rightsHolder = p.party("rightsHolder")
            if registry.isAgency(actor, ofKind: .police) {
                police = actor
            } else {
                amr = actor
                deadlines.open(.penaltyDecision, stream: stream, start: ref, agency: actor, clock: clock)
            }
        case "EvidenceRecorded":
            let id = p.string("evidence")
            guard evidence[id] == nil else { return }
            evidence[id] = Evidence(id: id, sha256: p.string("sha256"), recorded: ref)
        case "EvidenceNotarized":
            let id = p.string("evidence")
            evidence[id]?.notarized = ref
            evidence[id]?.certificateNo = p.string("certificateNo")
        case "ConsultationRequested":
            pendingConsultations.append(ref)
        case "ConsultationHeld":
            if !pendingConsultations.isEmpty { pendingConsultations.removeFirst() }
        case "PenaltyDecided":
            guard penalty == nil else { return }
            penalty = Penalty(decisionNo: p.string("decisionNo"), fineFen: p.int("fineFen") ?? 0,
                              illegalGainsFen: p.int("illegalGainsFen") ?? 0, businessVolumeFen: p.int("businessVolumeFen") ?? 0,
                              decided: ref)
            deadlines.meet([.penaltyDecision], by: ref, clock: clock)
        case "ImpactAssessed":
            impactAssessments.append(ref)
        case "CaseClosed":
            guard close == nil else { return }
            close = ref
            outcome = p.string("outcome")
            deadlines.end(nil, by: ref)
        default:
            evolveTransfer(record, p, ref, clock)
        }
    }

    /// The transfer and dispute acts.
    private mutating func evolveTransfer(_ record: LedgerRecord, _ p: PayloadReader, _ ref: EventReference, _ clock: LedgerClock) {
        switch record.type {
        case "TransferReportSubmitted":
            transfer.report = TransferProgress.Report(team: p.strings("team"), suspectedOffence: p.string("suspectedOffence"),
                                                      illegalGainsFen: p.int("illegalGainsFen"),
                                                      businessVolumeFen: p.int("businessVolumeFen"), submitted: ref)
            transfer.reports.append(ref)
            transfer.stage = .reported
            transfer.approval = nil
            transfer.refusal = nil
            deadlines.open(.transferApproval, stream: stream, start: ref, agency: amr, clock: clock)
        case "TransferApproved":
            transfer.approval = ref
            transfer.stage = .approved
            deadlines.meet([.transferApproval], by: ref, clock: clock)
            deadlines.open(.transferAfterApproval, stream: stream, start: ref, agency: amr, clock: clock)
        case "TransferRefused":
            transfer.refusal = ref
            transfer.stage = .refused
            deadlines.meet([.transferApproval], by: ref, clock: clock)
        case "CaseTransferred":
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
        case "TransferReceived":
            transfer.receipt = ref
            transfer.stage = .received
            deadlines.open(.filingDecision, stream: stream, start: ref, agency: police, clock: clock)
        case "TransferForwarded":
            let start = transfer.receipt ?? transfer.handedTo ?? ref
            deadlines.judge(.forwardToCompetent, stream: stream, start: start, act: ref, agency: police, clock: clock)
            deadlines.end([.filingDecision, .materialsSupply], by: ref)
            transfer.forwards.append(ref)
            transfer.handedTo = ref
            transfer.receipt = nil
            transfer.pendingMaterialsRequest = nil
            police = p.string("to")
            transfer.stage = .transferred
        case "MaterialsRequested":
            if let receipt = transfer.receipt {
                deadlines.judge(.materialsRequest, stream: stream, start: receipt, act: ref, agency: police, clock: clock)
            }
            transfer.pendingMaterialsRequest = ref
            deadlines.open(.materialsSupply, stream: stream, start: ref, agency: amr, clock: clock)
        case "MaterialsSupplied":
            transfer.pendingMaterialsRequest = nil
            deadlines.meet([.materialsSupply], by: ref, clock: clock)
        case "CriminalCaseFiled":
            guard transfer.filing == nil else { return }
            transfer.filing = ref
            transfer.filingNo = p.string("filingNo")
            transfer.stage = .filed
            deadlines.meet([.filingDecision, .reconsiderationDecision], by: ref, clock: clock)
            if amr != nil, transfer.transferred != nil {
                deadlines.open(.materialsHandover, stream: stream, start: ref, agency: amr, clock: clock)
            }
        case "FilingDeclined":
            transfer.decline = ref
            transfer.stage = .declined
            deadlines.meet([.filingDecision], by: ref, clock: clock)
        case "ReconsiderationRequested":
            if let decline = transfer.decline {
                deadlines.judge(.reconsiderationRequest, stream: stream, start: decline, act: ref, agency: amr, clock: clock)
            }
            transfer.reconsiderationRequest = ref
            deadlines.open(.reconsiderationDecision, stream: stream, start: ref, agency: police, clock: clock)
        case "ReconsiderationDecided":
            transfer.reconsiderationDecision = ref
            let outcome = p.string("outcome")
            transfer.reconsiderationOutcome = outcome
            if outcome == ReconsiderationOutcome.filed.rawValue { transfer.filingReopened = true }
            deadlines.meet([.reconsiderationDecision], by: ref, clock: clock)
        case "FilingSupervisionSuggested":
            if let start = transfer.reconsiderationDecision ?? transfer.decline {
                deadlines.judge(.supervisionSuggestion, stream: stream, start: start, act: ref, agency: amr, clock: clock)
            }
            transfer.suggestion = ref
            transfer.suggestedTo = p.string("procuratorate")
        case "TransferDisputeRaised":
            guard dispute == nil else { return }
            dispute = Dispute(raised: ref, raisedBy: record.actor.agency)
        case "OpinionRequested":
            dispute?.requested[p.string("from")] = ref
        case "OpinionGiven":
            dispute?.given[record.actor.agency] = ref
            dispute?.recommendations[record.actor.agency] = p.string("recommendation")
        case "TransferDisputeResolved":
            guard var settled = dispute else { return }
            settled.resolved = ref
            settled.outcome = p.string("outcome")
            settledDisputes.append(settled)
            dispute = nil
            if settled.outcome == DisputeOutcome.transfer.rawValue, transfer.decline != nil { transfer.filingReopened = true }
        case "MaterialsHandedOver":
            transfer.handovers.append(ref)
            deadlines.meet([.materialsHandover], by: ref, clock: clock)
        default:
            break
        }
    }
}
