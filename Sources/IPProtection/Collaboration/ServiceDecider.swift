/// The rules of a service's record (DOMAIN.md "service/<id>"): one service per stream,
/// naming only cases that exist.
enum ServiceDecider {
    static func decide(_ action: Action, _ state: ServiceState, _ context: DecisionContext) throws {
        if let provided = state.provided {
            throw Refusal.rule("\(state.stream) already records a service (seq \(provided.seq)); each service has its own stream.")
        }
        if let name = action.reader.optionalString("case") {
            guard let opened = try context.reader.caseState(name)?.opened else {
                throw Refusal.rule("There is no case \(name) in the ledger; a service names a case that was opened.",
                                   member: "payload.case")
            }
            try action.requireNotBefore(opened, "the opening of \(name)")
        }
    }
}
