/// The rules of a report's acts (DOMAIN.md "report/<id>").
enum ReportDecider {
    static let decisionRule = "市场监督管理投诉举报处理暂行办法 第14条"

    /// Accepts the act, or refuses it with the rule it breaks.
    static func decide(_ action: Action, _ state: ReportState, _ context: DecisionContext) throws {
        if action.type == "ReportReceived" {
            guard !state.exists else {
                throw Refusal.rule("\(state.stream) was already received (seq \(state.received!.seq)); a report is received once.")
            }
            return
        }
        guard let received = state.received else {
            throw Refusal.rule("There is no report \(state.stream); a report begins with ReportReceived.")
        }
        if let close = state.close {
            throw Refusal.rule("\(state.stream) was closed (seq \(close.seq)); nothing follows a close.")
        }
        try action.requireNotBefore(received, "the report's receipt")
        let agency = action.actor.agency
        guard state.holders.contains(agency) else {
            throw Refusal.permission("\(context.describe(agency: agency)) does not hold \(state.stream); only the agency that " +
                "received it and those it was shared with act on it.")
        }
        switch action.type {
        case "ReportShared":
            try context.requireAgencies(action, member: "agencies")
        case "ReportAccepted", "ReportDeclined":
            if let decision = state.decision {
                throw Refusal.rule("\(state.stream) was already \(decision.type == "ReportAccepted" ? "accepted" : "declined") (seq " +
                    "\(decision.seq)); a report is decided once.", rule: decisionRule)
            }
        case "ReportClosed":
            let p = action.reader
            let outcome = p.string("outcome")
            if let name = p.optionalString("case") {
                guard let c = try context.reader.caseState(name), c.exists else {
                    throw Refusal.rule("There is no case \(name); a report is closed on a case that was opened.", member: "payload.case")
                }
            } else if outcome == ReportOutcome.caseOpened.rawValue {
                throw Refusal.rule("A report closed because a case was opened names that case.", member: "payload.case")
            }
        default:
            break
        }
    }
}
