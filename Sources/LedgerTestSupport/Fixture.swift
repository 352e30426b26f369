import XCTest
import LedgerCore
import IPProtection

/// The officers the tests act as.
public enum Who {
    public static let admin = Actor(agency: "fle-amr", officer: "admin1")
    public static let amrHead = Actor(agency: "fle-amr", officer: "amr-head")
    public static let amrInv = Actor(agency: "fle-amr", officer: "amr-inv1")
    public static let amrInv2 = Actor(agency: "fle-amr", officer: "amr-inv2")
    public static let amrClerk = Actor(agency: "fle-amr", officer: "amr-clerk")
    public static let cityAmrInv = Actor(agency: "qqh-amr", officer: "qamr-inv")
    public static let psbHead = Actor(agency: "fle-psb", officer: "psb-head")
    public static let psbClerk = Actor(agency: "fle-psb", officer: "psb-clerk")
    public static let otherPsb = Actor(agency: "nzs-psb", officer: "nzs-clerk")
    public static let prosecutor = Actor(agency: "fle-proc", officer: "proc-pros")
    public static let procHead = Actor(agency: "fle-proc", officer: "proc-head")
    public static let otherProsecutor = Actor(agency: "qqh-proc", officer: "qproc-pros")
    public static let judge = Actor(agency: "fle-court", officer: "court-judge")
    public static let notary = Actor(agency: "qqh-notary", officer: "notary1")
    public static let justiceClerk = Actor(agency: "fle-justice", officer: "just-clerk")
    public static let courtClerk = Actor(agency: "fle-court", officer: "court-clerk")
    public static let courtHead = Actor(agency: "fle-court", officer: "court-head")
    public static let otherJudge = Actor(agency: "qqh-court", officer: "qcourt-judge")
    public static let otherCourtClerk = Actor(agency: "qqh-court", officer: "qcourt-clerk")
    public static let medHead = Actor(agency: "fle-med", officer: "med-head")
    public static let mediator = Actor(agency: "fle-med", officer: "med-1")
    public static let mediator2 = Actor(agency: "fle-med", officer: "med-2")
    public static let otherMedHead = Actor(agency: "qqh-med", officer: "qmed-head")
    public static let otherMediator = Actor(agency: "qqh-med", officer: "qmed-1")
    public static let centerClerk = Actor(agency: "qqh-center", officer: "center-clerk")
}

/// `2024-03-01T09:00` → `2024-03-01T09:00:00+08:00` (seconds may be given); full RFC 3339 text is kept.
public func at(_ text: String) -> String {
    switch text.count {
    case 16: return text + ":00+08:00"
    case 19: return text + "+08:00"
    default: return text
    }
}

public func ts(_ text: String) -> Timestamp { Timestamp(rfc3339: at(text))! }

/// A ledger in memory with the recorder the CLI would use, and a standard registry:
/// the five Fulaerji agencies, a second police agency, the city's amr, procuratorate and
/// intermediate court, a notary office, two mediation committees, the protection center,
/// and the published calendars of calendar-cn.json.
public final class Fixture {
    public let ledger = InMemoryLedger()
    public private(set) var recorder: Recorder
    public var now = ts("2026-06-01T12:00")
    private var clockSeconds: Int64 = 1_767_225_600

    public init(open: Bool = true, registry: Bool = true, calendar: Bool = true) throws {
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
    public func publishCalendars() throws {
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
    public func action(_ type: String, _ stream: String, _ when: String, _ actor: Actor, _ payload: JSONValue,
                id: String? = nil, expectedVersion: Int? = nil) -> JSONValue {
        var m: [String: JSONValue] = ["type": .string(type), "stream": .string(stream), "at": .string(at(when)),
                                      "actor": actor.json, "payload": payload]
        if let id { m["id"] = .string(id) }
        if let expectedVersion { m["expectedVersion"] = .number(Double(expectedVersion)) }
        return .object(m)
    }

    /// Decides and appends an action, as `ipledger record` does.
    @discardableResult
    public func record(_ type: String, _ stream: String, _ when: String, _ actor: Actor, _ payload: JSONValue = [:],
                id: String? = nil, expectedVersion: Int? = nil) throws -> LedgerRecord {
        try submit(action(type, stream, when, actor, payload, id: id, expectedVersion: expectedVersion))
    }

    /// Decides and appends a raw action document.
    @discardableResult
    public func submit(_ json: JSONValue) throws -> LedgerRecord {
        let action = try Action(json: json)
        let draft = try recorder.decide(action, now: now)
        if let id = draft.id, let existing = ledger.record(withID: id) { return existing }
        clockSeconds += 1
        let record = ledger.append(draft, recorded: Timestamp(seconds: clockSeconds).utcString)
        recorder.apply(record)
        return record
    }

    /// The refusal of an action that must be refused; fails the test if it was accepted,
    /// and checks that nothing was written.
    public func refusal(_ type: String, _ stream: String, _ when: String, _ actor: Actor, _ payload: JSONValue = [:],
                 expectedVersion: Int? = nil, file: StaticString = #filePath, line: UInt = #line) -> Refusal {
        refusal(of: action(type, stream, when, actor, payload, expectedVersion: expectedVersion), file: file, line: line)
    }

    public func refusal(of json: JSONValue, file: StaticString = #filePath, line: UInt = #line) -> Refusal {
        let before = ledger.records.count
        do {
            let record = try submit(json)
            XCTFail("accepted what should be refused: \(record.type) at seq \(record.seq)", file: file, line: line)
            return Refusal(.rule, "accepted")
        } catch let refusal as Refusal {
            XCTAssertEqual(ledger.records.count, before, "a refused action wrote something", file: file, line: line)
            XCTAssertFalse(refusal.message.isEmpty, file: file, line: line)
            return refusal
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
            return Refusal(.rule, "\(error)")
        }
    }

    /// Every record folded from scratch, as projections and alerts see the ledger.
    public var replayed: DomainState { DomainState.replay(ledger.records) }

    public func caseState(_ name: String = "case/C1") -> CaseState { replayed.cases[name] ?? CaseState(stream: name) }
}
