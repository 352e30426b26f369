import LedgerCore

/// The part-2 matters: mediations and their judicial confirmation, joint enforcement
/// actions, meetings, services and typical-case publications.
///
/// Payload values that depend on the act's own time are written as placeholders the
/// generator fills in when it records the act: `"$AT"` (the act's `at`) and `"$DATE+N"`
/// (the date of the act plus N days).
extension MatterScript {
    var court: FixtureRegistry.Agency { district.court }
    var organization: FixtureRegistry.Agency { generator.registry.mediation }

    mutating func mediation() {
        let stream = "mediation/M-\(number)"
        let kind = random.weighted([("delegated", 45), ("entrusted", 30), ("invited", 10), ("applied", 15)])
        let plaintiff = "某知名品牌有限公司\(number % 50)号"
        let defendant = respondent["name"]?.stringValue ?? "被告"
        let parties: JSONValue = [
            ["name": .string(plaintiff), "privateEnterprise": false, "side": kind == "applied" ? "applicant" : "plaintiff"],
            ["name": .string(defendant), "privateEnterprise": .bool(privateEnterprise),
             "side": kind == "applied" ? "respondent" : "defendant"],
        ]
        let names: JSONValue = [.string(plaintiff), .string(defendant)]
        let claim: JSONValue = "停止侵权并赔偿经济损失"
        let clerk = court.officer("clerk1")
        switch kind {
        case "delegated":
            add(stream, "MediationDelegated", clerk, [
                "court": .string(court.id), "parties": parties, "ipType": .string(ipType), "claim": claim,
                "organization": .string(organization.id), "preFilingNo": .string("诉前调\(number)号"), "sector": .string(sector),
                "claimFen": .number(Double(random.int(100_000...10_000_000))),
            ], after: 0)
        case "entrusted":
            add(stream, "MediationEntrusted", clerk, [
                "court": .string(court.id), "courtCaseNo": .string("民初\(number)号"),
                "procedure": .string(random.chance(0.3) ? "summary" : "ordinary"), "parties": parties, "ipType": .string(ipType),
                "claim": claim, "organization": .string(organization.id),
            ], after: 0)
        case "invited":
            add(stream, "MediationInvited", clerk, ["court": .string(court.id), "courtCaseNo": .string("民初\(number)号"),
                                                    "parties": parties, "organization": .string(organization.id)], after: 0)
        default:
            add(stream, "MediationApplied", generator.registry.center.officer("clerk1"), [
                "parties": parties, "ipType": .string(ipType), "claim": claim, "organization": .string(organization.id),
                "sector": .string(sector),
            ], after: 0)
        }
        let mediator = organization.officer("mediator\(random.int(1...2))")
        add(stream, "MediatorAssigned", organization.head, ["mediator": .string(mediator.officer)], after: hours(2...72))
        let limitDays = kind == "delegated" ? 30 : kind == "entrusted" ? 7 : 30
        for _ in 0..<random.int(1...2) {
            add(stream, "MediationSessionHeld", mediator, ["mode": .string(random.pick(["online", "inPerson"])),
                                                            "participants": names, "note": "双方就赔偿数额协商"],
                after: days(1...max(1, limitDays / 4)))
        }
        if kind == "delegated" || kind == "entrusted", random.chance(0.15) {
            add(stream, "MediationExtended", mediator, ["days": .number(Double(random.int(5...15))), "consentOf": names,
                                                        "reason": "双方需核对销售账目"], after: hours(2...48))
        }
        guard random.chance(0.75) else {
            add(stream, "MediationFailed", mediator, ["reason": "双方对赔偿数额分歧较大"], after: days(1...max(1, limitDays / 2)))
            if kind == "delegated", random.chance(0.8) {
                add(stream, "CourtCaseRegistered", clerk, ["courtCaseNo": .string("民初\(number)号")], after: days(1...10))
            }
            return
        }
        let ownership = random.chance(0.03)
        add(stream, "MediationSettled", mediator, [
            "agreementNo": .string("调〔2024〕\(number)号"), "agreementSha256": .string(String(repeating: "cd", count: 32)),
            "terms": "被告停止侵权并赔偿", "amountFen": .number(Double(random.int(100_000...5_000_000))), "effectiveAt": "$AT",
            "confirmsOwnership": .bool(ownership),
        ], after: days(1...max(1, limitDays / 2)))
        guard random.chance(0.6) else { return }
        let applicant = kind == "applied" ? generator.registry.center.officer("clerk1") : clerk
        add(stream, "ConfirmationApplied", applicant, ["court": .string(court.id), "applicants": names],
            after: random.chance(0.1) ? days(31...40) : days(1...25))
        add(stream, "ConfirmationAccepted", clerk, ["caseNo": .string("民特\(number)号")], after: within(3 * MatterScript.day))
        if random.chance(0.1) {
            add(stream, "ConfirmationExtended", court.head, ["days": 10, "reason": "需通知双方到场核实"], after: days(5...12))
        }
        if ownership || random.chance(0.1) {
            add(stream, "ConfirmationDenied", court.officer("judge1"), [
                "reason": .string(ownership ? "ipOwnership" : "unclear"), "detail": "协议内容不明确", "rulingNo": .string("民特\(number)号"),
            ], after: days(2...14))
        } else {
            add(stream, "ConfirmationGranted", court.officer("judge1"), ["rulingNo": .string("民特\(number)号")], after: days(2...14))
        }
    }

    mutating func jointAction() {
        let stream = "action/A-\(number)"
        let lead = amr
        add(stream, "JointActionLaunched", lead.head, [
            "title": "知识产权保护联合执法专项行动", "sectors": [.string(sector)], "agencies": [.string(lead.id), .string(police.id)],
            "from": "$DATE+0", "to": "$DATE+60", "lead": .string(lead.id), "occasion": "4·26", "summary": "重点检查销售市场",
        ], after: 0)
        // A case opened in the action, naming it; and one opened without naming it, which the action then links.
        let first = openCase(action: stream)
        let second = openCase(fromReport: false, suffix: "-b")
        add(stream, "CaseLinked", lead.head, ["case": .string(second), "note": "专项行动中发现"], after: hours(1...24))
        add(stream, "JointActionConcluded", lead.head, ["summary": "检查经营户若干，立案并处罚"], after: days(1...5))
        for name in [first, second] {
            penalty(name, aboveThreshold: false)
            add(name, "CaseClosed", clerk(), ["outcome": "penalized", "summary": "已作出行政处罚"], after: days(1...10))
        }
    }

    mutating func meeting() {
        add("meeting/G-\(number)", "MeetingHeld", amr.head, [
            "kind": .string(random.pick(["consultation", "exchange", "training", "liaison"])),
            "agencies": [.string(amr.id), .string(police.id), .string(procuratorate.id), .string(court.id)],
            "topics": ["侵权案件趋势研判"], "minutesSha256": .string(String(repeating: "ef", count: 32)), "title": "知识产权保护研讨交流会",
            "conclusions": "加强线索共享",
        ], after: 0)
    }

    mutating func service() {
        add("service/V-\(number)", "ServiceProvided", generator.registry.center.officer("clerk1"), [
            "kind": .string(random.pick(["policyConsultation", "ipSearch", "training", "litigationGuidance", "postJudgmentQA",
                                         "protectionOpinion", "protectionTips", "tradeSecretGuidance"])),
            "recipient": ["name": .string("齐齐哈尔市某民营企业\(number % 200)号"), "privateEnterprise": true], "summary": "提供知识产权保护指导",
        ], after: 0)
    }

    mutating func publication() {
        let cases = generator.openedCases.suffix(200)
        guard !cases.isEmpty else { return service() }
        let chosen = Set((0..<random.int(1...3)).map { _ in random.pick(Array(cases)) }).sorted()
        add("publication/P-\(number)", "TypicalCasePublished", court.head, [
            "cases": .array(chosen.map(JSONValue.string)), "title": "知识产权保护典型案例", "summary": "销售侵权商品案",
            "channel": "法院网站", "occasion": "4·26",
        ], after: 0)
    }
}
