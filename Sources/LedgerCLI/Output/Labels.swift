import LedgerCore
import Projections

/// Labels for the projection tables: Chinese with the English code beside it (`阶段 stage`,
/// `已移送 transferred`), or with `--lang en` the English code alone. Codes without a
/// Chinese label are shown as they are.
struct Labels {
    enum Language { case zh, en }

    let language: Language

    init(_ language: Language) { self.language = language }

    /// Takes `--lang zh|en` (zh, the default) from a command's arguments: the one place
    /// every command that labels its output reads the option.
    init(_ arguments: inout Arguments) throws {
        switch try arguments.option("lang") ?? "zh" {
        case "zh": language = .zh
        case "en": language = .en
        case let other: throw CLIError.usage("--lang takes zh or en, not \"\(other)\"")
        }
    }

    /// `zh` or `en`, whichever language is chosen.
    func text(zh: String, en: String) -> String { language == .zh ? zh : en }

    /// A column header: `阶段 stage` or `stage`.
    func header(_ code: String) -> String { label(code, Labels.headers[code]) }

    /// A value of one vocabulary: `已移送 transferred` or `transferred`.
    func value(_ code: String, _ vocabulary: Vocabulary) -> String { label(code, vocabulary.table[code]) }

    private func label(_ code: String, _ chinese: String?) -> String {
        guard language == .zh, let chinese else { return code }
        return chinese + " " + code
    }

    /// A period taken against its limit: `2/3天`, `5/24小时`, `3/7工作日`; `2/3 d` in English.
    func taken(_ taken: Int?, of row: DeadlineRow) -> String {
        let unit: String
        switch (language, row.period.unit) {
        case (.zh, "hours"): unit = "小时"
        case (.zh, "workingDays"): unit = "工作日"
        case (.zh, _): unit = "天"
        case (.en, "hours"): unit = " h"
        case (.en, "workingDays"): unit = " wd"
        case (.en, _): unit = " d"
        }
        return (taken.map(String.init) ?? "–") + "/\(row.period.length)" + unit
    }

    /// An instant in the ledger's time zone: `2024-03-11 15:00` (with `:ss` when asked).
    func time(_ t: Timestamp, _ utcOffset: Int32, seconds: Bool = false) -> String {
        let text = t.format(offsetSeconds: utcOffset)
        let chars = Array(text)
        let cut = seconds ? 19 : 16
        guard chars.count >= cut else { return text }
        return String(chars[0..<10]) + " " + String(chars[11..<cut])
    }

    /// A date in the ledger's time zone: `2024-03-11`.
    func date(_ t: Timestamp, _ utcOffset: Int32) -> String { String(t.format(offsetSeconds: utcOffset).prefix(10)) }

    /// The vocabularies whose values have Chinese labels.
    enum Vocabulary {
        case itemKind, reportStage, caseStage, supervisionStage, mediationStage, flag, rule, deadlineState, outcome, alertKind
        case sector, ipType, agencyKind, eventType, step, mediationKind, windowState, confirmationState

        var table: [String: String] {
            switch self {
            case .itemKind: return ["report": "举报", "case": "案件", "supervision": "监督", "mediation": "调解"]
            case .reportStage: return ["received": "已接收", "accepted": "已受理", "declined": "不予受理", "closed": "已办结"]
            case .caseStage:
                return ["investigating": "调查中", "penalized": "已处罚", "transferRefused": "不予移送", "reported": "已报请移送",
                        "approved": "已批准移送", "transferred": "已移送", "received": "公安已接收", "declined": "不予立案",
                        "filed": "已立案", "closed": "已结案"]
            case .supervisionStage:
                return ["opened": "监督中", "explanationRequested": "要求说明理由", "explained": "已说明理由",
                        "filingOrdered": "已通知立案", "concluded": "已结束"]
            case .mediationStage: return Labels.mediationStages
            case .flag:
                return ["overdue": "逾期", "late": "迟延", "shouldTransfer": "应移送", "repeatOffender": "重复侵权",
                        "disputed": "移送争议", "supervised": "检察监督", "missingDocuments": "材料不全",
                        "materialsPending": "待补材料", "privateEnterprise": "民营企业"].merging(Labels.mediationFlags) { a, _ in a }
            case .rule: return Labels.rules
            case .deadlineState:
                return ["open": "进行中", "overdue": "逾期", "onTime": "按期", "late": "超期", "ended": "终止", "endedLate": "逾期后终止"]
            case .outcome:
                return ["filed": "已立案", "declined": "不予立案", "refused": "不予移送", "noTransfer": "不移送", "pending": "办理中"]
            case .alertKind:
                return ["overdue": "逾期", "shouldTransfer": "以罚代刑", "repeatOffender": "重复侵权"].merging(Labels.mediationAlerts) { a, _ in a }
            case .sector:
                return ["unspecified": "未注明", "foodDrug": "食品药品", "agriInputs": "农资", "childrenProducts": "儿童用品", "appliances": "家用电器",
                        "autoParts": "汽车配件", "buildingMaterials": "建筑材料", "other": "其他"]
            case .ipType:
                return ["unspecified": "未注明", "trademark": "商标", "patent": "专利", "copyright": "著作权", "tradeSecret": "商业秘密",
                        "geographicalIndication": "地理标志", "other": "其他"]
            case .agencyKind:
                return ["amr": "市场监管", "police": "公安", "procuratorate": "检察院", "court": "法院", "justice": "司法局",
                        "mediation": "调解组织", "notary": "公证处", "center": "保护中心"]
            case .eventType: return Labels.eventTypes
            case .mediationKind: return Labels.mediationKinds
            case .windowState: return Labels.windowStates
            case .confirmationState: return Labels.confirmationStates
            case .step:
                return ["report": "报请移送", "approval": "批准", "refusal": "不批准", "transfer": "移送", "receipt": "接收",
                        "forward": "转送", "materialsRequest": "要求补充材料", "materialsSupply": "补充材料", "filing": "立案",
                        "decline": "不予立案", "reconsiderationRequest": "提请复议", "reconsiderationDecision": "复议决定",
                        "suggestion": "建议立案监督", "handover": "移交材料"]
            }
        }
    }

    static let headers: [String: String] = [
        "stream": "流", "kind": "类别", "stage": "阶段", "holders": "承办机关", "next": "下一步", "agency": "机关", "due": "期限",
        "flags": "提示", "opened": "开始", "ended": "结束", "officer": "人员", "name": "名称", "report": "举报", "case": "案件",
        "supervision": "监督", "mediation": "调解", "overdue": "逾期", "finished": "办结", "month": "月份", "count": "件数",
        "amr": "移送机关", "police": "公安机关", "reported": "报请", "approved": "批准", "transferred": "移送", "received": "接收",
        "decided": "立案决定", "outcome": "结果", "dispute": "争议", "time": "时间", "act": "行为", "rule": "规则",
        "taken": "用时", "result": "结果", "hash": "哈希", "since": "自", "message": "说明", "citation": "依据",
        "sector": "行业", "ipType": "知识产权类型", "total": "合计", "reports": "举报", "cases": "立案", "transfers": "移送",
        "filings": "刑事立案", "mediationsSettled": "调解成功", "confirmationsGranted": "司法确认",
        "typicalCasesPublished": "典型案例", "seq": "序号", "state": "状态", "started": "起算", "pending": "待办",
        "ipTypeShort": "类型", "openTotal": "在办", "caseName": "案件", "holder": "承办", "court": "法院",
        "organization": "调解组织", "mediator": "调解员", "period": "调解期限", "agreement": "调解协议",
        "window": "申请确认期间", "confirmation": "司法确认", "parties": "当事人", "extensions": "延长",
    ]

    static let rules: [String: String] = [
        "reportDecision": "举报受理决定", "penaltyDecision": "行政处罚决定", "transferApproval": "移送审批",
        "transferAfterApproval": "批准后移送", "forwardToCompetent": "转送管辖机关", "materialsRequest": "要求补充材料",
        "materialsSupply": "补充材料", "filingDecision": "立案决定", "reconsiderationRequest": "提请复议",
        "reconsiderationDecision": "复议决定", "supervisionSuggestion": "建议立案监督", "materialsHandover": "移交材料",
        "explanation": "说明不立案理由", "filingAfterOrder": "通知后立案", "shouldTransfer": "应移送未移送",
        "repeatOffender": "重复侵权", "delegatedMediation": "委派调解期限", "entrustedMediation": "委托调解期限",
        "summaryMediation": "简易程序委托调解期限", "confirmationWindow": "申请司法确认期间",
        "confirmationAcceptance": "司法确认受理", "confirmationDecision": "司法确认决定",
    ]

    static let eventTypes: [String: String] = [
        "LedgerOpened": "台账开立", "AgencyRegistered": "机关登记", "OfficerEnrolled": "人员登记", "OfficerRetired": "人员离任",
        "LiaisonAssigned": "指定联络员", "CalendarPublished": "公布节假日", "ReportReceived": "接收举报", "ReportShared": "共享举报",
        "ReportAccepted": "受理举报", "ReportDeclined": "不予受理", "ReportClosed": "举报办结", "CaseOpened": "立案",
        "EvidenceRecorded": "证据登记", "EvidenceNotarized": "公证存证", "CaseNotified": "案情通报", "ConsultationRequested": "提请会商",
        "ConsultationHeld": "召开会商", "PenaltyDecided": "行政处罚决定", "TransferReportSubmitted": "提交移送报告",
        "TransferApproved": "批准移送", "TransferRefused": "不批准移送", "CaseTransferred": "移送案件", "TransferReceived": "接收移送",
        "TransferForwarded": "转送", "MaterialsRequested": "要求补充材料", "MaterialsSupplied": "补充材料",
        "CriminalCaseFiled": "刑事立案", "FilingDeclined": "不予立案", "ReconsiderationRequested": "提请复议",
        "ReconsiderationDecided": "复议决定", "FilingSupervisionSuggested": "建议立案监督", "TransferDisputeRaised": "提出移送争议",
        "OpinionRequested": "征求意见", "OpinionGiven": "提出意见", "TransferDisputeResolved": "移送争议解决",
        "MaterialsHandedOver": "移交涉案物品", "ImpactAssessed": "经济影响评估", "CaseClosed": "结案",
        "SupervisionOpened": "启动监督", "ExplanationRequested": "要求说明理由", "ExplanationGiven": "说明理由",
        "FilingOrdered": "通知立案", "TransferOpinionIssued": "建议移送", "CorrectionIssued": "纠正违法通知",
        "SupervisionConcluded": "监督结束", "MediationDelegated": "委派调解", "MediationEntrusted": "委托调解",
        "MediationInvited": "特邀调解", "MediationApplied": "申请调解", "MediatorAssigned": "指派调解员",
        "MediationSessionHeld": "调解", "MediationExtended": "延长调解期限", "MediationSettled": "达成调解协议",
        "MediationFailed": "调解不成", "CourtCaseRegistered": "登记立案", "ConfirmationApplied": "申请司法确认",
        "ConfirmationAccepted": "受理司法确认", "ConfirmationExtended": "延长确认期限", "ConfirmationGranted": "确认有效",
        "ConfirmationDenied": "不予确认", "JointActionLaunched": "启动联合行动", "CaseLinked": "关联案件",
        "JointActionConcluded": "联合行动结束", "MeetingHeld": "召开会议", "ServiceProvided": "提供服务",
        "TypicalCasePublished": "发布典型案例",
    ]

    static let mediationKinds: [String: String] = [
        "delegated": "委派调解", "entrusted": "委托调解", "invited": "特邀调解", "applied": "申请调解",
    ]

    static let windowStates: [String: String] = [
        "open": "期间内", "closing": "将届满", "closed": "已届满", "applied": "已申请", "late": "逾期申请",
    ]

    static let confirmationStates: [String: String] = ["pending": "待决定", "granted": "确认有效", "denied": "不予确认"]

    static let mediationStages: [String: String] = [
        "awaitingMediator": "待指派调解员", "mediating": "调解中", "settled": "已达成协议", "failed": "调解不成",
        "registered": "已登记立案", "confirmationApplied": "已申请司法确认", "confirmationAccepted": "司法确认已受理",
        "confirmed": "已司法确认", "confirmationDenied": "不予确认",
    ]
    static let mediationFlags: [String: String] = [
        "windowClosing": "确认期间将届满", "windowClosed": "确认期间已届满", "confirmsOwnership": "涉权属确认",
        "extendedAfterDue": "期满后延长",
    ]
    static let mediationAlerts: [String: String] = [
        "confirmationWindowClosing": "确认期间将届满", "confirmationWindowClosed": "确认期间已届满",
    ]
}
