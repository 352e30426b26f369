/// The kinds of agency that take part in the protection mechanisms (DOMAIN.md "Agencies").
public enum AgencyKind: String, CaseIterable, Hashable, Sendable, Codable {
    /// Market supervision (市场监督管理局).
    case amr
    /// Public security (公安机关).
    case police
    /// The procuratorate (人民检察院).
    case procuratorate
    /// A people's court (人民法院).
    case court
    /// The justice bureau (司法局).
    case justice
    /// A mediation organisation, such as the center's mediation committee.
    case mediation
    /// A notary office (公证处).
    case notary
    /// The protection center's service desk (知识产权司法保护中心).
    case center
}

/// The roles an officer can hold (DOMAIN.md "Agencies, officers, permissions").
public enum Role: String, CaseIterable, Hashable, Sendable, Codable {
    case admin, clerk, investigator, head, liaison, prosecutor, judge, mediator, notary

    /// The agency kinds in which an officer may hold this role; `nil` for any kind.
    ///
    /// A prosecutor belongs to a procuratorate, a judge to a court, a notary to a notary
    /// office; mediators serve in mediation organisations, the center, courts and the
    /// justice bureau (人民调解委员会).
    public var allowedKinds: Set<AgencyKind>? {
        switch self {
        case .prosecutor: return [.procuratorate]
        case .judge: return [.court]
        case .notary: return [.notary]
        case .mediator: return [.mediation, .center, .court, .justice]
        case .admin, .clerk, .investigator, .head, .liaison: return nil
        }
    }
}

/// A closed list of string values for a payload member: an enumeration in its schema.
public protocol PayloadEnumeration: RawRepresentable, CaseIterable, Sendable where RawValue == String {}

extension PayloadEnumeration {
    /// Every allowed value, in declaration order.
    public static var values: [String] { allCases.map(\.rawValue) }
}

extension AgencyKind: PayloadEnumeration {}
extension Role: PayloadEnumeration {}

/// The kind of IP right concerned.
public enum IPType: String, PayloadEnumeration {
    case trademark, patent, copyright, tradeSecret, geographicalIndication, other
}

/// The key sectors of 齐富市监联发〔2022〕1号.
public enum Sector: String, PayloadEnumeration {
    case foodDrug, agriInputs, childrenProducts, appliances, autoParts, buildingMaterials, other
}

/// How a report reached an agency.
public enum ReportChannel: String, PayloadEnumeration {
    case hotline, online, visit, letter, referral
}

/// Who made a report.
public enum ReporterKind: String, PayloadEnumeration {
    case rightsHolder, enterprise, `public`, anonymous
}

/// How a report ended.
public enum ReportOutcome: String, PayloadEnumeration {
    case caseOpened, noViolation, referred, withdrawn
}

/// The documents of a transfer, 《行政执法机关移送涉嫌犯罪案件的规定》第六条.
public enum TransferDocument: String, PayloadEnumeration {
    /// 涉嫌犯罪案件移送书.
    case transferLetter
    /// 涉嫌犯罪案件情况的调查报告.
    case investigationReport
    /// 涉案物品清单.
    case evidenceList
    /// 有关检验报告或者鉴定结论.
    case inspectionReport
    /// 行政处罚决定书, when a penalty was already decided (第十一条).
    case penaltyDecision
    /// 其他有关涉嫌犯罪的材料.
    case other

    /// The documents 第六条 requires with every transfer.
    public static let required: [TransferDocument] = [.transferLetter, .investigationReport, .evidenceList, .inspectionReport]
}

/// What the police decided on a reconsideration (复议).
public enum ReconsiderationOutcome: String, PayloadEnumeration {
    case filed, upheld
}

/// What a procuratorate or court recommends in a transfer dispute.
public enum OpinionRecommendation: String, PayloadEnumeration {
    case transfer, noTransfer, other
}

/// How a transfer dispute was settled.
public enum DisputeOutcome: String, PayloadEnumeration {
    case transfer, noTransfer
}

/// How a case ended.
public enum CaseOutcome: String, PayloadEnumeration {
    case penalized, criminalFiled, noViolation, mediated, withdrawn, other
}

/// What a procuratorate supervises.
public enum SupervisionKind: String, PayloadEnumeration {
    case filing, civil, administrative, criminal
}

/// What started a supervision.
public enum SupervisionSource: String, PayloadEnumeration {
    case suggestion, ownMotion, report
}

/// How a supervision ended.
///
/// DOMAIN.md names the member but not its values; these are the ends the supervision
/// acts can lead to.
public enum SupervisionOutcome: String, PayloadEnumeration {
    /// The police filed the case.
    case filed
    /// The agency transferred the case.
    case transferred
    /// The agency corrected what the correction notice named.
    case corrected
    /// The explanation was accepted: no irregularity.
    case explanationAccepted
    /// No irregularity was found.
    case noIrregularity
    case other
}
