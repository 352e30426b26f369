import LedgerCore
import IPProtection

/// One valid payload per event type: what the scenarios record and what
/// `Schemas/samples/valid.jsonl` was written from.
public enum Samples {
    public static let respondent: JSONValue = ["name": "富拉尔基区某五金经销部", "privateEnterprise": true, "creditCode": "92230206MA1B2C3D4E"]
    public static let rightsHolder: JSONValue = ["name": "某电器股份有限公司", "privateEnterprise": false]
    public static let sha = String(repeating: "ab", count: 32)
    public static let plaintiff = "某电器股份有限公司"
    public static let defendant = "富拉尔基区某五金经销部"
    public static let parties: JSONValue = [
        ["name": .string(plaintiff), "privateEnterprise": false, "side": "plaintiff"],
        ["name": .string(defendant), "privateEnterprise": true, "creditCode": "92230206MA1B2C3D4E", "side": "defendant"],
    ]
    public static let bothParties: JSONValue = [.string(plaintiff), .string(defendant)]

    public static let payloads: [String: JSONValue] = enforcement.merging(collaboration) { first, _ in first }

    /// The registry, reports, cases and supervisions.
    public static let enforcement: [String: JSONValue] = [
        "LedgerOpened": [
            "name": "富拉尔基区知识产权保护协作台账", "jurisdiction": "齐齐哈尔市富拉尔基区", "timezone": "Asia/Shanghai",
            "hostAgency": ["agency": "fle-amr", "kind": "amr", "name": "富拉尔基区市场监督管理局"],
            "admin": ["officer": "admin1", "name": "王管理"],
        ],
        "AgencyRegistered": ["agency": "fle-psb-ec", "kind": "police", "name": "富拉尔基分局经侦大队", "jurisdiction": "齐齐哈尔市富拉尔基区"],
        "OfficerEnrolled": ["officer": "amr-inv9", "agency": "fle-amr", "name": "李执法", "roles": ["investigator", "liaison"]],
        "OfficerRetired": ["officer": "amr-clerk", "reason": "调离"],
        "LiaisonAssigned": ["agency": "fle-amr", "officer": "amr-inv1"],
        "CalendarPublished": ["year": 2027, "holidays": ["2027-01-01"], "workdays": [], "source": "国务院办公厅通知"],
        "ReportReceived": [
            "channel": "hotline", "reporter": ["name": "张某", "kind": "rightsHolder", "privateEnterprise": false],
            "respondent": respondent, "ipType": "trademark", "sector": "appliances",
            "summary": "举报某五金经销部销售假冒注册商标的电热水壶", "externalNo": "12315-2024-000123",
        ],
        "ReportShared": ["agencies": ["fle-psb"], "note": "涉嫌犯罪，请关注"],
        "ReportAccepted": ["note": "符合受理条件"],
        "ReportDeclined": ["reason": "不属于本部门管辖"],
        "ReportClosed": ["outcome": "caseOpened", "case": "case/C1"],
        "CaseOpened": [
            "report": "report/R1", "ipType": "trademark", "sector": "appliances", "summary": "销售假冒注册商标的电热水壶",
            "respondent": respondent, "rightsHolder": rightsHolder, "caseNo": "富市监立〔2024〕15号",
        ],
        "EvidenceRecorded": ["evidence": "E1", "description": "现场检查照片", "sha256": .string(sha), "fileName": "photos.zip"],
        "EvidenceNotarized": ["evidence": "E1", "notaryOffice": "齐齐哈尔市公证处", "certificateNo": "(2024)黑齐证字第88号", "sha256": .string(sha)],
        "CaseNotified": ["agencies": ["fle-psb", "fle-proc"], "note": "涉案金额较大，通报案情"],
        "ConsultationRequested": ["topic": "是否达到刑事立案标准", "agencies": ["fle-psb", "fle-proc"]],
        "ConsultationHeld": ["agencies": ["fle-amr", "fle-psb", "fle-proc"], "conclusion": "涉嫌犯罪，建议移送", "minutesSha256": .string(sha)],
        "PenaltyDecided": ["decisionNo": "富市监罚〔2024〕30号", "fineFen": 2_000_000, "illegalGainsFen": 500_000, "businessVolumeFen": 1_200_000],
        "TransferReportSubmitted": [
            "team": ["amr-inv1", "amr-inv2"], "suspectedOffence": "213", "grounds": "非法经营数额超过五万元",
            "illegalGainsFen": 3_500_000, "businessVolumeFen": 6_800_000,
        ],
        "TransferApproved": ["note": "同意移送"],
        "TransferRefused": ["reason": "证据不足，继续调查"],
        "CaseTransferred": ["to": "fle-psb", "documents": ["transferLetter", "investigationReport", "evidenceList", "inspectionReport"],
            "letterNo": "富市监移〔2024〕3号"],
        "TransferReceived": ["receiptNo": "富公回〔2024〕7号"],
        "TransferForwarded": ["to": "nzs-psb", "reason": "犯罪地在碾子山区"],
        "MaterialsRequested": ["missing": ["鉴定意见"]],
        "MaterialsSupplied": ["documents": ["鉴定意见书"]],
        "CriminalCaseFiled": ["filingNo": "富公立〔2024〕21号"],
        "FilingDeclined": ["reason": "现有证据不足以证明达到追诉标准"],
        "ReconsiderationRequested": ["grounds": "经营数额已超过五万元"],
        "ReconsiderationDecided": ["outcome": "upheld", "reason": "维持不予立案决定"],
        "FilingSupervisionSuggested": ["procuratorate": "fle-proc", "grounds": "公安机关应当立案而不立案"],
        "TransferDisputeRaised": ["question": "非法经营数额的计算是否包括未销售的库存"],
        "OpinionRequested": ["from": "fle-proc", "question": "库存货值是否计入非法经营数额"],
        "OpinionGiven": ["opinion": "未销售的侵权产品货值应计入", "recommendation": "transfer"],
        "TransferDisputeResolved": ["outcome": "transfer", "basis": "依检察院意见"],
        "MaterialsHandedOver": ["items": ["涉案电热水壶 320 台", "案卷材料"]],
        "ImpactAssessed": ["assessment": "企业员工 12 人，查封将致停产", "measures": ["分批解封合法库存"], "lenientMeasures": ["取保候审"]],
        "CaseClosed": ["outcome": "criminalFiled", "summary": "已移送公安机关立案侦查"],
        "SupervisionOpened": ["case": "case/C1", "kind": "filing", "source": "ownMotion", "grounds": "移送后未立案"],
        "ExplanationRequested": ["police": "fle-psb", "question": "说明不立案理由"],
        "ExplanationGiven": ["reason": "证据不足"],
        "FilingOrdered": ["police": "fle-psb", "reason": "不立案理由不能成立"],
        "TransferOpinionIssued": ["agency": "fle-amr", "reason": "涉嫌犯罪应当移送"],
        "CorrectionIssued": ["agency": "fle-psb", "reason": "超期未作出立案决定"],
        "SupervisionConcluded": ["outcome": "filed", "findings": "公安机关已立案"],
    ]

    /// Mediation, joint actions, meetings, services and publications.
    public static let collaboration: [String: JSONValue] = [
        "MediationDelegated": [
            "court": "fle-court", "parties": parties, "ipType": "trademark", "claim": "停止销售侵权电热水壶并赔偿经济损失五万元",
            "organization": "fle-med", "preFilingNo": "(2024)黑0206诉前调15号", "sector": "appliances", "claimFen": 5_000_000,
        ],
        "MediationEntrusted": [
            "court": "fle-court", "courtCaseNo": "(2024)黑0206民初321号", "procedure": "ordinary", "parties": parties,
            "ipType": "trademark", "claim": "停止侵权并赔偿损失", "organization": "fle-med",
        ],
        "MediationInvited": ["court": "fle-court", "courtCaseNo": "(2024)黑0206民初322号", "parties": parties, "organization": "fle-med"],
        "MediationApplied": [
            "parties": [
                ["name": .string(plaintiff), "privateEnterprise": false, "side": "applicant"],
                ["name": .string(defendant), "privateEnterprise": true, "side": "respondent"],
            ],
            "ipType": "copyright", "claim": "停止使用侵权产品图片并赔偿", "organization": "fle-med", "sector": "other",
        ],
        "MediatorAssigned": ["mediator": "med-1", "note": "熟悉商标纠纷"],
        "MediationSessionHeld": ["mode": "online", "participants": ["原告代理人", "被告经营者"], "note": "双方就赔偿数额初步协商"],
        "MediationExtended": ["days": 15, "consentOf": bothParties, "reason": "双方需核对销售账目"],
        "MediationSettled": [
            "agreementNo": "富知调〔2024〕8号", "agreementSha256": .string(sha), "terms": "被告停止销售并赔偿三万元",
            "amountFen": 3_000_000, "effectiveAt": "2024-04-20T10:00:00+08:00", "confirmsOwnership": false,
        ],
        "MediationFailed": ["reason": "双方对赔偿数额分歧较大"],
        "CourtCaseRegistered": ["courtCaseNo": "(2024)黑0206民初400号"],
        "ConfirmationApplied": ["court": "fle-court", "applicants": bothParties],
        "ConfirmationAccepted": ["caseNo": "(2024)黑0206民特5号"],
        "ConfirmationExtended": ["days": 10, "reason": "需通知双方到场核实"],
        "ConfirmationGranted": ["rulingNo": "(2024)黑0206民特5号"],
        "ConfirmationDenied": ["reason": "ipOwnership", "detail": "协议确认专利权归属，不属于司法确认范围", "rulingNo": "(2024)黑0206民特6号"],
        "JointActionLaunched": [
            "title": "2024年4·26知识产权保护联合执法专项行动", "sectors": ["appliances", "foodDrug"], "agencies": ["fle-amr", "fle-psb"],
            "from": "2024-04-01", "to": "2024-05-31", "lead": "fle-amr", "occasion": "4·26", "summary": "重点检查家电和食品销售市场",
        ],
        "CaseLinked": ["case": "case/C1", "note": "专项行动中移送线索"],
        "JointActionConcluded": ["summary": "检查经营户 120 家，立案 3 件，移送公安 1 件"],
        "MeetingHeld": [
            "kind": "exchange", "agencies": ["fle-amr", "fle-psb", "fle-proc", "fle-court"], "topics": ["家电领域侵权案件趋势"],
            "minutesSha256": .string(sha), "title": "知识产权保护研讨交流会", "cases": ["case/C1"], "conclusions": "加强线索共享",
        ],
        "ServiceProvided": [
            "kind": "tradeSecretGuidance", "recipient": ["name": "富拉尔基区某机械制造有限公司", "privateEnterprise": true],
            "summary": "指导企业建立商业秘密保护制度",
        ],
        "TypicalCasePublished": [
            "cases": ["case/C1"], "title": "2024年知识产权保护典型案例", "summary": "销售假冒注册商标商品案", "channel": "富拉尔基区人民法院网站",
            "occasion": "4·26",
        ],
    ]

    public static func payload(_ type: String) -> JSONValue { payloads[type] ?? [:] }

    /// `payload(type)` with members replaced.
    public static func payload(_ type: String, with changes: [String: JSONValue]) -> JSONValue {
        var m = payload(type).objectValue ?? [:]
        for (k, v) in changes { m[k] = v }
        return .object(m)
    }

    /// `payload(type)` without a member.
    public static func payload(_ type: String, without member: String) -> JSONValue {
        var m = payload(type).objectValue ?? [:]
        m[member] = nil
        return .object(m)
    }
}
