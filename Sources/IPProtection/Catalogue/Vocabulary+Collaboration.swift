// The values of the joint-action, meeting and service payloads (DOMAIN.md
// "action/<id>, meeting/<id>, service/<id>, publication/<id>").

/// What a meeting of the agencies was for.
public enum MeetingKind: String, PayloadEnumeration {
    /// A business consultation on cases (业务会商).
    case consultation
    /// An exchange meeting that studies case trends (研讨交流, 研判趋势).
    case exchange
    /// Joint training (联合培训).
    case training
    /// A meeting of the liaison officers (联络员会议).
    case liaison
}

/// The services of the protection center (齐法联发〔2022〕2号).
public enum ServiceKind: String, PayloadEnumeration {
    /// Policy consultation (政策咨询).
    case policyConsultation
    /// IP search and analysis (知识产权检索分析).
    case ipSearch
    /// Training (培训).
    case training
    /// Guidance on litigation (诉讼指导).
    case litigationGuidance
    /// Questions answered after judgment (判后答疑).
    case postJudgmentQA
    /// A protection opinion (保护意见书).
    case protectionOpinion
    /// Protection tips (风险提示).
    case protectionTips
    /// Guidance on protecting trade secrets (商业秘密保护指导).
    case tradeSecretGuidance
}
