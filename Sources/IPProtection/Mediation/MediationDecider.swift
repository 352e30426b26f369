import LedgerCore

/// The rules of a mediation's acts (DOMAIN.md "mediation/<id>").
///
/// A court acts only in a mediation it names, a mediation organisation only in one it
/// was given, and a mediator only in one they were assigned to. What the parties do
/// together (extend, apply for confirmation) needs every party, by name. Late acts are
/// accepted and flagged by the deadlines; what is refused is what cannot have happened.
enum MediationDecider {
    /// 最高人民法院关于人民法院特邀调解的规定 第27条.
    static let periodRule = "最高人民法院关于人民法院特邀调解的规定 第27条"

    /// The types that open a mediation.
    static let openings: Set<String> = ["MediationDelegated", "MediationEntrusted", "MediationInvited", "MediationApplied"]

    static func decide(_ action: Action, _ state: MediationState, _ context: DecisionContext) throws {
        if openings.contains(action.type) {
            return try decideOpening(action, state, context)
        }
        guard let opened = state.opened else {
            throw Refusal.rule("There is no mediation \(state.stream); a mediation begins with MediationDelegated, MediationEntrusted, " +
                "MediationInvited or MediationApplied.")
        }
        try action.requireNotBefore(opened, "the opening of the mediation")
        switch action.type {
        case "MediatorAssigned", "MediationSessionHeld", "MediationExtended", "MediationSettled", "MediationFailed":
            try decideConduct(action, state, context)
        case "CourtCaseRegistered":
            try decideRegistration(action, state, context)
        default:
            try decideConfirmation(action, state, context)
        }
    }

    private static func decideOpening(_ action: Action, _ state: MediationState, _ context: DecisionContext) throws {
        if let opened = state.opened {
            throw Refusal.rule("\(state.stream) already exists (opened at seq \(opened.seq)); a mediation is opened once.")
        }
        let p = action.reader
        if let court = p.optionalString("court"), court != action.actor.agency {
            throw Refusal.permission("\(action.type) names the court \(context.describe(agency: court)); a court records its own " +
                "mediations, and \(context.describe(agency: action.actor.agency)) is not that court.")
        }
        let organization = p.string("organization")
        try context.requireAgency(organization, member: "payload.organization", kinds: [.mediation])
        if context.registry.isAgency(action.actor.agency, ofKind: .mediation), action.actor.agency != organization {
            throw Refusal.permission("A mediation organisation records the applications made to itself; this one is made to " +
                "\(context.describe(agency: organization)).")
        }
        var seen: [String: Int] = [:]
        for (i, party) in (p.members["parties"]?.arrayValue ?? []).enumerated() {
            let name = party["name"]?.stringValue ?? ""
            if let first = seen[name] {
                throw Refusal.rule("\(Action.quote(name)) is named as parties[\(first)] already; each party is named once, as consent " +
                    "and applications name them.", member: "payload.parties[\(i)].name")
            }
            seen[name] = i
        }
    }

    private static func decideConduct(_ action: Action, _ state: MediationState, _ context: DecisionContext) throws {
        if let agreement = state.agreement {
            throw Refusal.rule("\(state.stream) was settled (agreement \(agreement.agreementNo), seq \(agreement.settled.seq)); the " +
                "mediation has ended.")
        }
        if let failure = state.failure {
            throw Refusal.rule("\(state.stream) failed (seq \(failure.seq)); the mediation has ended.")
        }
        let p = action.reader
        if action.type == "MediatorAssigned" {
            guard action.actor.agency == state.organization else {
                throw Refusal.permission("Only \(context.describe(agency: state.organization)), the organisation mediating " +
                    "\(state.stream), assigns its mediator.")
            }
            let id = p.string("mediator")
            guard let officer = context.registry.officer(id), officer.agency == state.organization, officer.isActive,
                  officer.roles.contains(.mediator) else {
                throw Refusal.rule("\(id) is not an active mediator of \(context.describe(agency: state.organization)); the " +
                    "organisation assigns one of its own mediators.", member: "payload.mediator")
            }
            if id == state.mediator {
                throw Refusal.rule("\(id) is already the mediator of \(state.stream).", member: "payload.mediator")
            }
            return
        }
        guard let assignment = state.assignments.last else {
            if action.type == "MediationFailed" {
                // Before any assignment a mediation can still fail (a party refuses it): the organisation records that.
                guard action.actor.agency == state.organization else {
                    throw Refusal.permission("Only a mediator of \(context.describe(agency: state.organization)), the organisation " +
                        "given \(state.stream), may record that it failed.")
                }
                return
            }
            throw Refusal.rule("No mediator is assigned in \(state.stream); \(action.type.withArticle) is recorded by the assigned " +
                "mediator.")
        }
        guard action.actor.officer == assignment.mediator, action.actor.agency == state.organization else {
            throw Refusal.permission("Only \(assignment.mediator), the mediator assigned to \(state.stream), may record " +
                "\(action.type.withArticle).")
        }
        try action.requireNotBefore(assignment.assigned, "the mediator's assignment")
        switch action.type {
        case "MediationExtended":
            guard state.periodRule != nil else {
                throw Refusal.rule("\(state.stream) is \(state.kind.map { "an \($0.rawValue)" } ?? "a") mediation, which has no " +
                    "statutory period to extend.", rule: periodRule)
            }
            try requireEveryParty(action, state, member: "consentOf", doing: "consent to extend the period", rule: periodRule)
        case "MediationSettled":
            let effectiveAt = p.string("effectiveAt")
            if let first = state.assignments.first, let instant = Timestamp(rfc3339: effectiveAt), instant < first.assigned.at {
                throw Refusal.rule("The agreement is said to take effect at \(effectiveAt), before the mediation began (the " +
                    "assignment at \(first.assigned.at)).", member: "payload.effectiveAt")
            }
        default:
            break
        }
    }

    private static func decideRegistration(_ action: Action, _ state: MediationState, _ context: DecisionContext) throws {
        guard state.kind == .delegated, let court = state.court else {
            throw Refusal.rule("\(state.stream) was not delegated by a court before filing; only a failed delegated mediation goes " +
                "back to the court to register the case.")
        }
        guard action.actor.agency == court else {
            throw Refusal.permission("Only \(context.describe(agency: court)), the court that delegated \(state.stream), registers " +
                "its case.")
        }
        guard let failure = state.failure else {
            throw Refusal.rule("\(state.stream) has not failed; the court registers the case after the delegated mediation failed.")
        }
        if let registration = state.registration {
            throw Refusal.rule("The case of \(state.stream) was already registered (\(state.registeredCaseNo ?? "?"), seq " +
                "\(registration.seq)).")
        }
        try action.requireNotBefore(failure, "the failure of the mediation")
    }

    /// Refuses unless `payload[member]` names every party, and only parties.
    static func requireEveryParty(_ action: Action, _ state: MediationState, member: String, doing: String, rule: String) throws {
        let named = action.reader.strings(member)
        let parties = state.partyNames
        for (i, name) in named.enumerated() where !parties.contains(name) {
            throw Refusal.rule("\(Action.quote(name)) is not a party to \(state.stream); the parties are " +
                "\(parties.map { Action.quote($0) }.joined(separator: ", ")).", rule: rule, member: "payload.\(member)[\(i)]")
        }
        let missing = parties.filter { !named.contains($0) }
        if !missing.isEmpty {
            throw Refusal.rule("Every party must \(doing); \(missing.map { Action.quote($0) }.joined(separator: ", ")) " +
                "\(missing.count == 1 ? "is" : "are") missing.", rule: rule, member: "payload.\(member)")
        }
    }
}
