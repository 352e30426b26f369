import LedgerCore

/// What the mediation docket reads of a mediation: its stage, its periods and who acts next
/// (read as the state's own properties, as its fields are).
extension MediationState.Fields {
    /// Whether the stream's opening act has been recorded.
    public var exists: Bool { opened != nil }

    /// The mediator now assigned, if any.
    public var mediator: String? { assignments.last?.mediator }

    /// Whether the mediation has ended: settled or failed.
    public var isConcluded: Bool { agreement != nil || failure != nil }

    /// The parties' names, in the order named.
    public var partyNames: [String] { parties.map(\.party.name) }

    /// Whether any party is a private enterprise (民营企业).
    public var involvesPrivateEnterprise: Bool { parties.contains { $0.party.privateEnterprise } }

    /// The statutory rule of the mediation period, or `nil` where the law sets none
    /// (invited mediation, and mediation the parties applied for).
    ///
    /// 最高人民法院关于人民法院特邀调解的规定 第27条: 30 days delegated, 15 entrusted, 7 entrusted in
    /// summary procedure, from the mediator's assignment.
    public var periodRule: DeadlineRule? {
        switch kind {
        case .delegated?: return .delegatedMediation
        case .entrusted?: return procedure == CourtProcedure.summary.rawValue ? .summaryMediation : .entrustedMediation
        case .invited?, .applied?, nil: return nil
        }
    }

    /// The mediation period, once a mediator was assigned (its `period` includes any extension).
    public var mediationPeriod: Deadline? {
        guard let rule = periodRule else { return nil }
        return deadlines.all.last { $0.rule == rule }
    }

    /// The 30-day window for applying for confirmation, once settled.
    public var confirmationWindow: Deadline? { deadlines.all.last { $0.rule == .confirmationWindow } }

    /// The court's decision period, once the application was accepted (its `period` includes any extension).
    public var decisionPeriod: Deadline? { deadlines.all.last { $0.rule == .confirmationDecision } }

    /// The furthest step reached.
    public var stage: MediationState.Stage {
        if let c = confirmation {
            if let decision = c.decision { return decision.name == .confirmationGranted ? .confirmed : .confirmationDenied }
            return c.accepted == nil ? .confirmationApplied : .confirmationAccepted
        }
        if agreement != nil { return .settled }
        if registration != nil { return .registered }
        if failure != nil { return .failed }
        if !assignments.isEmpty { return .mediating }
        return opened == nil ? .none : .awaitingMediator
    }

    /// The agency that acts next, if any: the organisation until the mediation ends, the
    /// court after a failed delegation or an application, nobody once decided.
    public var nextAgency: String? {
        switch stage {
        case .none, .registered, .confirmed, .confirmationDenied: return nil
        case .awaitingMediator, .mediating, .settled: return organization
        case .failed: return kind == .delegated ? court : nil
        case .confirmationApplied, .confirmationAccepted: return confirmation?.court
        }
    }
}
