/// The rules of a meeting's record (DOMAIN.md "meeting/<id>"): 案情分析会, 研讨交流, training, liaison.
enum MeetingDecider {
    static func decide(_ action: Action, _ state: MeetingState, _ context: DecisionContext) throws {
        if let held = state.held {
            throw Refusal.rule("\(state.stream) already records a meeting (seq \(held.seq)); each meeting has its own stream.")
        }
        try context.requireAgencies(action, member: "agencies")
        guard action.reader.strings("agencies").contains(action.actor.agency) else {
            throw Refusal.rule("\(context.describe(agency: action.actor.agency)) records the meeting but is not among the agencies " +
                "that took part.", member: "payload.agencies")
        }
        try requireCases(action, member: "cases", context, purpose: "a meeting studies cases that were opened")
    }

    /// Refuses unless every `case/<id>` in `payload[member]` was opened, not after this act.
    static func requireCases(_ action: Action, member: String, _ context: DecisionContext, purpose: String) throws {
        for (i, name) in action.reader.strings(member).enumerated() {
            guard let opened = try context.reader.caseState(name)?.opened else {
                throw Refusal.rule("There is no case \(name) in the ledger; \(purpose).", member: "payload.\(member)[\(i)]")
            }
            try action.requireNotBefore(opened, "the opening of \(name)")
        }
    }
}
