/// The rules of procuratorial supervision (DOMAIN.md "supervision/<id>").
enum SupervisionDecider {
    static let explanationRule = "刑事诉讼法 第113条; 人民检察院刑事诉讼规则 第560条"
    static let orderRule = "人民检察院刑事诉讼规则 第563条"

    static func decide(_ action: Action, _ state: SupervisionState, _ context: DecisionContext) throws {
        let p = action.reader
        if action.type == "SupervisionOpened" {
            if let opened = state.opened {
                throw Refusal.rule("\(state.stream) already exists (opened at seq \(opened.seq)); a supervision is opened once.")
            }
            let name = p.string("case")
            guard let supervised = try context.reader.caseState(name), let caseOpened = supervised.opened else {
                throw Refusal.rule("There is no case \(name) to supervise; supervision is opened on a case that " +
                    "exists.", member: "payload.case")
            }
            try action.requireNotBefore(caseOpened, "the opening of \(name)")
            if p.string("source") == SupervisionSource.suggestion.rawValue {
                guard let suggestion = supervised.transfer.suggestion, supervised.transfer.suggestedTo == action.actor.agency else {
                    throw Refusal.rule("\(name) holds no filing-supervision suggestion to " +
                        "\(context.describe(agency: action.actor.agency)); a supervision opened on a suggestion follows " +
                            "one.", rule: "《行政执法机关移送涉嫌犯罪案件的规定》第九条", member: "payload.source")
                }
                try action.requireNotBefore(suggestion, "the suggestion")
            }
            return
        }
        guard let opened = state.opened else {
            throw Refusal.rule("There is no supervision \(state.stream); a supervision begins with SupervisionOpened.")
        }
        if let conclusion = state.conclusion {
            throw Refusal.rule("\(state.stream) was concluded (seq \(conclusion.seq)); nothing follows the conclusion.")
        }
        try action.requireNotBefore(opened, "the opening of the supervision")
        if action.type == "ExplanationGiven" {
            guard let request = state.explanationRequest, state.explanation == nil, let police = state.explanationPolice else {
                throw Refusal.rule(state.explanation != nil
                    ? "The explanation asked for in \(state.stream) was already given (seq \(state.explanation!.seq))."
                    : "No explanation was asked for in \(state.stream); an explanation answers a request.", rule: explanationRule)
            }
            guard action.actor.agency == police else {
                throw Refusal.permission("The explanation was asked of \(context.describe(agency: police)); only that police agency " +
                    "may give it.", rule: explanationRule)
            }
            try action.requireNotBefore(request, "the request for an explanation")
            return
        }
        guard action.actor.agency == state.procuratorate else {
            throw Refusal.permission("Only \(context.describe(agency: state.procuratorate)), the procuratorate that opened " +
                "\(state.stream), may record its acts.")
        }
        let supervised = try context.reader.caseState(state.caseName) ?? CaseState(stream: state.caseName)
        switch action.type {
        case "ExplanationRequested", "FilingOrdered":
            guard state.kind == SupervisionKind.filing.rawValue else {
                throw Refusal.rule("\(state.stream) supervises \(state.kind) matters; explanations and filing orders belong to filing " +
                    "supervision (立案监督).", rule: explanationRule)
            }
            try requireCasePolice(p.string("police"), supervised, context)
            if action.type == "ExplanationRequested" {
                if let request = state.explanationRequest, state.explanation == nil {
                    throw Refusal.rule("An explanation asked for at seq \(request.seq) is still awaited.", rule: explanationRule)
                }
                return
            }
            try decideOrder(action, state, supervised, context)
        case "TransferOpinionIssued":
            let agency = p.string("agency")
            try context.requireAgency(agency, member: "payload.agency")
            guard agency == supervised.amr else {
                throw Refusal.rule("\(context.describe(agency: agency)) does not hold \(state.caseName); the opinion asks the agency " +
                    "that holds the case to transfer it.", member: "payload.agency")
            }
            if let transferred = supervised.transfer.transferred {
                throw Refusal.rule("\(state.caseName) was already transferred (seq \(transferred.seq)).")
            }
        case "CorrectionIssued":
            try context.requireAgency(p.string("agency"), member: "payload.agency")
        case "SupervisionConcluded":
            let outcome = p.string("outcome")
            if outcome == SupervisionOutcome.filed.rawValue, supervised.transfer.filing == nil {
                throw Refusal.rule("\(state.caseName) has not been filed; a supervision concluded as filed follows the " +
                    "filing.", member: "payload.outcome")
            }
            if outcome == SupervisionOutcome.transferred.rawValue, supervised.transfer.transferred == nil {
                throw Refusal.rule("\(state.caseName) has not been transferred; a supervision concluded as transferred follows the " +
                    "transfer.", member: "payload.outcome")
            }
        default:
            throw Refusal(.unknownType, "\(action.type) is not an act of a supervision.", member: "type")
        }
    }

    private static func requireCasePolice(_ police: String, _ supervised: CaseState, _ context: DecisionContext) throws {
        guard let casePolice = supervised.police else {
            throw Refusal.rule("\(supervised.stream) is not with a police agency; filing supervision addresses the police that hold " +
                "the case.", member: "payload.police")
        }
        guard police == casePolice else {
            throw Refusal.rule("\(context.describe(agency: police)) does not hold \(supervised.stream); it is with " +
                "\(context.describe(agency: casePolice)).", member: "payload.police")
        }
    }

    private static func decideOrder(_ action: Action, _ state: SupervisionState, _ supervised: CaseState,
                                    _ context: DecisionContext) throws {
        if let order = state.filingOrder {
            throw Refusal.rule("A filing order was already issued in \(state.stream) (seq \(order.seq)).", rule: orderRule)
        }
        if let filing = supervised.transfer.filing {
            throw Refusal.rule("\(state.caseName) is already filed (seq \(filing.seq)); there is nothing to order.", rule: orderRule)
        }
        guard let request = state.explanationRequest,
              let deadline = state.deadlines.all.last(where: { $0.rule == .explanation }) else {
            throw Refusal.rule("The police have not been asked to explain the non-filing; a filing order follows a request for an " +
                "explanation.", rule: "人民检察院刑事诉讼规则 第560条、第563条")
        }
        if let given = state.explanation {
            try action.requireNotBefore(given, "the explanation")
        } else {
            guard deadline.isLate(at: action.timestamp) else {
                throw Refusal.rule("The explanation asked for at seq \(request.seq) is awaited until \(deadline.due); order filing " +
                    "after the explanation or once that period has passed.", rule: "人民检察院刑事诉讼规则 第560条、第563条")
            }
        }
    }
}
