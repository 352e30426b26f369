import LedgerCore

/// The agencies and officers of the Qiqihar collaboration: the five Fulaerji District
/// departments of 齐富市监联发〔2022〕1号, the three city bodies of 齐法联发〔2022〕2号,
/// the protection center's mediation committee and service desk, and a notary office.
public enum Cast {
    /// An agency: id, kind, name, jurisdiction.
    public struct Agency: Sendable {
        public let id: String
        public let kind: String
        public let name: String
        public let jurisdiction: String
    }

    /// An officer: id, agency, name, roles.
    public struct Officer: Sendable {
        public let id: String
        public let agency: String
        public let name: String
        public let roles: [String]

        public var actor: Actor { Actor(agency: agency, officer: id) }
    }

    static let district = "齐齐哈尔市富拉尔基区"
    static let city = "齐齐哈尔市"

    /// The host agency opens the ledger; the others are registered after it.
    public static let host = Agency(id: "fle-amr", kind: "amr", name: "富拉尔基区市场监督管理局", jurisdiction: district)

    public static let agencies: [Agency] = [
        Agency(id: "fle-psb", kind: "police", name: "齐齐哈尔市公安局富拉尔基分局", jurisdiction: district),
        Agency(id: "fle-proc", kind: "procuratorate", name: "富拉尔基区人民检察院", jurisdiction: district),
        Agency(id: "fle-court", kind: "court", name: "富拉尔基区人民法院", jurisdiction: district),
        Agency(id: "fle-justice", kind: "justice", name: "富拉尔基区司法局", jurisdiction: district),
        Agency(id: "qqh-court", kind: "court", name: "齐齐哈尔市中级人民法院", jurisdiction: city),
        Agency(id: "qqh-proc", kind: "procuratorate", name: "齐齐哈尔市人民检察院", jurisdiction: city),
        Agency(id: "qqh-amr", kind: "amr", name: "齐齐哈尔市市场监督管理局", jurisdiction: city),
        Agency(id: "qqh-med", kind: "mediation", name: "齐齐哈尔市民营经济知识产权司法保护中心调解委员会", jurisdiction: city),
        Agency(id: "qqh-center", kind: "center", name: "齐齐哈尔市民营经济知识产权司法保护中心", jurisdiction: city),
        Agency(id: "qqh-notary", kind: "notary", name: "齐齐哈尔市鹤城公证处", jurisdiction: city),
    ]

    public static let admin = Officer(id: "admin1", agency: "fle-amr", name: "王建国", roles: ["admin"])

    public static let officers: [Officer] = [
        Officer(id: "amr-head", agency: "fle-amr", name: "赵立新", roles: ["head"]),
        Officer(id: "amr-inv1", agency: "fle-amr", name: "李明", roles: ["investigator", "liaison"]),
        Officer(id: "amr-inv2", agency: "fle-amr", name: "孙悦", roles: ["investigator"]),
        Officer(id: "amr-clerk", agency: "fle-amr", name: "周静", roles: ["clerk"]),
        Officer(id: "psb-head", agency: "fle-psb", name: "刘强", roles: ["head", "investigator"]),
        Officer(id: "psb-inv1", agency: "fle-psb", name: "陈刚", roles: ["investigator", "clerk", "liaison"]),
        Officer(id: "proc-head", agency: "fle-proc", name: "吴敏", roles: ["head"]),
        Officer(id: "proc-pros1", agency: "fle-proc", name: "郑洁", roles: ["prosecutor", "liaison"]),
        Officer(id: "court-head", agency: "fle-court", name: "马红", roles: ["head"]),
        Officer(id: "court-judge1", agency: "fle-court", name: "高峰", roles: ["judge", "liaison"]),
        Officer(id: "court-clerk", agency: "fle-court", name: "林晓", roles: ["clerk"]),
        Officer(id: "just-head", agency: "fle-justice", name: "何平", roles: ["head"]),
        Officer(id: "just-clerk", agency: "fle-justice", name: "罗丹", roles: ["clerk", "liaison"]),
        Officer(id: "qcourt-head", agency: "qqh-court", name: "韩冰", roles: ["head"]),
        Officer(id: "qcourt-judge", agency: "qqh-court", name: "杨帆", roles: ["judge"]),
        Officer(id: "qcourt-clerk", agency: "qqh-court", name: "朱琳", roles: ["clerk"]),
        Officer(id: "qproc-head", agency: "qqh-proc", name: "许涛", roles: ["head"]),
        Officer(id: "qproc-pros", agency: "qqh-proc", name: "冯雪", roles: ["prosecutor"]),
        Officer(id: "qamr-head", agency: "qqh-amr", name: "曹阳", roles: ["head"]),
        Officer(id: "qamr-inv", agency: "qqh-amr", name: "邓超", roles: ["investigator"]),
        Officer(id: "med-head", agency: "qqh-med", name: "彭慧", roles: ["head"]),
        Officer(id: "med-1", agency: "qqh-med", name: "曾文", roles: ["mediator"]),
        Officer(id: "med-2", agency: "qqh-med", name: "谢丽", roles: ["mediator"]),
        Officer(id: "center-head", agency: "qqh-center", name: "蒋勇", roles: ["head"]),
        Officer(id: "center-clerk", agency: "qqh-center", name: "沈佳", roles: ["clerk"]),
        Officer(id: "notary-head", agency: "qqh-notary", name: "钱程", roles: ["head"]),
        Officer(id: "notary1", agency: "qqh-notary", name: "宋雨", roles: ["notary"]),
    ]

    /// The liaison officer of each of the five district departments (联络员制度): agency, officer, head.
    public static let liaisons: [(agency: String, officer: String, head: String)] = [
        ("fle-amr", "amr-inv1", "amr-head"), ("fle-psb", "psb-inv1", "psb-head"), ("fle-proc", "proc-pros1", "proc-head"),
        ("fle-court", "court-judge1", "court-head"), ("fle-justice", "just-clerk", "just-head"),
    ]

    public static func officer(_ id: String) -> Officer {
        guard let o = officers.first(where: { $0.id == id }) ?? (id == admin.id ? admin : nil) else {
            preconditionFailure("no officer \(id) in the cast")
        }
        return o
    }
}
