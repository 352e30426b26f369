/// The rules of transfer disputes (移送争议): raised by a party, settled with the
/// opinions of the procuratorate and court.
extension CaseDecider {
    static func decideDispute(_ action: Action, _ state: CaseState, _ context: DecisionContext) throws {
        let p = action.reader
        if action.type == "OpinionGiven" {
            guard let dispute = state.dispute, !dispute.requested.isEmpty else {
                throw Refusal.rule("No opinion was asked for in \(state.stream); an opinion is given only where one was asked.")
            }
            guard let request = dispute.requested[action.actor.agency] else {
                let asked = dispute.requested.keys.sorted().map { context.describe(agency: $0) }.joined(separator: ", ")
                throw Refusal.permission("No opinion was asked of \(context.describe(agency: action.actor.agency)) in \(state.stream) " +
                    "(it was asked of \(asked)); an opinion is given only by the agency asked.")
            }
            if let given = dispute.given[action.actor.agency] {
                throw Refusal.rule("\(context.describe(agency: action.actor.agency)) already gave its opinion (seq \(given.seq)).")
            }
            try action.requireNotBefore(request, "the request for the opinion")
            return
        }
        // Before a transfer the police are not yet a party: any police agency may raise the
        // dispute (it thinks the case should come to it), and is a party to it from then on.
        let raisedByOutsider = state.dispute.map { !state.parties.contains($0.raisedBy) && $0.raisedBy == action.actor.agency } ?? false
        let outsiderRaising = action.type == "TransferDisputeRaised" && state.police == nil
            && context.registry.isAgency(action.actor.agency, ofKind: .police)
        if !raisedByOutsider && !outsiderRaising {
            try requireParty(action, state, context)
        }
        switch action.type {
        case "TransferDisputeRaised":
            if let open = state.dispute {
                throw Refusal.rule("A transfer dispute is already open in \(state.stream) (seq \(open.raised.seq)); settle it before " +
                    "raising another.")
            }
        case "OpinionRequested":
            guard let dispute = state.dispute else {
                throw Refusal.rule("No transfer dispute is open in \(state.stream); opinions are asked for in a dispute.")
            }
            let from = p.string("from")
            try context.requireAgency(from, member: "payload.from", kinds: [.procuratorate, .court])
            if let earlier = dispute.requested[from] {
                throw Refusal.rule("The opinion of \(context.describe(agency: from)) was already asked for in this dispute (seq " +
                    "\(earlier.seq)).", member: "payload.from")
            }
            try action.requireNotBefore(dispute.raised, "the dispute")
        case "TransferDisputeResolved":
            guard let dispute = state.dispute else {
                throw Refusal.rule("No transfer dispute is open in \(state.stream); only a dispute raised can be resolved.")
            }
            try action.requireNotBefore(dispute.raised, "the dispute")
        default:
            break
        }
    }
}
