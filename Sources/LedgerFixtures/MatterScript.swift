import LedgerCore

/// The acts of one matter, chosen at random along the paths DOMAIN.md describes: a report
/// that goes nowhere, a penalty, a transfer that is filed, declined and reconsidered,
/// disputed, supervised, forwarded, refused; each act by an officer allowed to record it,
/// mostly within its statutory period.
struct MatterScript {
    let generator: LogGenerator
    var random: SplitMix64
    var steps: [LogGenerator.Step] = []

    let district: FixtureRegistry.District
    let number: Int
    let ipType: String
    let sector: String
    let respondent: JSONValue
    let privateEnterprise: Bool

    static let hour: Int64 = 3_600
    static let day: Int64 = 86_400

    init(generator: LogGenerator, random: SplitMix64) {
        self.generator = generator
        var random = random
        district = random.weighted(generator.registry.districts.enumerated().map { ($0.element, [5, 2, 2, 3][$0.offset]) })
        number = generator.nextSerial()
        ipType = random.weighted([("trademark", 60), ("patent", 15), ("copyright", 10), ("tradeSecret", 5),
                                  ("geographicalIndication", 5), ("other", 5)])
        sector = random.pick(["foodDrug", "agriInputs", "childrenProducts", "appliances", "autoParts", "buildingMaterials", "other"])
        // A pool of respondents a quarter the size of the matters, so some offend again.
        let pool = max(40, generator.options.events / 120)
        let who = random.int(1...pool)
        privateEnterprise = who % 10 < 7
        respondent = ["name": .string("齐齐哈尔市某\(["五金", "商贸", "食品", "农资", "汽配", "建材", "电器", "玩具"][who % 8])经营部\(who)号"),
                      "privateEnterprise": .bool(privateEnterprise), "creditCode": .string(String(format: "92230200MA%08d", who))]
        self.random = random
    }

    // MARK: Building blocks

    mutating func add(_ stream: String, _ type: String, _ actor: Actor, _ payload: [String: JSONValue], after delay: Int64) {
        let lag: Int64
        switch random.int(0...99) {
        case 0..<85: lag = Int64(random.int(60...1_800))
        case 85..<97: lag = Int64(random.int(3_600...28_800))
        default: lag = Int64(random.int(86_400...432_000))
        }
        steps.append(LogGenerator.Step(stream: stream, type: type, actor: actor, payload: payload, delay: delay, lag: lag))
    }

    /// A delay within a period of `limit` seconds, or (one time in ten) past it.
    mutating func within(_ limit: Int64, minimum: Int64 = 3_600) -> Int64 {
        if random.chance(0.1) { return limit + Int64(random.int(Int(2 * MatterScript.day)...Int(6 * MatterScript.day))) }
        return Int64(random.int(Int(minimum)...Int(max(minimum, limit * 2 / 3))))
    }

    mutating func hours(_ range: ClosedRange<Int>) -> Int64 { Int64(random.int(range)) * MatterScript.hour }
    mutating func days(_ range: ClosedRange<Int>) -> Int64 { Int64(random.int(range)) * MatterScript.day }

    var amr: FixtureRegistry.Agency { district.amr }
    var police: FixtureRegistry.Agency { district.police }
    var procuratorate: FixtureRegistry.Agency { district.procuratorate }

    mutating func investigator() -> Actor { amr.officer("inv\(random.int(1...4))") }
    mutating func clerk() -> Actor { amr.officer("clerk\(random.int(1...2))") }
    mutating func policeOfficer(_ agency: FixtureRegistry.Agency? = nil) -> Actor { (agency ?? police).officer("off\(random.int(1...2))") }

    var offence: String {
        switch ipType {
        case "patent": return "216"
        case "copyright": return "217"
        case "tradeSecret": return "219"
        default: return "213"
        }
    }

    // MARK: Matters

    mutating func build() {
        switch random.weighted([("report", 22), ("penalty", 30), ("filed", 22), ("supervised", 6), ("disputed", 5), ("refused", 4),
                                ("police", 3), ("forwarded", 3), ("shouldTransfer", 5), ("mediation", 9), ("action", 1),
                                ("meeting", 1), ("service", 3), ("publication", 1)]) {
        case "mediation": mediation()
        case "action": jointAction()
        case "meeting": meeting()
        case "service": service()
        case "publication": publication()
        case "report": reportOnly()
        case "penalty": penaltyCase(aboveThreshold: false)
        case "shouldTransfer": penaltyCase(aboveThreshold: true)
        case "filed": transferCase(.filed)
        case "supervised": transferCase(.supervised)
        case "disputed": transferCase(.disputed)
        case "refused": refusedTransfer()
        case "forwarded": transferCase(.forwarded)
        default: policeCase()
        }
    }

    /// Opens a report and decides it; returns its stream.
    @discardableResult
    mutating func report(accepted: Bool) -> String {
        let stream = "report/R-\(number)"
        let receiver = clerk()
        add(stream, "ReportReceived", receiver, [
            "channel": .string(random.pick(["hotline", "online", "visit", "letter", "referral"])),
            "reporter": ["name": .string("举报人\(number)"),
                         "kind": .string(random.pick(["rightsHolder", "enterprise", "public", "anonymous"])),
                         "privateEnterprise": .bool(random.chance(0.3))],
            "respondent": respondent, "ipType": .string(ipType), "sector": .string(sector),
            "summary": "举报销售侵权商品", "externalNo": .string("12315-\(number)"),
        ], after: 0)
        if random.chance(0.2) {
            add(stream, "ReportShared", receiver, ["agencies": [.string(police.id)], "note": "涉嫌犯罪，请关注"], after: hours(1...6))
        }
        let decision = random.chance(0.1) ? days(12...16) : hours(4...120)
        add(stream, accepted ? "ReportAccepted" : "ReportDeclined", receiver,
            accepted ? ["note": "符合受理条件"] : ["reason": "不属于本部门管辖"], after: decision)
        return stream
    }

    mutating func reportOnly() {
        let accepted = random.chance(0.6)
        let stream = report(accepted: accepted)
        let outcome = accepted ? "noViolation" : random.pick(["referred", "withdrawn", "noViolation"])
        add(stream, "ReportClosed", clerk(), ["outcome": .string(outcome), "reason": "经核查未发现违法行为"], after: days(1...20))
    }

    /// Opens a case (from a report, mostly) with its evidence; returns its stream.
    mutating func openCase(by opener: Actor? = nil, fromReport: Bool = true, action: String? = nil, suffix: String = "") -> String {
        let stream = "case/C-\(number)\(suffix)"
        var report: String?
        if fromReport, opener == nil, action == nil, random.chance(0.7) { report = self.report(accepted: true) }
        let actor = opener ?? investigator()
        var payload: [String: JSONValue] = [
            "ipType": .string(ipType), "sector": .string(sector), "summary": "涉嫌侵犯知识产权",
            "respondent": respondent, "rightsHolder": ["name": "某知名品牌有限公司", "privateEnterprise": false],
            "caseNo": .string("立〔2024〕\(number)号"),
        ]
        if let report { payload["report"] = .string(report) }
        if let action { payload["action"] = .string(action) }
        add(stream, "CaseOpened", actor, payload, after: report == nil && action == nil ? 0 : hours(2...48))
        if let report {
            add(report, "ReportClosed", clerk(), ["outcome": "caseOpened", "case": .string(stream)], after: hours(1...8))
        }
        let investigatorOfCase = opener ?? investigator()
        for e in 1...random.int(1...3) {
            let sha = String(repeating: String(format: "%02x", (number + e) % 256), count: 32)
            add(stream, "EvidenceRecorded", investigatorOfCase, [
                "evidence": .string("E\(e)"), "description": "现场检查照片", "sha256": .string(sha), "fileName": .string("photos-\(e).zip"),
            ], after: hours(2...72))
            if e == 1, random.chance(0.2) {
                add(stream, "EvidenceNotarized", generator.registry.notary.officer("notary1"), [
                    "evidence": "E1", "notaryOffice": "齐齐哈尔市公证处", "certificateNo": .string("(2024)黑齐证字第\(number)号"),
                    "sha256": .string(sha),
                ], after: hours(4...48))
            }
        }
        if opener == nil {
            if random.chance(0.2) {
                add(stream, "CaseNotified", investigatorOfCase, ["agencies": [.string(police.id), .string(procuratorate.id)],
                                                                 "note": "通报案情"], after: hours(2...48))
            }
            if random.chance(0.1) {
                add(stream, "ConsultationRequested", investigatorOfCase, ["topic": "是否达到刑事立案标准",
                                                                          "agencies": [.string(police.id), .string(procuratorate.id)]],
                    after: hours(2...48))
                add(stream, "ConsultationHeld", investigatorOfCase, [
                    "agencies": [.string(amr.id), .string(police.id), .string(procuratorate.id)], "conclusion": "建议继续调查",
                ], after: days(1...5))
            }
        }
        return stream
    }

    mutating func penalty(_ stream: String, aboveThreshold: Bool) {
        let volume = aboveThreshold ? random.int(6_000_000...30_000_000) : random.int(50_000...4_000_000)
        let gains = aboveThreshold ? random.int(3_500_000...9_000_000) : random.int(10_000...volume / 2)
        let delay = random.chance(0.1) ? days(95...130) : days(10...60)
        add(stream, "PenaltyDecided", amr.head, [
            "decisionNo": .string("罚〔2024〕\(number)号"), "fineFen": .number(Double(random.int(100_000...5_000_000))),
            "illegalGainsFen": .number(Double(gains)), "businessVolumeFen": .number(Double(volume)),
        ], after: delay)
    }

    mutating func penaltyCase(aboveThreshold: Bool) {
        let stream = openCase()
        penalty(stream, aboveThreshold: aboveThreshold)
        add(stream, "CaseClosed", clerk(), ["outcome": "penalized", "summary": "已作出行政处罚"], after: days(1...10))
    }

    mutating func policeCase() {
        let stream = openCase(by: policeOfficer(), fromReport: false)
        add(stream, "CaseClosed", police.head, ["outcome": .string(random.pick(["other", "withdrawn", "noViolation"])),
                                                "summary": "侦查终结"], after: days(10...60))
    }

    mutating func refusedTransfer() {
        let stream = openCase()
        submitTransferReport(stream)
        add(stream, "TransferRefused", amr.head, ["reason": "证据不足，继续调查"], after: within(3 * MatterScript.day))
        penalty(stream, aboveThreshold: false)
        add(stream, "CaseClosed", clerk(), ["outcome": "penalized", "summary": "已作出行政处罚"], after: days(1...10))
    }

    mutating func submitTransferReport(_ stream: String) {
        let first = random.int(1...4)
        let second = first % 4 + 1
        add(stream, "TransferReportSubmitted", amr.officer("inv\(first)"), [
            "team": [.string("\(amr.id)-inv\(first)"), .string("\(amr.id)-inv\(second)")], "suspectedOffence": .string(offence),
            "grounds": "非法经营数额超过五万元", "illegalGainsFen": .number(Double(random.int(3_000_000...9_000_000))),
            "businessVolumeFen": .number(Double(random.int(5_000_000...30_000_000))),
        ], after: days(3...30))
    }

    enum TransferEnd { case filed, supervised, disputed, forwarded }

    mutating func transferCase(_ end: TransferEnd) {
        let stream = openCase()
        submitTransferReport(stream)
        add(stream, "TransferApproved", amr.head, ["note": "同意移送"], after: within(3 * MatterScript.day))
        var documents: [JSONValue] = ["transferLetter", "investigationReport", "evidenceList"]
        if random.chance(0.9) { documents.append("inspectionReport") }
        add(stream, "CaseTransferred", clerk(), ["to": .string(police.id), "documents": .array(documents),
                                                 "letterNo": .string("移〔2024〕\(number)号")],
            after: within(24 * MatterScript.hour, minimum: 1_800))
        add(stream, "TransferReceived", policeOfficer(), ["receiptNo": .string("回〔2024〕\(number)号")], after: hours(1...30))
        var holder = police
        if end == .forwarded {
            let others = generator.registry.districts.map(\.police).filter { $0.id != police.id }
            holder = random.pick(others)
            add(stream, "TransferForwarded", policeOfficer(), ["to": .string(holder.id), "reason": "犯罪地不在本辖区"],
                after: within(24 * MatterScript.hour, minimum: 1_800))
            add(stream, "TransferReceived", policeOfficer(holder), ["receiptNo": .string("转回〔2024〕\(number)号")], after: hours(2...30))
        } else if random.chance(0.2) {
            add(stream, "MaterialsRequested", policeOfficer(), ["missing": ["鉴定意见"]], after: within(24 * MatterScript.hour, minimum: 1_800))
            add(stream, "MaterialsSupplied", clerk(), ["documents": ["鉴定意见书"]], after: within(3 * MatterScript.day))
        }
        switch end {
        case .filed, .forwarded:
            file(stream, by: holder)
        case .supervised:
            declineAndSupervise(stream)
        case .disputed:
            declineAndDispute(stream)
        }
    }

    mutating func file(_ stream: String, by holder: FixtureRegistry.Agency, payload: [String: JSONValue] = [:], after delay: Int64? = nil) {
        var filing: [String: JSONValue] = ["filingNo": .string("公立〔2024〕\(number)号")]
        for (k, v) in payload { filing[k] = v }
        add(stream, "CriminalCaseFiled", holder.head, filing, after: delay ?? within(3 * MatterScript.day))
        add(stream, "MaterialsHandedOver", clerk(), ["items": ["涉案物品", "案卷材料"]], after: within(3 * MatterScript.day))
        if privateEnterprise, random.chance(0.3) {
            add(stream, "ImpactAssessed", procuratorate.officer("pros1"), [
                "assessment": "企业员工较多，查封将致停产", "measures": ["分批解封合法库存"], "lenientMeasures": ["取保候审"],
            ], after: days(2...20))
        }
        if random.chance(0.15) {
            let supervision = "supervision/S-\(number)-c"
            add(supervision, "SupervisionOpened", procuratorate.officer("pros2"), [
                "case": .string(stream), "kind": "criminal", "source": "ownMotion", "grounds": "审查侦查活动",
            ], after: days(1...10))
            add(supervision, "CorrectionIssued", procuratorate.officer("pros2"), ["agency": .string(holder.id), "reason": "超期未作出立案决定"],
                after: days(1...10))
            add(supervision, "SupervisionConcluded", procuratorate.officer("pros2"), ["outcome": "corrected", "findings": "已纠正"],
                after: days(5...30))
        }
        add(stream, "CaseClosed", holder.head, ["outcome": "criminalFiled", "summary": "已移送公安机关立案侦查"], after: days(5...60))
    }

    mutating func declineAndSupervise(_ stream: String) {
        add(stream, "FilingDeclined", police.head, ["reason": "现有证据不足以证明达到追诉标准"], after: within(3 * MatterScript.day))
        add(stream, "ReconsiderationRequested", clerk(), ["grounds": "经营数额已超过五万元"], after: within(3 * MatterScript.day))
        if random.chance(0.3) {
            add(stream, "ReconsiderationDecided", police.head, ["outcome": "filed", "reason": "撤销不予立案决定"],
                after: within(3 * MatterScript.day))
            file(stream, by: police, after: hours(1...24))
            return
        }
        add(stream, "ReconsiderationDecided", police.head, ["outcome": "upheld", "reason": "维持不予立案决定"],
            after: within(3 * MatterScript.day))
        add(stream, "FilingSupervisionSuggested", clerk(), ["procuratorate": .string(procuratorate.id),
                                                            "grounds": "公安机关应当立案而不立案"], after: within(3 * MatterScript.day))
        let supervision = "supervision/S-\(number)"
        let prosecutor = procuratorate.officer("pros1")
        add(supervision, "SupervisionOpened", prosecutor, [
            "case": .string(stream), "kind": "filing", "source": "suggestion", "grounds": "行政执法机关建议立案监督",
        ], after: days(1...5))
        add(supervision, "ExplanationRequested", prosecutor, ["police": .string(police.id), "question": "说明不立案理由"], after: hours(2...48))
        add(supervision, "ExplanationGiven", police.head, ["reason": "证据不足"], after: within(7 * MatterScript.day))
        add(supervision, "FilingOrdered", prosecutor, ["police": .string(police.id), "reason": "不立案理由不能成立"], after: days(1...5))
        add(stream, "CriminalCaseFiled", police.head, ["filingNo": .string("公立〔2024〕\(number)号"), "supervision": .string(supervision)],
            after: within(15 * MatterScript.day))
        add(supervision, "SupervisionConcluded", prosecutor, ["outcome": "filed", "findings": "公安机关已立案"], after: days(1...10))
        add(stream, "MaterialsHandedOver", clerk(), ["items": ["涉案物品", "案卷材料"]], after: within(3 * MatterScript.day))
        add(stream, "CaseClosed", police.head, ["outcome": "criminalFiled", "summary": "经立案监督后立案"], after: days(5...60))
    }

    mutating func declineAndDispute(_ stream: String) {
        add(stream, "FilingDeclined", police.head, ["reason": "对非法经营数额认定有异议"], after: within(3 * MatterScript.day))
        add(stream, "TransferDisputeRaised", amr.head, ["question": "未销售库存是否计入非法经营数额"], after: days(1...5))
        let toTransfer = random.chance(0.7)
        add(stream, "OpinionRequested", amr.head, ["from": .string(procuratorate.id), "question": "库存货值是否计入"], after: hours(1...24))
        add(stream, "OpinionGiven", procuratorate.officer("pros1"), [
            "opinion": toTransfer ? "应计入" : "不应计入", "recommendation": toTransfer ? "transfer" : "noTransfer",
        ], after: days(1...10))
        if random.chance(0.4) {
            add(stream, "OpinionRequested", police.head, ["from": .string(district.court.id), "question": "库存货值是否计入"], after: hours(1...24))
            add(stream, "OpinionGiven", district.court.officer("judge1"), ["opinion": "同意检察院意见",
                                                                            "recommendation": toTransfer ? "transfer" : "noTransfer"],
                after: days(1...10))
        }
        add(stream, "TransferDisputeResolved", amr.head, ["outcome": toTransfer ? "transfer" : "noTransfer", "basis": "依检察院意见"],
            after: days(1...5))
        if toTransfer {
            file(stream, by: police, after: hours(2...48))
        } else {
            add(stream, "CaseClosed", clerk(), ["outcome": "other", "summary": "争议解决，不移送"], after: days(1...10))
        }
    }
}
