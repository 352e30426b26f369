/// The statutory periods the ledger watches: what starts each, what stops it, who
/// must act, and the rule's source.
///
/// A rule with `watched == true` opens a deadline when its starting act is recorded;
/// it shows as overdue until a stopping act arrives. The others bind an act that may
/// or may not come (a reconsideration request, a forward): they are judged when that
/// act is recorded, on time or late, and never show as overdue.
public enum DeadlineRule: String, CaseIterable, Hashable, Sendable, Codable {
    /// 市场监督管理投诉举报处理暂行办法 第14条: accept or decline a report within 7 working days of receipt.
    case reportDecision
    /// 行政处罚法 第60条: a penalty decision within 90 days of opening the case.
    case penaltyDecision
    /// 《行政执法机关移送涉嫌犯罪案件的规定》第五条: the head decides on a transfer report within 3 days.
    case transferApproval
    /// 《行政执法机关移送涉嫌犯罪案件的规定》第五条: an approved transfer is made within 24 hours.
    case transferAfterApproval
    /// 《行政执法机关移送涉嫌犯罪案件的规定》第七条: a police agency that is not competent forwards within 24 hours.
    case forwardToCompetent
    /// 公安机关办理刑事案件程序规定 第180条: missing materials are asked for within 24 hours of receipt.
    case materialsRequest
    /// 公安机关办理刑事案件程序规定 第180条: the agency supplies missing materials within 3 days.
    case materialsSupply
    /// 《行政执法机关移送涉嫌犯罪案件的规定》第八条: the police decide to file or not within 3 days of receipt.
    case filingDecision
    /// 《行政执法机关移送涉嫌犯罪案件的规定》第九条: reconsideration is asked for within 3 days of a decline.
    case reconsiderationRequest
    /// 《行政执法机关移送涉嫌犯罪案件的规定》第九条: the police decide a reconsideration within 3 days.
    case reconsiderationDecision
    /// 《行政执法机关移送涉嫌犯罪案件的规定》第九条: filing supervision is suggested within 3 days of the decline
    /// or of the reconsideration decision.
    case supervisionSuggestion
    /// 《行政执法机关移送涉嫌犯罪案件的规定》第十二条: materials are handed over within 3 days of the filing notice.
    case materialsHandover
    /// 刑事诉讼法 第113条; 人民检察院刑事诉讼规则 第560条: the police explain a non-filing within 7 days.
    case explanation
    /// 人民检察院刑事诉讼规则 第563条: the police file within 15 days of a filing order.
    case filingAfterOrder
    /// 最高人民法院关于人民法院特邀调解的规定 第27条: a delegated (委派) pre-filing mediation ends within 30 days
    /// of the mediator's assignment, unless the parties consent to extend it.
    case delegatedMediation
    /// 最高人民法院关于人民法院特邀调解的规定 第27条: an entrusted (委托) mediation in ordinary procedure ends
    /// within 15 days of the mediator's assignment, unless the parties consent to extend it.
    case entrustedMediation
    /// 最高人民法院关于人民法院特邀调解的规定 第27条: an entrusted mediation in summary procedure ends within
    /// 7 days of the mediator's assignment, unless the parties consent to extend it.
    case summaryMediation
    /// 民事诉讼法 (2023) 第205条: the parties apply for judicial confirmation within 30 days of the agreement
    /// taking effect. A window, not a duty: it shows as closing and closed, never as overdue.
    case confirmationWindow
    /// 法释〔2011〕5号 第4条: the court decides within 3 days whether to accept an application for confirmation.
    case confirmationAcceptance
    /// 法释〔2011〕5号 第5条: the court grants or denies confirmation within 15 days of accepting the
    /// application, 25 when its president extends the period by 10 days.
    case confirmationDecision

    /// The period.
    public var period: Period {
        switch self {
        case .reportDecision: return .workingDays(7)
        case .penaltyDecision: return .days(90)
        case .transferApproval, .materialsSupply, .filingDecision, .reconsiderationRequest,
             .reconsiderationDecision, .supervisionSuggestion, .materialsHandover: return .days(3)
        case .transferAfterApproval, .forwardToCompetent, .materialsRequest: return .hours(24)
        case .explanation: return .days(7)
        case .filingAfterOrder, .confirmationDecision: return .days(15)
        case .delegatedMediation, .confirmationWindow: return .days(30)
        case .entrustedMediation: return .days(15)
        case .summaryMediation: return .days(7)
        case .confirmationAcceptance: return .days(3)
        }
    }

    /// The event types whose `at` starts the period.
    public var startedBy: [String] {
        switch self {
        case .reportDecision: return ["ReportReceived", "ReportShared"]
        case .penaltyDecision: return ["CaseOpened"]
        case .transferApproval: return ["TransferReportSubmitted"]
        case .transferAfterApproval: return ["TransferApproved"]
        case .forwardToCompetent, .materialsRequest, .filingDecision: return ["TransferReceived"]
        case .materialsSupply: return ["MaterialsRequested"]
        case .reconsiderationRequest: return ["FilingDeclined"]
        case .reconsiderationDecision: return ["ReconsiderationRequested"]
        case .supervisionSuggestion: return ["FilingDeclined", "ReconsiderationDecided"]
        case .materialsHandover: return ["CriminalCaseFiled"]
        case .explanation: return ["ExplanationRequested"]
        case .filingAfterOrder: return ["FilingOrdered"]
        case .delegatedMediation, .entrustedMediation, .summaryMediation: return ["MediatorAssigned"]
        case .confirmationWindow: return ["MediationSettled"]
        case .confirmationAcceptance: return ["ConfirmationApplied"]
        case .confirmationDecision: return ["ConfirmationAccepted"]
        }
    }

    /// The event types that meet the obligation.
    public var stoppedBy: [String] {
        switch self {
        case .reportDecision: return ["ReportAccepted", "ReportDeclined"]
        case .penaltyDecision: return ["PenaltyDecided"]
        case .transferApproval: return ["TransferApproved", "TransferRefused"]
        case .transferAfterApproval: return ["CaseTransferred"]
        case .forwardToCompetent: return ["TransferForwarded"]
        case .materialsRequest: return ["MaterialsRequested"]
        case .materialsSupply: return ["MaterialsSupplied"]
        case .filingDecision: return ["CriminalCaseFiled", "FilingDeclined", "TransferForwarded"]
        case .reconsiderationRequest: return ["ReconsiderationRequested"]
        case .reconsiderationDecision: return ["ReconsiderationDecided"]
        case .supervisionSuggestion: return ["FilingSupervisionSuggested"]
        case .materialsHandover: return ["MaterialsHandedOver"]
        case .explanation: return ["ExplanationGiven"]
        case .filingAfterOrder: return ["CriminalCaseFiled"]
        case .delegatedMediation, .entrustedMediation, .summaryMediation: return ["MediationSettled", "MediationFailed"]
        case .confirmationWindow: return ["ConfirmationApplied"]
        case .confirmationAcceptance: return ["ConfirmationAccepted", "ConfirmationDenied"]
        case .confirmationDecision: return ["ConfirmationGranted", "ConfirmationDenied"]
        }
    }

    /// Whether the rule opens a deadline that shows as overdue (see the type's discussion).
    public var watched: Bool {
        switch self {
        case .forwardToCompetent, .materialsRequest, .reconsiderationRequest, .supervisionSuggestion, .confirmationWindow: return false
        default: return true
        }
    }

    /// The kind of agency that must act.
    public var responsibleKind: AgencyKind {
        switch self {
        case .reportDecision, .penaltyDecision, .transferApproval, .transferAfterApproval, .materialsSupply,
             .reconsiderationRequest, .supervisionSuggestion, .materialsHandover: return .amr
        case .forwardToCompetent, .materialsRequest, .filingDecision, .reconsiderationDecision,
             .explanation, .filingAfterOrder: return .police
        case .delegatedMediation, .entrustedMediation, .summaryMediation, .confirmationWindow: return .mediation
        case .confirmationAcceptance, .confirmationDecision: return .court
        }
    }

    /// The legal source.
    public var citation: String {
        switch self {
        case .reportDecision: return "市场监督管理投诉举报处理暂行办法 第14条"
        case .penaltyDecision: return "行政处罚法 第60条"
        case .transferApproval, .transferAfterApproval: return "《行政执法机关移送涉嫌犯罪案件的规定》第五条"
        case .forwardToCompetent: return "《行政执法机关移送涉嫌犯罪案件的规定》第七条"
        case .materialsRequest, .materialsSupply: return "公安机关办理刑事案件程序规定 第180条"
        case .filingDecision: return "《行政执法机关移送涉嫌犯罪案件的规定》第八条"
        case .reconsiderationRequest, .reconsiderationDecision, .supervisionSuggestion:
            return "《行政执法机关移送涉嫌犯罪案件的规定》第九条"
        case .materialsHandover: return "《行政执法机关移送涉嫌犯罪案件的规定》第十二条"
        case .explanation: return "刑事诉讼法 第113条; 人民检察院刑事诉讼规则 第560条"
        case .filingAfterOrder: return "人民检察院刑事诉讼规则 第563条"
        case .delegatedMediation, .entrustedMediation, .summaryMediation: return "最高人民法院关于人民法院特邀调解的规定 第27条"
        case .confirmationWindow: return "民事诉讼法 (2023) 第205条"
        case .confirmationAcceptance: return "法释〔2011〕5号 第4条"
        case .confirmationDecision: return "法释〔2011〕5号 第5条"
        }
    }

    /// What must be done, for a person reading an alert: "decide on the transfer report".
    public var duty: String {
        switch self {
        case .reportDecision: return "accept or decline the report"
        case .penaltyDecision: return "decide the administrative penalty"
        case .transferApproval: return "approve or refuse the transfer report"
        case .transferAfterApproval: return "transfer the approved case to the police"
        case .forwardToCompetent: return "forward the case to the competent agency"
        case .materialsRequest: return "ask for missing materials"
        case .materialsSupply: return "supply the missing materials"
        case .filingDecision: return "decide whether to file the transferred case"
        case .reconsiderationRequest: return "ask for reconsideration of the decline"
        case .reconsiderationDecision: return "decide the reconsideration"
        case .supervisionSuggestion: return "suggest filing supervision to the procuratorate"
        case .materialsHandover: return "hand over the case materials to the police"
        case .explanation: return "explain why the case was not filed"
        case .filingAfterOrder: return "file the case as the procuratorate ordered"
        case .delegatedMediation, .entrustedMediation, .summaryMediation: return "settle the mediation or record that it failed"
        case .confirmationWindow: return "apply for judicial confirmation of the agreement"
        case .confirmationAcceptance: return "decide whether to accept the application for confirmation"
        case .confirmationDecision: return "grant or deny confirmation of the agreement"
        }
    }
}
