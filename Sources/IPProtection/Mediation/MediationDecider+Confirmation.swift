/// The rules of judicial confirmation (司法确认) of a mediation agreement.
extension MediationDecider {
    /// 民事诉讼法 (2023) 第205条.
    static let applicationRule = "民事诉讼法 (2023) 第205条"
    /// 法释〔2011〕5号 第4、5条.
    static let decisionRule = "法释〔2011〕5号 第4、5条"
    /// 民诉解释 第355条.
    static let ownershipRule = "民诉解释 第355条"

    static func decideConfirmation(_ action: Action, _ state: MediationState, _ context: DecisionContext) throws {
        if action.type == "ConfirmationApplied" {
            return try decideApplication(action, state, context)
        }
        guard let confirmation = state.confirmation else {
            throw Refusal.rule("No confirmation was applied for in \(state.stream); the court acts on an application.",
                               rule: decisionRule)
        }
        guard action.actor.agency == confirmation.court else {
            throw Refusal.permission("Only \(context.describe(agency: confirmation.court)), the court applied to, acts on the " +
                "confirmation of \(state.stream).", rule: decisionRule)
        }
        if let decision = confirmation.decision {
            throw Refusal.rule("Confirmation was already \(confirmation.isGranted ? "granted" : "denied") in \(state.stream) (seq " +
                "\(decision.seq)).", rule: decisionRule)
        }
        switch action.type {
        case "ConfirmationAccepted":
            if let accepted = confirmation.accepted {
                throw Refusal.rule("The application was already accepted (seq \(accepted.seq)).", rule: decisionRule)
            }
            try action.requireNotBefore(confirmation.applied, "the application")
        case "ConfirmationExtended":
            guard let accepted = confirmation.accepted else {
                throw Refusal.rule("The application in \(state.stream) has not been accepted; the decision period, and its " +
                    "extension, run from the acceptance.", rule: "法释〔2011〕5号 第5条")
            }
            if let extended = confirmation.extended {
                throw Refusal.rule("The decision period was already extended (seq \(extended.seq)); it is extended once.",
                                   rule: "法释〔2011〕5号 第5条")
            }
            try action.requireNotBefore(accepted, "the acceptance")
        case "ConfirmationGranted":
            guard let accepted = confirmation.accepted else {
                throw Refusal.rule("The application in \(state.stream) has not been accepted; confirmation is granted after the " +
                    "court accepts the application.", rule: decisionRule)
            }
            if let agreement = state.agreement, agreement.confirmsOwnership {
                throw Refusal.rule("Agreement \(agreement.agreementNo) confirms ownership of an IP right; no court confirms such an " +
                    "agreement. Deny it (reason ipOwnership).", rule: ownershipRule)
            }
            try action.requireNotBefore(confirmation.extended ?? accepted, "the acceptance")
        default:
            try action.requireNotBefore(confirmation.extended ?? confirmation.accepted ?? confirmation.applied,
                                        confirmation.accepted == nil ? "the application" : "the acceptance")
        }
    }

    private static func decideApplication(_ action: Action, _ state: MediationState, _ context: DecisionContext) throws {
        guard let agreement = state.agreement else {
            throw Refusal.rule(state.failure != nil
                ? "\(state.stream) failed; there is no agreement to confirm."
                : "\(state.stream) has not been settled; confirmation is applied for once there is an agreement.",
                rule: applicationRule)
        }
        if let earlier = state.confirmation {
            throw Refusal.rule("Confirmation of \(state.stream) was already applied for (seq \(earlier.applied.seq)); the parties " +
                "apply once.", rule: applicationRule)
        }
        let p = action.reader
        let court = p.string("court")
        try context.requireAgency(court, member: "payload.court", kinds: [.court])
        if let own = state.court, court != own {
            throw Refusal.rule("\(state.stream) came from \(context.describe(agency: own)); its agreement is confirmed by that " +
                "court.", rule: applicationRule, member: "payload.court")
        }
        if context.registry.isAgency(action.actor.agency, ofKind: .court), action.actor.agency != court {
            throw Refusal.permission("A court records the applications made to itself; this one is made to " +
                "\(context.describe(agency: court)).", rule: applicationRule)
        }
        try requireEveryParty(action, state, member: "applicants", doing: "apply for confirmation together", rule: applicationRule)
        try action.requireNotBefore(agreement.settled, "the settlement")
        if action.timestamp < agreement.effectiveAt {
            throw Refusal.rule("Agreement \(agreement.agreementNo) takes effect at \(agreement.effectiveAt); confirmation is " +
                "applied for once it has.", rule: applicationRule, member: "at")
        }
    }
}
