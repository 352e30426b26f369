/// The rules of the transfer to the police (两法衔接), 《行政执法机关移送涉嫌犯罪案件的规定》.
extension CaseDecider {
    static func decideTransfer(_ action: Action, _ state: CaseState, _ context: DecisionContext) throws {
        let t = state.transfer
        let p = action.reader
        switch action.type {
        case "TransferReportSubmitted":
            try requireAMR(action, state, context)
            switch t.stage {
            case .none, .refused: break
            case .reported:
                throw Refusal.rule("A transfer report for \(state.stream) already awaits the head's decision (seq " +
                    "\(t.report!.submitted.seq)).", rule: article("五"))
            case .approved:
                throw Refusal.rule("The transfer of \(state.stream) was already approved; the next act is the transfer " +
                    "itself.", rule: article("五"))
            default:
                throw Refusal.rule("\(state.stream) was already transferred to \(context.describe(agency: t.transferredTo ?? "?")).")
            }
            for (i, officer) in p.strings("team").enumerated() {
                guard let o = context.registry.officer(officer), o.agency == action.actor.agency, o.isActive else {
                    throw Refusal.rule("\(officer) is not an active officer of \(context.describe(agency: action.actor.agency)); the " +
                        "case team is made of the agency's own officers.", rule: article("五"), member: "payload.team[\(i)]")
                }
            }
        case "TransferApproved", "TransferRefused":
            try requireAMR(action, state, context)
            guard t.stage == .reported, let report = t.report else {
                throw Refusal.rule("No transfer report awaits a decision in \(state.stream); the head approves or refuses a report " +
                    "that was submitted.", rule: article("五"))
            }
            try action.requireNotBefore(report.submitted, "the transfer report")
        case "CaseTransferred":
            try requireAMR(action, state, context)
            guard t.stage == .approved, let approval = t.approval else {
                throw Refusal.rule(t.transferred != nil
                    ? "\(state.stream) was already transferred to \(context.describe(agency: t.transferredTo ?? "?")) (seq " +
                        "\(t.transferred!.seq))."
                    : "The transfer of \(state.stream) has not been approved; a case is transferred after the head approves the " +
                        "transfer report.", rule: article("五"))
            }
            try action.requireNotBefore(approval, "the approval of the transfer")
            try context.requireAgency(p.string("to"), member: "payload.to", kinds: [.police])
            guard p.strings("documents").contains(TransferDocument.transferLetter.rawValue) else {
                throw Refusal.rule("A transfer is made with a transfer letter (涉嫌犯罪案件移送书); the documents must include " +
                    "transferLetter.", rule: article("六"), member: "payload.documents")
            }
        case "TransferReceived":
            guard t.stage == .transferred, let handed = t.handedTo else {
                throw Refusal.rule(t.receipt != nil
                    ? "The transfer of \(state.stream) was already received (seq \(t.receipt!.seq))."
                    : "\(state.stream) has not been transferred; there is no transfer to receive.", rule: article("七"))
            }
            try requirePolice(action, state, context, rule: article("七"))
            try action.requireNotBefore(handed, "the transfer")
        case "TransferForwarded":
            guard t.stage == .transferred || t.stage == .received, let handed = t.handedTo else {
                throw Refusal.rule("\(state.stream) is not awaiting a filing decision by a police agency; only a transfer not yet " +
                    "decided can be forwarded.", rule: article("七"))
            }
            try requirePolice(action, state, context, rule: article("七"))
            try action.requireNotBefore(t.receipt ?? handed, "the transfer")
            let to = p.string("to")
            try context.requireAgency(to, member: "payload.to", kinds: [.police])
            guard to != action.actor.agency else {
                throw Refusal.rule("A case is forwarded to another police agency, not to the one that holds it.", member: "payload.to")
            }
        case "MaterialsRequested":
            try requireReceived(action, state, context, rule: "公安机关办理刑事案件程序规定 第180条")
            if let pending = t.pendingMaterialsRequest {
                throw Refusal.rule("Materials requested at seq \(pending.seq) have not been supplied yet; ask again once they are.")
            }
        case "MaterialsSupplied":
            try requireAMR(action, state, context)
            guard let request = t.pendingMaterialsRequest else {
                throw Refusal.rule("The police have not asked for materials in \(state.stream); materials are supplied in answer to a " +
                    "request.", rule: "公安机关办理刑事案件程序规定 第180条")
            }
            try action.requireNotBefore(request, "the request for materials")
        case "CriminalCaseFiled", "FilingDeclined":
            try decideFiling(action, state, context)
        case "ReconsiderationRequested":
            try requireAMR(action, state, context)
            guard t.stage == .declined, let decline = t.decline else {
                throw Refusal.rule("The police have not declined to file \(state.stream); reconsideration is asked of a " +
                    "decline.", rule: article("九"))
            }
            if let earlier = t.reconsiderationRequest {
                throw Refusal.rule("Reconsideration was already asked for (seq \(earlier.seq)); a decline is reconsidered " +
                    "once.", rule: article("九"))
            }
            try action.requireNotBefore(decline, "the decline")
        case "ReconsiderationDecided":
            guard let request = t.reconsiderationRequest, t.reconsiderationDecision == nil else {
                throw Refusal.rule(t.reconsiderationDecision != nil
                    ? "The reconsideration of \(state.stream) was already decided (seq \(t.reconsiderationDecision!.seq))."
                    : "No reconsideration was asked for in \(state.stream); the police decide a reconsideration that was " +
                        "requested.", rule: article("九"))
            }
            try requirePolice(action, state, context, rule: article("九"))
            try action.requireNotBefore(request, "the request for reconsideration")
        case "FilingSupervisionSuggested":
            try requireAMR(action, state, context)
            guard t.stage == .declined, let decline = t.decline else {
                throw Refusal.rule("The police have not declined to file \(state.stream); filing supervision is suggested against a " +
                    "decline.", rule: article("九"))
            }
            if t.reconsiderationRequest != nil, t.reconsiderationDecision == nil {
                throw Refusal.rule("The reconsideration asked for in \(state.stream) is not decided yet; suggest supervision after " +
                    "the decision.", rule: article("九"))
            }
            if let earlier = t.suggestion {
                throw Refusal.rule("Filing supervision was already suggested (seq \(earlier.seq)).", rule: article("九"))
            }
            try action.requireNotBefore(t.reconsiderationDecision ?? decline, t.reconsiderationDecision == nil ? "the decline" : "the " +
                "reconsideration decision")
            try context.requireAgency(p.string("procuratorate"), member: "payload.procuratorate", kinds: [.procuratorate])
        case "MaterialsHandedOver":
            try requireAMR(action, state, context)
            guard let filing = t.filing, t.transferred != nil else {
                throw Refusal.rule("The police have not filed \(state.stream); materials are handed over after the filing " +
                    "notice.", rule: article("十二"))
            }
            try action.requireNotBefore(filing, "the filing")
        default:
            throw Refusal(.unknownType, "\(action.type) is not an act of a case.", member: "type")
        }
    }

    /// Refuses unless the actor is the case's police agency and has signed the receipt (or opened the case).
    private static func requireReceived(_ action: Action, _ state: CaseState, _ context: DecisionContext, rule: String) throws {
        let t = state.transfer
        if state.amr != nil {
            guard t.transferred != nil else {
                throw Refusal.rule("\(state.stream) has not been transferred to the police.", rule: rule)
            }
            guard let receipt = t.receipt else {
                throw Refusal.rule("The police have not signed the receipt for \(state.stream); the receipt comes " +
                    "first.", rule: article("七"))
            }
            try requirePolice(action, state, context, rule: rule)
            try action.requireNotBefore(receipt, "the receipt")
        } else {
            try requirePolice(action, state, context, rule: rule)
        }
    }

    private static func decideFiling(_ action: Action, _ state: CaseState, _ context: DecisionContext) throws {
        let t = state.transfer
        try requireReceived(action, state, context, rule: article("八"))
        if let filing = t.filing {
            throw Refusal.rule("\(state.stream) was already filed (filing \(t.filingNo ?? "?"), seq \(filing.seq)).")
        }
        let p = action.reader
        if action.type == "FilingDeclined" {
            if let decline = t.decline {
                throw Refusal.rule("\(state.stream) was already declined (seq \(decline.seq)); a further decline is a reconsideration " +
                    "decision.", rule: article("九"))
            }
            return
        }
        var order: SupervisionState?
        if let name = p.optionalString("supervision") {
            guard let s = try context.reader.supervision(name), s.exists, s.caseName == state.stream,
                  let ordered = s.filingOrder, s.orderedPolice == action.actor.agency else {
                throw Refusal.rule("\(name) holds no filing order to \(context.describe(agency: action.actor.agency)) for " +
                    "\(state.stream).", rule: "人民检察院刑事诉讼规则 第563条", member: "payload.supervision")
            }
            try action.requireNotBefore(ordered, "the filing order")
            order = s
        }
        if let decline = t.decline {
            guard t.filingReopened || order != nil else {
                throw Refusal.rule("\(state.stream) was declined (seq \(decline.seq)); after a decline a filing follows only a " +
                    "reconsideration to file, a dispute resolved for transfer, or a procuratorate's filing order named in " +
                        "payload.supervision.", rule: "\(article("九")); 人民检察院刑事诉讼规则 第563条")
            }
            try action.requireNotBefore(t.reconsiderationDecision ?? decline, "the decision it follows")
        }
    }
}
