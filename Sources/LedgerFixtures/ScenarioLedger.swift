import LedgerCore

/// A small ledger told act by act, for tests that compare whole answers: a report shared
/// with the police and decided; a case transferred, declined, reconsidered, disputed,
/// supervised with a late explanation, ordered filed and filed, its materials never
/// handed over; a penalised respondent penalised again above the criminal threshold with
/// no transfer; a report nobody decides; a delegated mediation extended, settled and
/// confirmed; a settlement whose confirmation window runs out; a typical case published;
/// and one act recorded weeks after it happened.
///
/// The registry is `LogGenerator`'s (four districts of Qiqihar); every act is one the
/// domain accepts (`ProjectionsTests.ScenarioLedgerTests` decides each through the recorder).
public enum ScenarioLedger {
    /// Stream names, for the tests' expectations.
    public static let transferredCase = "case/FLE-2024-0007"
    public static let report = "report/R-0301"
    public static let supervision = "supervision/FLJ-2024-03"
    public static let firstPenalty = "case/FLE-2024-0002"
    public static let repeatCase = "case/FLE-2024-0009"
    public static let undecidedReport = "report/R-0402"
    public static let confirmedMediation = "mediation/FLE-SQ-2024-015"
    public static let lapsedMediation = "mediation/FLE-SQ-2024-020"
    public static let publication = "publication/P-2024-01"

    /// The records, in log order.
    public static func records() -> [LedgerRecord] { ledger().records }

    /// Every line with its `\n`: the bytes of `events.jsonl`.
    public static func logBytes() -> [UInt8] { ledger().logBytes }

    static func ledger() -> (records: [LedgerRecord], logBytes: [UInt8]) {
        var records: [LedgerRecord] = []
        var bytes: [UInt8] = []
        var head = SHA256.Digest.zero
        var versions: [String: Int] = [:]
        var lastRecorded: Int64 = 0
        let registry = FixtureRegistry()
        var acts: [(at: String, stream: String, type: String, actor: Actor, payload: [String: JSONValue])] =
            registry.openingSteps().map { ("2024-01-02T09:00:00+08:00", "registry", $0.type, $0.actor, $0.payload) }
        acts += stories()
        for act in acts {
            let at = Timestamp(rfc3339: act.at)!
            lastRecorded = max(lastRecorded + 60, at.seconds + 600)
            let version = (versions[act.stream] ?? 0) + 1
            versions[act.stream] = version
            let record = LedgerRecord(seq: records.count + 1, id: "\(act.stream)@\(version)", stream: act.stream, version: version,
                                      type: act.type, schema: 1, at: act.at, recorded: Timestamp(seconds: lastRecorded).utcString,
                                      actor: act.actor, payload: act.payload, prev: head.hex)
            let line = record.canonicalBytes
            head = SHA256.hash(line)
            records.append(record)
            bytes += line
            bytes.append(0x0a)
        }
        return (records, bytes)
    }

    static func officer(_ id: String) -> Actor {
        let agency = id.split(separator: "-").prefix(2).joined(separator: "-")
        return Actor(agency: agency, officer: id)
    }

    static let respondent: JSONValue = ["name": "富拉尔基区某五金经销部", "privateEnterprise": true, "creditCode": "92230206MA1B2C3D4E"]
    static let rightsHolder: JSONValue = ["name": "某电器股份有限公司", "privateEnterprise": false]
    static let sha = String(repeating: "ab", count: 32)
    static let parties: JSONValue = [
        ["name": "某电器股份有限公司", "privateEnterprise": false, "side": "plaintiff"],
        ["name": "富拉尔基区某五金经销部", "privateEnterprise": true, "side": "defendant"],
    ]
    static let bothParties: JSONValue = ["某电器股份有限公司", "富拉尔基区某五金经销部"]

    static func stories() -> [(at: String, stream: String, type: String, actor: Actor, payload: [String: JSONValue])] {
        let c = transferredCase, r = report, s = supervision
        func t(_ text: String) -> String { text + ":00+08:00" }
        func caseOpened(_ report: String?, _ summary: String) -> [String: JSONValue] {
            var p: [String: JSONValue] = ["ipType": "trademark", "sector": "appliances", "summary": .string(summary),
                                          "respondent": respondent, "rightsHolder": rightsHolder]
            if let report { p["report"] = .string(report) }
            return p
        }
        return [
            (t("2024-02-01T09:00"), firstPenalty, "CaseOpened", officer("fle-amr-inv2"), caseOpened(nil, "销售假冒注册商标的插座")),
            (t("2024-02-20T10:00"), firstPenalty, "PenaltyDecided", officer("fle-amr-head"),
             ["decisionNo": "富市监罚〔2024〕12号", "fineFen": 500_000, "illegalGainsFen": 80_000, "businessVolumeFen": 300_000]),
            (t("2024-02-22T10:00"), firstPenalty, "CaseClosed", officer("fle-amr-clerk1"), ["outcome": "penalized", "summary": "已作出行政处罚"]),
            (t("2024-03-01T09:00"), r, "ReportReceived", officer("fle-amr-clerk1"), [
                "channel": "hotline", "reporter": ["name": "张某", "kind": "rightsHolder", "privateEnterprise": false],
                "respondent": respondent, "ipType": "trademark", "sector": "appliances", "summary": "举报销售假冒注册商标的电热水壶",
            ]),
            (t("2024-03-01T09:30"), r, "ReportShared", officer("fle-amr-clerk1"), ["agencies": ["fle-psb"], "note": "涉嫌犯罪，请关注"]),
            (t("2024-03-04T10:00"), r, "ReportAccepted", officer("fle-amr-clerk1"), ["note": "符合受理条件"]),
            (t("2024-03-05T10:00"), c, "CaseOpened", officer("fle-amr-inv1"), caseOpened(r, "销售假冒注册商标的电热水壶")),
            (t("2024-03-05T11:00"), r, "ReportClosed", officer("fle-amr-clerk1"), ["outcome": "caseOpened", "case": .string(c)]),
            (t("2024-03-06T10:00"), c, "EvidenceRecorded", officer("fle-amr-inv1"),
             ["evidence": "E1", "description": "现场检查照片", "sha256": .string(sha)]),
            (t("2024-03-06T15:00"), c, "EvidenceNotarized", officer("qqh-notary-notary1"),
             ["evidence": "E1", "notaryOffice": "齐齐哈尔市公证处", "certificateNo": "(2024)黑齐证字第88号", "sha256": .string(sha)]),
            (t("2024-03-08T10:00"), c, "TransferReportSubmitted", officer("fle-amr-inv1"), [
                "team": ["fle-amr-inv1", "fle-amr-inv2"], "suspectedOffence": "213", "grounds": "非法经营数额超过五万元",
                "illegalGainsFen": 3_500_000, "businessVolumeFen": 6_800_000,
            ]),
            (t("2024-03-10T09:00"), repeatCase, "CaseOpened", officer("fle-amr-inv2"), caseOpened(nil, "再次销售假冒注册商标的插座")),
            (t("2024-03-11T09:00"), c, "TransferApproved", officer("fle-amr-head"), ["note": "同意移送"]),
            (t("2024-03-11T15:00"), c, "CaseTransferred", officer("fle-amr-clerk1"), [
                "to": "fle-psb", "documents": ["transferLetter", "investigationReport", "evidenceList", "inspectionReport"],
            ]),
            (t("2024-03-12T10:00"), c, "TransferReceived", officer("fle-psb-off1"), ["receiptNo": "富公回〔2024〕7号"]),
            (t("2024-03-14T10:00"), c, "FilingDeclined", officer("fle-psb-head"), ["reason": "现有证据不足以证明达到追诉标准"]),
            (t("2024-03-15T10:00"), c, "ReconsiderationRequested", officer("fle-amr-clerk1"), ["grounds": "经营数额已超过五万元"]),
            (t("2024-03-18T16:00"), c, "ReconsiderationDecided", officer("fle-psb-head"), ["outcome": "upheld", "reason": "维持不予立案决定"]),
            (t("2024-03-19T10:00"), c, "FilingSupervisionSuggested", officer("fle-amr-clerk1"),
             ["procuratorate": "fle-proc", "grounds": "公安机关应当立案而不立案"]),
            (t("2024-03-19T11:00"), c, "TransferDisputeRaised", officer("fle-amr-head"), ["question": "库存货值是否计入非法经营数额"]),
            (t("2024-03-19T12:00"), c, "OpinionRequested", officer("fle-amr-head"), ["from": "fle-proc", "question": "库存货值是否计入"]),
            (t("2024-03-20T09:00"), c, "OpinionGiven", officer("fle-proc-pros1"),
             ["opinion": "未销售的侵权产品货值应计入", "recommendation": "transfer"]),
            (t("2024-03-20T10:00"), s, "SupervisionOpened", officer("fle-proc-pros1"),
             ["case": .string(c), "kind": "filing", "source": "suggestion", "grounds": "行政执法机关建议立案监督"]),
            (t("2024-03-20T11:00"), s, "ExplanationRequested", officer("fle-proc-pros1"), ["police": "fle-psb", "question": "说明不立案理由"]),
            (t("2024-03-29T09:00"), s, "ExplanationGiven", officer("fle-psb-head"), ["reason": "证据不足"]),
            // Recorded weeks after it happened: the second piece of evidence.
            (t("2024-03-07T10:00"), c, "EvidenceRecorded", officer("fle-amr-inv2"),
             ["evidence": "E2", "description": "销售记录", "sha256": .string(String(repeating: "cd", count: 32))]),
            (t("2024-04-01T09:00"), s, "FilingOrdered", officer("fle-proc-pros1"), ["police": "fle-psb", "reason": "不立案理由不能成立"]),
            (t("2024-04-01T10:00"), mediationOne, "MediationDelegated", officer("fle-court-clerk1"), [
                "court": "fle-court", "parties": parties, "ipType": "trademark", "claim": "停止销售侵权电热水壶并赔偿经济损失五万元",
                "organization": "qqh-med", "preFilingNo": "(2024)黑0206诉前调15号", "sector": "appliances", "claimFen": 5_000_000,
            ]),
            (t("2024-04-02T09:00"), undecidedReport, "ReportReceived", officer("fle-amr-clerk2"), [
                "channel": "online", "reporter": ["name": "匿名", "kind": "anonymous", "privateEnterprise": false],
                "respondent": ["name": "碾子山区某食品店", "privateEnterprise": true], "ipType": "geographicalIndication",
                "sector": "foodDrug", "summary": "举报销售假冒地理标志产品",
            ]),
            (t("2024-04-02T09:30"), mediationOne, "MediatorAssigned", officer("qqh-med-head"), ["mediator": "qqh-med-mediator1"]),
            (t("2024-04-08T09:00"), c, "CriminalCaseFiled", officer("fle-psb-head"),
             ["filingNo": "富公立〔2024〕30号", "supervision": .string(s)]),
            (t("2024-04-08T10:00"), c, "TransferDisputeResolved", officer("fle-amr-head"), ["outcome": "transfer", "basis": "检察院意见及立案通知"]),
            (t("2024-04-10T09:00"), mediationOne, "MediationSessionHeld", officer("qqh-med-mediator1"),
             ["mode": "online", "participants": ["原告代理人", "被告经营者"], "note": "双方就赔偿数额初步协商"]),
            (t("2024-04-12T09:00"), s, "SupervisionConcluded", officer("fle-proc-pros1"), ["outcome": "filed", "findings": "公安机关已立案"]),
            (t("2024-04-15T10:00"), repeatCase, "PenaltyDecided", officer("fle-amr-head"),
             ["decisionNo": "富市监罚〔2024〕30号", "fineFen": 2_000_000, "illegalGainsFen": 500_000, "businessVolumeFen": 8_000_000]),
            (t("2024-04-26T09:00"), publication, "TypicalCasePublished", officer("fle-court-head"), [
                "cases": .array([.string(firstPenalty)]), "title": "2024年知识产权保护典型案例", "summary": "销售假冒注册商标商品案",
                "channel": "富拉尔基区人民法院网站", "occasion": "4·26",
            ]),
            (t("2024-04-30T09:00"), mediationOne, "MediationExtended", officer("qqh-med-mediator1"),
             ["days": 15, "consentOf": bothParties, "reason": "双方需核对销售账目"]),
            (t("2024-05-06T09:00"), mediationTwo, "MediationEntrusted", officer("fle-court-judge1"), [
                "court": "fle-court", "courtCaseNo": "(2024)黑0206民初321号", "procedure": "ordinary", "parties": parties,
                "ipType": "trademark", "claim": "停止侵权并赔偿损失", "organization": "qqh-med",
            ]),
            (t("2024-05-06T15:00"), mediationTwo, "MediatorAssigned", officer("qqh-med-head"), ["mediator": "qqh-med-mediator2"]),
            (t("2024-05-10T16:00"), mediationOne, "MediationSettled", officer("qqh-med-mediator1"), [
                "agreementNo": "齐知调〔2024〕8号", "agreementSha256": .string(sha), "terms": "被告停止销售并赔偿三万元",
                "amountFen": 3_000_000, "effectiveAt": "2024-05-10T16:00:00+08:00", "confirmsOwnership": false,
            ]),
            (t("2024-05-13T09:00"), mediationOne, "ConfirmationApplied", officer("qqh-center-clerk1"),
             ["court": "fle-court", "applicants": bothParties]),
            (t("2024-05-14T09:00"), mediationOne, "ConfirmationAccepted", officer("fle-court-clerk1"), ["caseNo": "(2024)黑0206民特5号"]),
            (t("2024-05-20T10:00"), mediationTwo, "MediationSettled", officer("qqh-med-mediator2"), [
                "agreementNo": "齐知调〔2024〕9号", "agreementSha256": .string(sha), "terms": "被告停止侵权并赔偿两万元",
                "amountFen": 2_000_000, "effectiveAt": "2024-05-20T10:00:00+08:00", "confirmsOwnership": false,
            ]),
            (t("2024-05-24T09:00"), mediationOne, "ConfirmationGranted", officer("fle-court-judge1"), ["rulingNo": "(2024)黑0206民特5号"]),
        ]
    }

    static let mediationOne = confirmedMediation
    static let mediationTwo = lapsedMediation
}
