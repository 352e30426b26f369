/// The rules of a typical-case publication (DOMAIN.md "publication/<id>"): one per stream,
/// of cases in the ledger.
enum PublicationDecider {
    static func decide(_ action: Action, _ state: PublicationState, _ context: DecisionContext) throws {
        if let published = state.published {
            throw Refusal.rule("\(state.stream) already records a publication (seq \(published.seq)); each publication has its " +
                "own stream.")
        }
        try MeetingDecider.requireCases(action, member: "cases", context, purpose: "typical cases published are cases of the ledger")
    }
}
