/// The rules of a case's acts (DOMAIN.md "case/<id>").
///
/// `decide` refuses what cannot have happened: an act in a case that does not exist or
/// was closed, an act by an agency that is not the party the rule names, an act that
/// answers nothing (a receipt for a transfer never made, an approval without a report),
/// or an act dated before the act it answers. Late acts are accepted and flagged by
/// the deadlines.
enum CaseDecider {
    /// 《行政执法机关移送涉嫌犯罪案件的规定》, cited by article.
    static func article(_ n: String) -> String { "《行政执法机关移送涉嫌犯罪案件的规定》第\(n)条" }

    static func decide(_ action: Action, _ state: CaseState, _ context: DecisionContext) throws {
        if action.type == "CaseOpened" {
            return try decideOpening(action, state, context)
        }
        guard let opened = state.opened else {
            throw Refusal.rule("There is no case \(state.stream); a case begins with CaseOpened.")
        }
        if let close = state.close {
            throw Refusal.rule("\(state.stream) was closed (seq \(close.seq)); nothing but supervision follows a close.")
        }
        try action.requireNotBefore(opened, "the opening of the case")
        switch action.type {
        case "EvidenceRecorded", "EvidenceNotarized":
            try decideEvidence(action, state)
        case "CaseNotified":
            try context.requireAgencies(action, member: "agencies")
        case "ConsultationRequested":
            try context.requireAgencies(action, member: "agencies")
        case "ConsultationHeld":
            guard let request = state.pendingConsultations.first else {
                throw Refusal.rule("No case-analysis meeting was requested in \(state.stream); a meeting held answers a request.")
            }
            try action.requireNotBefore(request, "the request for the meeting")
            try context.requireAgencies(action, member: "agencies")
        case "PenaltyDecided":
            try requireAMR(action, state, context)
            if let penalty = state.penalty {
                throw Refusal.rule("A penalty was already decided in \(state.stream) (decision \(penalty.decisionNo), seq " +
                    "\(penalty.decided.seq)); a case has one penalty decision.")
            }
        case "ImpactAssessed":
            guard state.respondent.privateEnterprise else {
                throw Refusal.rule("The respondent of \(state.stream), \(state.respondent.name), is not a private enterprise; the " +
                    "economic-impact assessment is made only in cases against private enterprises.")
            }
        case "CaseClosed":
            try decideClose(action, state, context)
        case "TransferDisputeRaised", "OpinionRequested", "OpinionGiven", "TransferDisputeResolved":
            try decideDispute(action, state, context)
        default:
            try decideTransfer(action, state, context)
        }
    }

    private static func decideOpening(_ action: Action, _ state: CaseState, _ context: DecisionContext) throws {
        if let opened = state.opened {
            throw Refusal.rule("\(state.stream) already exists (opened at seq \(opened.seq)); a case is opened once.")
        }
        let p = action.reader
        if let name = p.optionalString("report") {
            guard let report = try context.reader.report(name), let received = report.received else {
                throw Refusal.rule("There is no report \(name); a case names a report that was received.", member: "payload.report")
            }
            try action.requireNotBefore(received, "the receipt of \(name)")
        }
        if let name = p.optionalString("action") {
            try decideJointAction(name, action, context)
        }
    }

    /// A case that names the joint action it arose in: the action was launched, the opening
    /// agency takes part, and the case is opened between the launch and the conclusion.
    private static func decideJointAction(_ name: String, _ action: Action, _ context: DecisionContext) throws {
        guard let joint = try context.reader.jointAction(name), let launched = joint.launched else {
            throw Refusal.rule("There is no joint action \(name); a case names an action that was launched.", member: "payload.action")
        }
        guard joint.agencies.contains(action.actor.agency) else {
            throw Refusal.rule("\(context.describe(agency: action.actor.agency)) does not take part in \(name); a case arises in an " +
                "action of the agencies taking part.", member: "payload.action")
        }
        try action.requireNotBefore(launched, "the launch of \(name)")
        if let conclusion = joint.conclusion, action.timestamp > conclusion.at {
            throw Refusal.rule("\(name) was concluded at \(conclusion.at) (seq \(conclusion.seq)); a case opened after it did not arise " +
                "in it.", member: "payload.action")
        }
    }

    private static func decideEvidence(_ action: Action, _ state: CaseState) throws {
        let p = action.reader
        let id = p.string("evidence")
        if action.type == "EvidenceRecorded" {
            if let existing = state.evidence[id] {
                throw Refusal.rule("Evidence \(id) is already recorded in \(state.stream) (seq \(existing.recorded.seq)); evidence " +
                    "ids are unique in a case.", member: "payload.evidence")
            }
            return
        }
        guard let evidence = state.evidence[id] else {
            throw Refusal.rule("No evidence \(id) is recorded in \(state.stream); a notary certifies evidence that was " +
                "recorded.", member: "payload.evidence")
        }
        if let notarized = evidence.notarized {
            throw Refusal.rule("Evidence \(id) was already notarised (certificate \(evidence.certificateNo ?? "?"), seq " +
                "\(notarized.seq)).", member: "payload.evidence")
        }
        guard p.string("sha256") == evidence.sha256 else {
            throw Refusal.rule("The notarised SHA-256 does not match the one recorded for evidence \(id) (\(evidence.sha256)); the " +
                "notary must certify the same file.", member: "payload.sha256")
        }
        try action.requireNotBefore(evidence.recorded, "the recording of evidence \(id)")
    }

    private static func decideClose(_ action: Action, _ state: CaseState, _ context: DecisionContext) throws {
        try requireParty(action, state, context)
        let outcome = action.reader.string("outcome")
        if outcome == CaseOutcome.penalized.rawValue, state.penalty == nil {
            throw Refusal.rule("\(state.stream) has no penalty decision; a case closed as penalized needs a PenaltyDecided " +
                "first.", member: "payload.outcome")
        }
        if outcome == CaseOutcome.criminalFiled.rawValue, state.transfer.filing == nil {
            throw Refusal.rule("\(state.stream) was not filed by the police; a case closed as criminalFiled needs a CriminalCaseFiled " +
                "first.", member: "payload.outcome")
        }
    }

    // MARK: Named parties

    /// Refuses unless the actor's agency is the case's market-supervision agency.
    static func requireAMR(_ action: Action, _ state: CaseState, _ context: DecisionContext) throws {
        guard let amr = state.amr else {
            throw Refusal.rule("\(state.stream) was opened by the police (\(context.describe(agency: state.openedBy ?? "?"))); " +
                "\(action.type.withArticle) belongs to a case a market-supervision agency opened.")
        }
        guard action.actor.agency == amr else {
            throw Refusal.permission("Only \(context.describe(agency: amr)), the market-supervision agency that holds " +
                "\(state.stream), may record \(action.type.withArticle).")
        }
    }

    /// Refuses unless the actor's agency is the police agency that holds the case now.
    static func requirePolice(_ action: Action, _ state: CaseState, _ context: DecisionContext, rule: String? = nil) throws {
        guard let police = state.police else {
            throw Refusal.rule("\(state.stream) has not been transferred to a police agency.", rule: rule)
        }
        guard action.actor.agency == police else {
            throw Refusal.permission("Only \(context.describe(agency: police)), the police agency \(state.stream) is with, may record " +
                "\(action.type.withArticle).", rule: rule)
        }
    }

    /// Refuses unless the actor's agency is a party to the case (its amr or its police).
    static func requireParty(_ action: Action, _ state: CaseState, _ context: DecisionContext) throws {
        guard state.parties.contains(action.actor.agency) else {
            let parties = state.parties.map { context.describe(agency: $0) }.joined(separator: " and ")
            throw Refusal.permission("Only the agencies that are parties to \(state.stream) (\(parties)) may record " +
                "\(action.type.withArticle).")
        }
    }
}
