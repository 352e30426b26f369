/// The rules of a joint enforcement action (DOMAIN.md "action/<id>"; 齐富市监联发〔2022〕1号).
enum JointActionDecider {
    static func decide(_ action: Action, _ state: JointActionState, _ context: DecisionContext) throws {
        let p = action.reader
        if action.type == "JointActionLaunched" {
            if let launched = state.launched {
                throw Refusal.rule("\(state.stream) already exists (launched at seq \(launched.seq)); an action is launched once.")
            }
            try context.requireAgencies(action, member: "agencies")
            let agencies = p.strings("agencies")
            guard agencies.contains(action.actor.agency) else {
                throw Refusal.rule("\(context.describe(agency: action.actor.agency)) launches the action but is not among its " +
                    "agencies; the launching agency takes part.", member: "payload.agencies")
            }
            guard agencies.contains(p.string("lead")) else {
                throw Refusal.rule("The lead agency \(p.string("lead")) is not among the agencies taking part.", member: "payload.lead")
            }
            if let from = CivilDate(p.string("from")), let to = CivilDate(p.string("to")), to < from {
                throw Refusal.rule("The action ends on \(to), before it begins on \(from).", member: "payload.to")
            }
            return
        }
        guard let launched = state.launched else {
            throw Refusal.rule("There is no joint action \(state.stream); an action begins with JointActionLaunched.")
        }
        if let conclusion = state.conclusion {
            throw Refusal.rule("\(state.stream) was concluded (seq \(conclusion.seq)); nothing follows the conclusion.")
        }
        switch action.type {
        case "CaseLinked":
            guard state.agencies.contains(action.actor.agency) else {
                throw Refusal.permission("\(context.describe(agency: action.actor.agency)) does not take part in \(state.stream); " +
                    "the agencies taking part link its cases.")
            }
            try action.requireNotBefore(launched, "the launch of the action")
            let name = p.string("case")
            guard let linked = try context.reader.caseState(name), let opened = linked.opened else {
                throw Refusal.rule("There is no case \(name); an action links cases that were opened.", member: "payload.case")
            }
            guard linked.parties.contains(where: state.agencies.contains) else {
                let holders = linked.parties.map { context.describe(agency: $0) }.joined(separator: " and ")
                throw Refusal.rule("\(name) is held by \(holders), " +
                    "none of which takes part in \(state.stream).", member: "payload.case")
            }
            if state.linkedCases.contains(name) || linked.action == state.stream {
                throw Refusal.rule("\(name) is already linked to \(state.stream).", member: "payload.case")
            }
            try action.requireNotBefore(opened, "the opening of \(name)")
        case "JointActionConcluded":
            guard action.actor.agency == state.lead else {
                throw Refusal.permission("Only \(context.describe(agency: state.lead)), the lead agency of \(state.stream), concludes " +
                    "it.")
            }
            try action.requireNotBefore(launched, "the launch of the action")
        default:
            throw Refusal(.unknownType, "\(action.type) is not an act of a joint action.", member: "type")
        }
    }
}
