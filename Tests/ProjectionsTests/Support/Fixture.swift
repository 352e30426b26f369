import XCTest
import LedgerCore
import IPProtection

/// The officers the tests act as.
enum Who {
    static let admin = Actor(agency: "fle-amr", officer: "admin1")
    static let amrHead = Actor(agency: "fle-amr", officer: "amr-head")
    static let amrInv = Actor(agency: "fle-amr", officer: "amr-inv1")
    static let amrInv2 = Actor(agency: "fle-amr", officer: "amr-inv2")
    static let amrClerk = Actor(agency: "fle-amr", officer: "amr-clerk")
    static let cityAmrInv = Actor(agency: "qqh-amr", officer: "qamr-inv")
    static let psbHead = Actor(agency: "fle-psb", officer: "psb-head")
    static let psbClerk = Actor(agency: "fle-psb", officer: "psb-clerk")
    static let otherPsb = Actor(agency: "nzs-psb", officer: "nzs-clerk")
    static let prosecutor = Actor(agency: "fle-proc", officer: "proc-pros")
    static let procHead = Actor(agency: "fle-proc", officer: "proc-head")
    static let otherProsecutor = Actor(agency: "qqh-proc", officer: "qproc-pros")
    static let judge = Actor(agency: "fle-court", officer: "court-judge")
    static let notary = Actor(agency: "qqh-notary", officer: "notary1")
    static let justiceClerk = Actor(agency: "fle-justice", officer: "just-clerk")
    static let courtClerk = Actor(agency: "fle-court", officer: "court-clerk")
    static let courtHead = Actor(agency: "fle-court", officer: "court-head")
    static let otherJudge = Actor(agency: "qqh-court", officer: "qcourt-judge")
    static let otherCourtClerk = Actor(agency: "qqh-court", officer: "qcourt-clerk")
    static let medHead = Actor(agency: "fle-med", officer: "med-head")
    static let mediator = Actor(agency: "fle-med", officer: "med-1")
    static let mediator2 = Actor(agency: "fle-med", officer: "med-2")
    static let otherMedHead = Actor(agency: "qqh-med", officer: "qmed-head")
    static let otherMediator = Actor(agency: "qqh-med", officer: "qmed-1")
    static let centerClerk = Actor(agency: "qqh-center", officer: "center-clerk")
}

/// `2024-03-01T09:00` → `2024-03-01T09:00:00+08:00` (seconds may be given); full RFC 3339 text is kept.
func at(_ text: String) -> String {
    switch text.count {
    case 16: return text + ":00+08:00"
    case 19: return text + "+08:00"
    default: return text
    }
}

func ts(_ text: String) -> Timestamp { Timestamp(rfc3339: at(text))! }

/// Copied from IPProtectionTests/Support (test targets cannot import each other).
///
/// A ledger in memory with the recorder the CLI would use, and a standard registry:
/// the five Fulaerji agencies, a second police agency, the city's amr, procuratorate and
/// intermediate court, a notary office, two mediation committees, the protection center,
/// and the published calendars of calendar-cn.json.
final class Fixture {
    let ledger = InMemoryLedger()
    private(set) var recorder: Recorder
    var now = ts("2026-06-01T12:00")
    private var clockSeconds: Int64 = 1_767_225_600

    init(open: Bool = true, registry: Bool = true, calendar: Bool = true) throws {
        recorder = Recorder(source: ledger)
        guard open else { return }
        try record("LedgerOpened", "registry", "2024-01-02T09:00", Who.admin, Samples.payload("LedgerOpened"))
        guard registry else { return }
        let agencies: [(String, String, String)] = [
            ("fle-psb", "police", "齐齐哈尔市公安局富拉尔基分局"), ("nzs-psb", "police", "齐齐哈尔市公安局碾子山分局"),
            ("fle-proc", "procuratorate", "富拉尔基区人民检察院"), ("qqh-proc", "procuratorate", "齐齐哈尔市人民检察院"),
            ("fle-court", "court", "富拉尔基区人民法院"), ("fle-justice", "justice", "富拉尔基区司法局"),
            ("qqh-notary", "notary", "齐齐哈尔市公证处"), ("qqh-amr", "amr", "齐齐哈尔市市场监督管理局"),
            ("qqh-court", "court", "齐齐哈尔市中级人民法院"), ("fle-med", "mediation", "富拉尔基区知识产权纠纷人民调解委员会"),
            ("qqh-med", "mediation", "齐齐哈尔市知识产权纠纷人民调解委员会"), ("qqh-center", "center", "齐齐哈尔市民营经济知识产权司法保护中心"),
        ]
        for (id, kind, name) in agencies {
            try record("AgencyRegistered", "registry", "2024-01-02T09:10", Who.admin,
                       ["agency": .string(id), "kind": .string(kind), "name": .string(name), "jurisdiction": "齐齐哈尔市"])
        }
        let officers: [(Actor, [String])] = [
            (Who.amrHead, ["head"]), (Who.amrInv, ["investigator"]), (Who.amrInv2, ["investigator"]), (Who.amrClerk, ["clerk"]),
            (Who.cityAmrInv, ["investigator"]), (Who.psbHead, ["head", "investigator"]), (Who.psbClerk, ["clerk", "investigator"]),
            (Who.otherPsb, ["clerk", "investigator"]), (Who.prosecutor, ["prosecutor"]), (Who.procHead, ["head"]),
            (Who.otherProsecutor, ["prosecutor"]), (Who.judge, ["judge"]), (Who.notary, ["notary"]), (Who.justiceClerk, ["clerk"]),
            (Who.courtClerk, ["clerk"]), (Who.courtHead, ["head"]), (Who.otherJudge, ["judge"]), (Who.otherCourtClerk, ["clerk"]),
            (Who.medHead, ["head"]), (Who.mediator, ["mediator"]), (Who.mediator2, ["mediator"]), (Who.otherMedHead, ["head"]),
            (Who.otherMediator, ["mediator"]), (Who.centerClerk, ["clerk"]),
        ]
        for (who, roles) in officers {
            try record("OfficerEnrolled", "registry", "2024-01-02T09:20", Who.admin,
                       ["officer": .string(who.officer), "agency": .string(who.agency), "name": .string("officer \(who.officer)"),
                        "roles": .array(roles.map { .string($0) })])
        }
        guard calendar else { return }
        try publishCalendars()
    }

    /// Records one `CalendarPublished` per year of calendar-cn.json.
    func publishCalendars() throws {
        guard let years = try Paths.calendarDocument()["years"]?.arrayValue else {
            XCTFail("calendar-cn.json has no years")
            return
        }
        for year in years {
            try record("CalendarPublished", "registry", "2024-01-02T10:00", Who.admin,
                       ["year": year["year"] ?? 0, "holidays": year["holidays"] ?? [], "workdays": year["workdays"] ?? []])
        }
    }

    /// The action as the CLI would read it.
    func action(_ type: String, _ stream: String, _ when: String, _ actor: Actor, _ payload: JSONValue,
                id: String? = nil, expectedVersion: Int? = nil) -> JSONValue {
        var m: [String: JSONValue] = ["type": .string(type), "stream": .string(stream), "at": .string(at(when)),
                                      "actor": actor.json, "payload": payload]
        if let id { m["id"] = .string(id) }
        if let expectedVersion { m["expectedVersion"] = .number(Double(expectedVersion)) }
        return .object(m)
    }

    /// Decides and appends an action, as `ipledger record` does.
    @discardableResult
    func record(_ type: String, _ stream: String, _ when: String, _ actor: Actor, _ payload: JSONValue = [:],
                id: String? = nil, expectedVersion: Int? = nil) throws -> LedgerRecord {
        try submit(action(type, stream, when, actor, payload, id: id, expectedVersion: expectedVersion))
    }

    /// Decides and appends a raw action document.
    @discardableResult
    func submit(_ json: JSONValue) throws -> LedgerRecord {
        let action = try Action(json: json)
        let draft = try recorder.decide(action, now: now)
        if let id = draft.id, let existing = ledger.record(withID: id) { return existing }
        clockSeconds += 1
        let record = ledger.append(draft, recorded: Timestamp(seconds: clockSeconds).utcString)
        recorder.apply(record)
        return record
    }

    /// Every record folded from scratch, as projections and alerts see the ledger.
    var replayed: DomainState { DomainState.replay(ledger.records) }

    func caseState(_ name: String = "case/C1") -> CaseState { replayed.cases[name] ?? CaseState(stream: name) }
}
