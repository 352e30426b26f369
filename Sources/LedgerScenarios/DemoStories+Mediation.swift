import LedgerCore

/// The protection center's core work (齐法联发〔2022〕2号): mediation delegated before
/// filing and entrusted in litigation, agreements and their judicial confirmation.
enum MediationStories {
    static var all: [Story] { [delegatedAndConfirmed, delegatedAndFailed, ownershipDenied, appliedAtTheCenter, windowClosing, windowClosed, entrustedOverdue] }

    static let appliance = Story.party("某电器股份有限公司", privateEnterprise: false)
    static func side(_ party: JSONValue, _ side: String) -> JSONValue {
        guard case .object(var o) = party else { return party }
        o["side"] = .string(side)
        return .object(o)
    }

    static func names(_ parties: [JSONValue]) -> JSONValue { .array(parties.compactMap { $0["name"] }) }

    /// Delegated before filing (委派), settled, and confirmed by the court that sent it.
    static var delegatedAndConfirmed: Story {
        var s = Story()
        let m = "mediation/QQH-2025-M001"
        let parties = [side(appliance, "plaintiff"), side(Story.party("富拉尔基区某五金经销部", privateEnterprise: true), "defendant")]
        s.add("2025-05-06 09:30", "MediationDelegated", m, by: "qcourt-clerk", [
            "court": "qqh-court", "organization": "qqh-med", "parties": .array(parties), "ipType": "trademark", "sector": "appliances",
            "claim": "停止销售侵权电热水壶并赔偿经济损失五万元", "claimFen": 5_000_000, "preFilingNo": "(2025)黑02诉前调12号",
        ])
        s.add("2025-05-07 10:00", "MediatorAssigned", m, by: "med-head", ["mediator": "med-1", "note": "熟悉商标纠纷"])
        s.add("2025-05-15 14:00", "MediationSessionHeld", m, by: "med-1", [
            "mode": "online", "participants": ["原告代理人", "被告经营者"], "note": "在线调解平台，双方就赔偿数额协商",
        ])
        s.add("2025-05-22 16:00", "MediationSettled", m, by: "med-1", [
            "agreementNo": "齐知调〔2025〕12号", "agreementSha256": .string(Words.fileHash("\(m) 调解协议")),
            "terms": "被告停止销售侵权商品并赔偿三万元", "amountFen": 3_000_000, "effectiveAt": "2025-05-22T16:00:00+08:00", "confirmsOwnership": false,
        ])
        s.add("2025-05-26 09:00", "ConfirmationApplied", m, by: "center-clerk", ["court": "qqh-court", "applicants": names(parties)])
        s.add("2025-05-27 10:00", "ConfirmationAccepted", m, by: "qcourt-clerk", ["caseNo": "(2025)黑02民特3号"])
        s.add("2025-06-05 15:00", "ConfirmationGranted", m, by: "qcourt-judge", ["rulingNo": "(2025)黑02民特3号"])
        return s
    }

    /// Delegated, failed, and registered as a case by the court.
    static var delegatedAndFailed: Story {
        var s = Story()
        let m = "mediation/QQH-2025-M002"
        let parties = [side(Story.party("某汽车零部件有限公司", privateEnterprise: false), "plaintiff"),
                       side(Story.party("富拉尔基区某汽配城商户（王某）", privateEnterprise: true), "defendant")]
        s.add("2025-07-01 09:00", "MediationDelegated", m, by: "qcourt-clerk", [
            "court": "qqh-court", "organization": "qqh-med", "parties": .array(parties), "ipType": "trademark", "sector": "autoParts",
            "claim": "赔偿因销售假冒刹车片造成的损失十二万元", "claimFen": 12_000_000, "preFilingNo": "(2025)黑02诉前调27号",
        ])
        s.add("2025-07-02 10:00", "MediatorAssigned", m, by: "med-head", ["mediator": "med-2"])
        s.add("2025-07-10 14:30", "MediationSessionHeld", m, by: "med-2", ["mode": "inPerson", "participants": ["原告代理人", "被告王某"], "note": "被告同意停止销售，但对赔偿数额有异议"])
        s.add("2025-07-25 16:00", "MediationFailed", m, by: "med-2", ["reason": "双方对赔偿数额分歧较大，调解不成"])
        s.add("2025-07-29 09:00", "CourtCaseRegistered", m, by: "qcourt-clerk", ["courtCaseNo": "(2025)黑02民初188号"])
        return s
    }

    /// Entrusted in summary procedure; the agreement confirms who owns a patent, so the
    /// court denies confirmation (民诉解释 第355条).
    static var ownershipDenied: Story {
        var s = Story()
        let m = "mediation/FLE-2025-M003"
        let parties = [side(Story.party("齐齐哈尔某精密机械有限公司", privateEnterprise: true), "plaintiff"),
                       side(Story.party("富拉尔基区某机械加工厂", privateEnterprise: true), "defendant")]
        s.add("2025-09-08 09:00", "MediationEntrusted", m, by: "court-clerk", [
            "court": "fle-court", "courtCaseNo": "(2025)黑0206民初402号", "procedure": "summary", "organization": "qqh-med",
            "parties": .array(parties), "ipType": "patent", "claim": "确认夹具实用新型专利权归属并停止侵权",
        ])
        s.add("2025-09-09 09:30", "MediatorAssigned", m, by: "med-head", ["mediator": "med-1"])
        s.add("2025-09-15 16:00", "MediationSettled", m, by: "med-1", [
            "agreementNo": "齐知调〔2025〕31号", "agreementSha256": .string(Words.fileHash("\(m) 调解协议")),
            "terms": "双方确认涉案实用新型专利权归原告所有，被告停止实施", "effectiveAt": "2025-09-15T16:00:00+08:00", "confirmsOwnership": true,
        ])
        s.add("2025-09-18 09:00", "ConfirmationApplied", m, by: "court-clerk", ["court": "fle-court", "applicants": names(parties)])
        s.add("2025-09-19 10:00", "ConfirmationAccepted", m, by: "court-clerk", ["caseNo": "(2025)黑0206民特9号"])
        s.add("2025-09-26 15:00", "ConfirmationDenied", m, by: "court-judge1", [
            "rulingNo": "(2025)黑0206民特9号", "reason": "ipOwnership", "detail": "协议确认专利权归属，不属于司法确认的范围",
        ])
        return s
    }

    /// Parties apply to the center themselves; confirmed by the district court.
    static var appliedAtTheCenter: Story {
        var s = Story()
        let m = "mediation/QQH-2026-M004"
        let parties = [side(Story.party("齐齐哈尔某乳品有限公司", privateEnterprise: true), "applicant"),
                       side(Story.party("富拉尔基区某超市", privateEnterprise: true), "respondent")]
        s.add("2026-03-09 10:00", "MediationApplied", m, by: "center-clerk", [
            "organization": "qqh-med", "parties": .array(parties), "ipType": "trademark", "sector": "foodDrug",
            "claim": "停止销售仿冒包装装潢的乳制品",
        ])
        s.add("2026-03-10 09:00", "MediatorAssigned", m, by: "med-head", ["mediator": "med-2"])
        s.add("2026-03-17 15:00", "MediationSettled", m, by: "med-2", [
            "agreementNo": "齐知调〔2026〕5号", "agreementSha256": .string(Words.fileHash("\(m) 调解协议")),
            "terms": "被申请人下架涉案商品并赔偿八千元", "amountFen": 800_000, "effectiveAt": "2026-03-17T15:00:00+08:00", "confirmsOwnership": false,
        ])
        s.add("2026-03-20 09:00", "ConfirmationApplied", m, by: "center-clerk", ["court": "fle-court", "applicants": names(parties)])
        s.add("2026-03-23 10:00", "ConfirmationAccepted", m, by: "court-clerk", ["caseNo": "(2026)黑0206民特2号"])
        s.add("2026-03-31 15:00", "ConfirmationGranted", m, by: "court-judge1", ["rulingNo": "(2026)黑0206民特2号"])
        return s
    }

    static func settledOnly(_ m: String, on day: String, defendant: String, sector: String) -> Story {
        var s = Story()
        let parties = [side(Story.party("某建材股份有限公司", privateEnterprise: false), "plaintiff"),
                       side(Story.party(defendant, privateEnterprise: true), "defendant")]
        s.add("\(day) 09:00", "MediationDelegated", m, by: "court-clerk", [
            "court": "fle-court", "organization": "qqh-med", "parties": .array(parties), "ipType": "trademark", "sector": .string(sector),
            "claim": "停止销售侵权商品并赔偿损失", "preFilingNo": .string("(\(day.prefix(4)))黑0206诉前调\(m.suffix(2))号"),
        ])
        s.add("\(day) 14:00", "MediatorAssigned", m, by: "med-head", ["mediator": "med-1"])
        return s
    }

    /// A confirmation window that is closing as the demo ends (30 days from the agreement).
    static var windowClosing: Story {
        var s = settledOnly("mediation/FLE-2026-M17", on: "2026-10-12", defendant: "富拉尔基区某建材商店", sector: "buildingMaterials")
        s.add("2026-10-25 16:00", "MediationSettled", "mediation/FLE-2026-M17", by: "med-1", [
            "agreementNo": "齐知调〔2026〕17号", "agreementSha256": .string(Words.fileHash("M17 调解协议")),
            "terms": "被告停止销售并赔偿一万元", "amountFen": 1_000_000, "effectiveAt": "2026-10-25T16:00:00+08:00", "confirmsOwnership": false,
        ])
        return s
    }

    /// A window that closed with no application.
    static var windowClosed: Story {
        var s = settledOnly("mediation/FLE-2026-M11", on: "2026-07-20", defendant: "富拉尔基区某瓷砖经销部", sector: "buildingMaterials")
        s.add("2026-08-05 16:00", "MediationSettled", "mediation/FLE-2026-M11", by: "med-1", [
            "agreementNo": "齐知调〔2026〕11号", "agreementSha256": .string(Words.fileHash("M11 调解协议")),
            "terms": "被告停止销售并赔偿五千元", "amountFen": 500_000, "effectiveAt": "2026-08-05T16:00:00+08:00", "confirmsOwnership": false,
        ])
        return s
    }

    /// An entrusted mediation past its 15 days with no outcome.
    static var entrustedOverdue: Story {
        var s = Story()
        let m = "mediation/FLE-2026-M19"
        s.add("2026-10-16 09:00", "MediationEntrusted", m, by: "court-clerk", [
            "court": "fle-court", "courtCaseNo": "(2026)黑0206民初517号", "procedure": "ordinary", "organization": "qqh-med",
            "parties": .array([side(Story.party("某种业科技有限公司", privateEnterprise: false), "plaintiff"),
                               side(Story.party("富拉尔基区某农资经销店", privateEnterprise: true), "defendant")]),
            "ipType": "trademark", "claim": "停止销售假冒注册商标的玉米种子并赔偿损失",
        ])
        s.add("2026-10-19 10:00", "MediatorAssigned", m, by: "med-head", ["mediator": "med-2"])
        s.add("2026-10-28 14:00", "MediationSessionHeld", m, by: "med-2", ["mode": "inPerson", "participants": ["原告代理人", "被告经营者"], "note": "被告要求核实进货来源后再议"])
        return s
    }
}

/// Joint enforcement at 4·26, exchange meetings, services to private enterprises and
/// typical cases (齐富市监联发〔2022〕1号 第四、五、十三条; 齐法联发〔2022〕2号).
enum CollaborationStories {
    static var all: [Story] { [jointAction426, meetings, services, typicalCases] }

    static var jointAction426: Story {
        var s = Story()
        let a = "action/FLE-426-2025", c = "case/FLE-2025-0426"
        s.add("2025-04-14 09:00", "JointActionLaunched", a, by: "amr-inv1", [
            "title": "2025年“4·26”知识产权保护联合执法专项行动", "occasion": "4·26",
            "sectors": ["foodDrug", "agriInputs", "childrenProducts"], "agencies": ["fle-amr", "fle-psb"], "lead": "fle-amr",
            "from": "2025-04-14", "to": "2025-05-16", "summary": "春耕农资、节前食品和儿童用品市场集中检查",
        ])
        s.add("2025-04-16 10:00", "CaseLinked", a, by: "amr-inv1", ["case": "case/FLE-2025-0044", "note": "专项行动中查处"])
        s.add("2025-04-22 09:00", "CaseOpened", c, by: "amr-inv2", [
            "action": .string(a), "caseNo": "富市监立〔2025〕426号", "ipType": "trademark", "sector": "foodDrug",
            "summary": "销售假冒注册商标的白酒", "respondent": Story.party("富拉尔基区某烟酒商行（铁北店）", privateEnterprise: true),
            "rightsHolder": Story.party("黑龙江某酒业股份有限公司", privateEnterprise: false),
        ])
        s.add("2025-04-23 10:00", "EvidenceRecorded", c, by: "amr-inv2", [
            "evidence": "E1", "description": "扣押白酒 96 瓶及进货单据", "sha256": .string(Words.fileHash("\(c)/E1")),
        ])
        s.add("2025-05-12 10:00", "PenaltyDecided", c, by: "amr-head", [
            "decisionNo": "富市监罚〔2025〕88号", "fineFen": 1_500_000, "illegalGainsFen": 96_000, "businessVolumeFen": 480_000,
        ])
        s.add("2025-05-13 10:00", "CaseClosed", c, by: "amr-inv2", ["outcome": "penalized", "summary": "罚款 1.5 万元，没收侵权白酒"])
        s.add("2025-05-20 09:00", "JointActionConcluded", a, by: "amr-inv1", ["summary": "检查经营户 236 家，立案 4 件，移送公安 1 件"])
        return s
    }

    static var meetings: Story {
        var s = Story()
        s.add("2025-06-26 09:30", "MeetingHeld", "meeting/FLE-2025-EX01", by: "amr-inv1", [
            "kind": "exchange", "title": "知识产权执法业务交流会", "agencies": ["fle-amr", "fle-psb", "fle-proc", "fle-court", "fle-justice"],
            "topics": ["汽配领域商标侵权趋势", "库存货值计入非法经营数额的认定"], "cases": ["case/FLE-2025-0031"],
            "conclusions": "统一库存货值认定口径，重大案件提前会商", "minutesSha256": .string(Words.fileHash("FLE-2025-EX01 纪要")),
        ])
        s.add("2025-11-18 14:00", "MeetingHeld", "meeting/FLE-2025-LI02", by: "psb-inv1", [
            "kind": "liaison", "title": "知识产权保护协作联络员会议", "agencies": ["fle-amr", "fle-psb", "fle-proc", "fle-court", "fle-justice"],
            "topics": ["两法衔接信息共享平台报送情况"], "conclusions": "每月通报移送、受理、立案情况",
        ])
        s.add("2026-04-21 09:00", "MeetingHeld", "meeting/QQH-2026-TR01", by: "qcourt-judge", [
            "kind": "training", "title": "民营企业知识产权保护培训", "agencies": ["qqh-court", "qqh-center", "fle-amr"],
            "topics": ["商业秘密保护", "诉调对接与司法确认"], "conclusions": "面向 62 家民营企业开展培训",
        ])
        return s
    }

    static var services: Story {
        var s = Story()
        let items: [(String, String, String, Bool, String)] = [
            ("2025-03-18", "policyConsultation", "齐齐哈尔某精密机械有限公司", true, "解答知识产权质押融资政策"),
            ("2025-05-09", "ipSearch", "富拉尔基区某重型装备配套企业", true, "检索焊接工装相关专利，出具分析报告"),
            ("2025-08-14", "tradeSecretGuidance", "齐齐哈尔某精密机械有限公司", true, "指导企业建立商业秘密分级保护制度"),
            ("2025-10-22", "litigationGuidance", "齐齐哈尔某玩具制造有限公司", true, "专利侵权纠纷诉讼指导"),
            ("2025-12-03", "postJudgmentQA", "富拉尔基区某五金经销部", true, "判后答疑：赔偿数额的确定依据"),
            ("2026-02-26", "protectionOpinion", "齐齐哈尔某乳品有限公司", true, "商标布局与维权保护意见"),
            ("2026-04-24", "protectionTips", "全市民营企业", true, "4·26 知识产权维权方法提示"),
            ("2026-06-11", "training", "富拉尔基区个体工商户", false, "假冒商品识别培训"),
        ]
        for (i, item) in items.enumerated() {
            s.add("\(item.0) 10:00", "ServiceProvided", "service/QQH-\(item.0.prefix(4))-S\(i + 1)", by: "center-clerk", [
                "kind": .string(item.1), "recipient": Story.party(item.2, privateEnterprise: item.3), "summary": .string(item.4),
            ])
        }
        return s
    }

    static var typicalCases: Story {
        var s = Story()
        s.add("2025-04-26 09:00", "TypicalCasePublished", "publication/FLE-2025-426", by: "amr-head", [
            "cases": ["case/FLE-2025-0031"], "title": "2025年富拉尔基区知识产权保护典型案例",
            "summary": "销售假冒注册商标的刹车片案：行政执法与刑事司法衔接", "channel": "富拉尔基区市场监督管理局微信公众号", "occasion": "4·26",
        ])
        s.add("2026-04-26 09:00", "TypicalCasePublished", "publication/QQH-2026-426", by: "qcourt-head", [
            "cases": ["case/FLE-2025-0058", "case/FLE-2025-0012"], "title": "2026年齐齐哈尔市民营经济知识产权司法保护典型案例",
            "summary": "涉民营企业专利案件适用少捕慎诉慎押；以罚代刑问题的监督", "channel": "齐齐哈尔市中级人民法院网站", "occasion": "4·26",
        ])
        return s
    }
}
