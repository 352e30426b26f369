import LedgerCore

/// The demo's featured enforcement stories: what the two 2022 documents set up, each
/// mechanism at least once, with a few deadlines missed so the alerts have something to show.
enum EnforcementStories {
    static var all: [Story] { [disputedTransfer, penaltyInsteadOfTransfer, privateEnterpriseCase, repeatOffender, overdueAtYearEnd] }

    /// 两法衔接 with everything that can go wrong and be put right: a case-analysis meeting,
    /// notarised evidence, a transfer declined and reconsidered, a transfer dispute settled
    /// with the procuratorate's and the court's opinions, and filing supervision.
    static var disputedTransfer: Story {
        var s = Story()
        let r = "report/R-2025-0031", c = "case/FLE-2025-0031", sv = "supervision/FLJ-2025-003"
        let respondent = Story.party("富拉尔基区某汽配城商户（王某）", privateEnterprise: true, creditCode: "92230206MA1C8K2X7Q")
        s.add("2025-03-03 09:12", "ReportReceived", r, by: "amr-clerk", [
            "channel": "hotline", "externalNo": "12315-2025-003118",
            "reporter": Story.reporter("某汽车零部件有限公司", "rightsHolder"), "respondent": respondent,
            "ipType": "trademark", "sector": "autoParts", "summary": "权利人举报汽配城商户大量销售假冒其注册商标的刹车片",
        ])
        s.add("2025-03-03 09:40", "ReportShared", r, by: "amr-clerk", ["agencies": ["fle-psb", "fle-proc"], "note": "涉案数量较大，共享线索"])
        s.add("2025-03-04 10:00", "ReportAccepted", r, by: "amr-clerk", ["note": "符合受理条件"])
        s.add("2025-03-05 10:00", "CaseOpened", c, by: "amr-inv1", [
            "report": .string(r), "caseNo": "富市监立〔2025〕31号", "ipType": "trademark", "sector": "autoParts",
            "summary": "销售假冒注册商标的刹车片", "respondent": respondent,
            "rightsHolder": Story.party("某汽车零部件有限公司", privateEnterprise: false),
        ])
        s.add("2025-03-05 10:30", "ReportClosed", r, by: "amr-clerk", ["outcome": "caseOpened", "case": .string(c)])
        let e1 = Words.fileHash("\(c)/E1 现场检查视频")
        s.add("2025-03-06 15:20", "EvidenceRecorded", c, by: "amr-inv2", [
            "evidence": "E1", "description": "现场检查视频及扣押清单（刹车片 1,280 套）", "fileName": "FLE-2025-0031-E1.mp4", "sha256": .string(e1),
        ])
        s.add("2025-03-07 11:00", "EvidenceNotarized", c, by: "notary1", [
            "evidence": "E1", "notaryOffice": "齐齐哈尔市鹤城公证处", "certificateNo": "(2025)黑齐鹤证字第0412号", "sha256": .string(e1),
        ])
        s.add("2025-03-10 09:00", "ConsultationRequested", c, by: "amr-inv1", [
            "topic": "库存货值是否计入非法经营数额、是否达到刑事立案追诉标准", "agencies": ["fle-psb", "fle-proc"],
        ])
        s.add("2025-03-12 14:30", "ConsultationHeld", c, by: "amr-inv1", [
            "agencies": ["fle-amr", "fle-psb", "fle-proc"], "conclusion": "涉嫌假冒注册商标罪，建议移送公安机关",
            "minutesSha256": .string(Words.fileHash("\(c) 案情分析会纪要")),
        ])
        s.add("2025-03-13 10:00", "TransferReportSubmitted", c, by: "amr-inv1", [
            "team": ["amr-inv1", "amr-inv2"], "suspectedOffence": "213", "grounds": "非法经营数额 8.6 万元，超过五万元",
            "businessVolumeFen": 8_600_000, "illegalGainsFen": 2_100_000,
        ])
        s.add("2025-03-14 09:00", "TransferApproved", c, by: "amr-head", ["note": "同意移送"])
        s.add("2025-03-14 15:00", "CaseTransferred", c, by: "amr-inv1", [
            "to": "fle-psb", "letterNo": "富市监移〔2025〕4号",
            "documents": ["transferLetter", "investigationReport", "evidenceList", "inspectionReport"],
        ])
        s.add("2025-03-17 10:00", "TransferReceived", c, by: "psb-inv1", ["receiptNo": "富公回〔2025〕9号"])
        s.add("2025-03-19 16:00", "FilingDeclined", c, by: "psb-head", ["reason": "库存未销售部分不应计入，现有证据不足以证明达到追诉标准"])
        s.add("2025-03-20 09:30", "ReconsiderationRequested", c, by: "amr-inv1", ["grounds": "库存货值依法应计入非法经营数额"])
        s.add("2025-03-24 16:00", "ReconsiderationDecided", c, by: "psb-head", ["outcome": "upheld", "reason": "维持不予立案决定"])
        s.add("2025-03-25 09:00", "FilingSupervisionSuggested", c, by: "amr-inv1", ["procuratorate": "fle-proc", "grounds": "公安机关应当立案而不立案"])
        s.add("2025-03-25 10:00", "TransferDisputeRaised", c, by: "amr-head", ["question": "未销售的库存货值是否计入非法经营数额"])
        s.add("2025-03-25 10:30", "OpinionRequested", c, by: "amr-head", ["from": "fle-proc", "question": "库存货值是否计入非法经营数额"])
        s.add("2025-03-25 11:00", "OpinionRequested", c, by: "psb-head", ["from": "fle-court", "question": "库存货值是否计入非法经营数额"])
        s.add("2025-03-26 09:00", "SupervisionOpened", sv, by: "proc-pros1", [
            "case": .string(c), "kind": "filing", "source": "suggestion", "grounds": "市场监管部门建议立案监督",
        ])
        s.add("2025-03-26 10:00", "ExplanationRequested", sv, by: "proc-pros1", ["police": "fle-psb", "question": "说明不立案理由"])
        s.add("2025-03-27 15:00", "OpinionGiven", c, by: "proc-pros1", [
            "opinion": "依照法释〔2004〕19号，尚未销售的侵权产品货值应计入非法经营数额", "recommendation": "transfer",
        ])
        s.add("2025-03-28 10:00", "OpinionGiven", c, by: "court-judge1", ["opinion": "同意检察院意见", "recommendation": "transfer"])
        s.add("2025-04-01 09:00", "ExplanationGiven", sv, by: "psb-head", ["reason": "库存是否计入存在认识分歧"])
        s.add("2025-04-03 09:00", "FilingOrdered", sv, by: "proc-pros1", ["police": "fle-psb", "reason": "不立案理由不能成立，通知立案"])
        s.add("2025-04-11 09:00", "CriminalCaseFiled", c, by: "psb-head", ["filingNo": "富公立〔2025〕18号", "supervision": .string(sv)])
        s.add("2025-04-11 10:00", "TransferDisputeResolved", c, by: "amr-head", ["outcome": "transfer", "basis": "检察院、法院意见及立案通知"])
        s.add("2025-04-14 09:00", "MaterialsHandedOver", c, by: "amr-inv1", ["items": ["涉案刹车片 1,280 套", "案卷材料"]])
        s.add("2025-04-16 09:00", "ImpactAssessed", c, by: "proc-pros1", [
            "assessment": "商户雇员 3 人，主营合法配件，查封全部库存将致停业", "measures": ["合法库存分批解封"], "lenientMeasures": ["取保候审"],
        ])
        s.add("2025-04-21 09:00", "SupervisionConcluded", sv, by: "proc-pros1", ["outcome": "filed", "findings": "公安机关已依通知立案"])
        s.add("2025-04-25 09:00", "CaseClosed", c, by: "psb-head", ["outcome": "criminalFiled", "summary": "已立案侦查"])
        return s
    }

    /// 以罚代刑: a penalty whose amounts reach the criminal threshold, and no transfer.
    static var penaltyInsteadOfTransfer: Story {
        var s = Story()
        let c = "case/FLE-2025-0012"
        s.add("2025-01-06 09:00", "CaseOpened", c, by: "amr-inv2", [
            "caseNo": "富市监立〔2025〕12号", "ipType": "trademark", "sector": "appliances", "summary": "销售假冒注册商标的电热水壶",
            "respondent": Story.party("富拉尔基区某五金经销部", privateEnterprise: true, creditCode: "92230206MA1B2C3D4E"),
            "rightsHolder": Story.party("某电器股份有限公司", privateEnterprise: false),
        ])
        s.add("2025-01-07 10:00", "EvidenceRecorded", c, by: "amr-inv2", [
            "evidence": "E1", "description": "扣押电热水壶 540 台及销售台账", "sha256": .string(Words.fileHash("\(c)/E1")),
        ])
        s.add("2025-02-24 10:00", "PenaltyDecided", c, by: "amr-head", [
            "decisionNo": "富市监罚〔2025〕7号", "fineFen": 13_600_000, "illegalGainsFen": 1_900_000, "businessVolumeFen": 6_800_000,
        ])
        s.add("2025-02-28 10:00", "CaseClosed", c, by: "amr-inv2", ["outcome": "penalized", "summary": "罚款 13.6 万元，没收侵权商品"])
        return s
    }

    /// A private enterprise's case: the economic-impact assessment and the lenient policy (少捕慎诉慎押).
    static var privateEnterpriseCase: Story {
        var s = Story()
        let r = "report/R-2025-0058", c = "case/FLE-2025-0058"
        let respondent = Story.party("齐齐哈尔某玩具制造有限公司", privateEnterprise: true, creditCode: "91230200MA19XY5K2P")
        s.add("2025-06-03 14:00", "ReportReceived", r, by: "amr-clerk", [
            "channel": "online", "reporter": Story.reporter("某玩具实业有限公司", "rightsHolder"), "respondent": respondent,
            "ipType": "patent", "sector": "childrenProducts", "summary": "举报某玩具制造公司生产的积木玩具假冒其外观设计专利",
        ])
        s.add("2025-06-05 09:00", "ReportAccepted", r, by: "amr-clerk", [:])
        s.add("2025-06-06 09:00", "CaseOpened", c, by: "amr-inv1", [
            "report": .string(r), "caseNo": "富市监立〔2025〕58号", "ipType": "patent", "sector": "childrenProducts",
            "summary": "假冒他人专利的积木玩具", "respondent": respondent, "rightsHolder": Story.party("某玩具实业有限公司", privateEnterprise: true),
        ])
        s.add("2025-06-06 09:30", "ReportClosed", r, by: "amr-clerk", ["outcome": "caseOpened", "case": .string(c)])
        s.add("2025-06-09 10:00", "EvidenceRecorded", c, by: "amr-inv1", [
            "evidence": "E1", "description": "产品包装标注的专利号及检验报告", "sha256": .string(Words.fileHash("\(c)/E1")),
        ])
        s.add("2025-06-10 09:00", "CaseNotified", c, by: "amr-inv1", ["agencies": ["fle-psb", "fle-proc", "qqh-center"], "note": "涉民营企业专利案件，通报案情"])
        s.add("2025-06-20 10:00", "TransferReportSubmitted", c, by: "amr-inv1", [
            "team": ["amr-inv1", "amr-inv2"], "suspectedOffence": "216", "grounds": "非法经营数额 26 万元，超过二十万元",
            "businessVolumeFen": 26_000_000, "illegalGainsFen": 6_200_000,
        ])
        s.add("2025-06-23 09:00", "TransferApproved", c, by: "amr-head", [:])
        s.add("2025-06-23 14:00", "CaseTransferred", c, by: "amr-inv1", [
            "to": "fle-psb", "documents": ["transferLetter", "investigationReport", "evidenceList", "inspectionReport"],
        ])
        s.add("2025-06-24 09:00", "TransferReceived", c, by: "psb-inv1", ["receiptNo": "富公回〔2025〕21号"])
        s.add("2025-06-25 09:00", "MaterialsRequested", c, by: "psb-inv1", ["missing": ["专利权评价报告"]])
        s.add("2025-06-26 16:00", "MaterialsSupplied", c, by: "amr-inv1", ["documents": ["专利权评价报告"]])
        s.add("2025-06-27 10:00", "CriminalCaseFiled", c, by: "psb-head", ["filingNo": "富公立〔2025〕33号"])
        s.add("2025-06-30 09:00", "MaterialsHandedOver", c, by: "amr-inv1", ["items": ["涉案积木玩具 2,400 盒", "案卷材料"]])
        s.add("2025-07-08 09:00", "ImpactAssessed", c, by: "psb-head", [
            "assessment": "企业员工 46 人，系本地纳税大户；全面查封将致停产及订单违约",
            "measures": ["仅扣押侵权批次", "允许合法产品继续生产"], "lenientMeasures": ["取保候审", "不查封生产设备"],
        ])
        s.add("2025-07-15 10:00", "CaseClosed", c, by: "psb-head", ["outcome": "criminalFiled", "summary": "立案侦查，依法适用少捕慎诉慎押"])
        return s
    }

    /// The same respondent penalised twice within two years for the same kind of act.
    static var repeatOffender: Story {
        var s = Story()
        let shop = Story.party("富拉尔基区某农资经销店", privateEnterprise: true, creditCode: "92230206MA1D4F6H8J")
        for (n, year, opened, penalty, product) in [(44, 2025, "2025-04-08", "2025-05-20", "复合肥"), (61, 2026, "2026-05-11", "2026-06-22", "玉米种子")] {
            let c = "case/FLE-\(year)-00\(n)"
            s.add("\(opened) 09:00", "CaseOpened", c, by: "amr-inv2", [
                "caseNo": .string("富市监立〔\(year)〕\(n)号"), "ipType": "trademark", "sector": "agriInputs",
                "summary": .string("销售假冒注册商标的\(product)"), "respondent": shop,
                "rightsHolder": Story.party(year == 2025 ? "某化肥股份有限公司" : "某种业科技有限公司", privateEnterprise: false),
            ])
            s.add("\(penalty) 10:00", "PenaltyDecided", c, by: "amr-head", [
                "decisionNo": .string("富市监罚〔\(year)〕\(n)号"), "fineFen": 3_000_000, "illegalGainsFen": 420_000, "businessVolumeFen": 1_500_000,
            ])
            s.add("\(penalty) 16:00", "CaseClosed", c, by: "amr-inv2", ["outcome": "penalized", "summary": "罚款并没收侵权商品"])
        }
        return s
    }

    /// Deadlines still open at the end of the demo's two years, so the alerts show them.
    static var overdueAtYearEnd: Story {
        var s = Story()
        let c = "case/FLE-2026-0090", late = "case/FLE-2026-0077", r = "report/R-2026-0101"
        s.add("2026-07-06 09:00", "CaseOpened", late, by: "amr-inv1", [
            "caseNo": "富市监立〔2026〕77号", "ipType": "trademark", "sector": "buildingMaterials", "summary": "销售假冒注册商标的电线电缆",
            "respondent": Story.party("富拉尔基区某建材商店", privateEnterprise: true),
            "rightsHolder": Story.party("某电缆集团有限公司", privateEnterprise: false),
        ])
        s.add("2026-09-14 09:00", "CaseOpened", c, by: "amr-inv1", [
            "caseNo": "富市监立〔2026〕90号", "ipType": "trademark", "sector": "foodDrug", "summary": "销售假冒注册商标的白酒",
            "respondent": Story.party("富拉尔基区某烟酒商行", privateEnterprise: true),
            "rightsHolder": Story.party("黑龙江某酒业股份有限公司", privateEnterprise: false),
        ])
        s.add("2026-10-12 10:00", "TransferReportSubmitted", c, by: "amr-inv1", [
            "team": ["amr-inv1", "amr-inv2"], "suspectedOffence": "213", "grounds": "非法经营数额 12 万元",
            "businessVolumeFen": 12_000_000, "illegalGainsFen": 3_300_000,
        ])
        // The head decides after five days: late, and recorded all the same.
        s.add("2026-10-19 09:00", "TransferApproved", c, by: "amr-head", ["note": "同意移送"])
        s.add("2026-10-19 15:00", "CaseTransferred", c, by: "amr-inv1", [
            "to": "fle-psb", "documents": ["transferLetter", "investigationReport", "evidenceList"],
        ])
        s.add("2026-10-20 09:00", "TransferReceived", c, by: "psb-inv1", ["receiptNo": "富公回〔2026〕40号"])
        s.add("2026-10-26 09:30", "ReportReceived", r, by: "amr-clerk", [
            "channel": "visit", "reporter": Story.reporter("匿名", "anonymous"),
            "respondent": Story.party("富拉尔基区某商贸有限公司", privateEnterprise: true),
            "ipType": "trademark", "sector": "childrenProducts", "summary": "群众来访反映某商贸公司销售假冒品牌童装",
        ])
        return s
    }
}
