import IPProtection
import LedgerCore

/// Case status (DOMAIN.md "Read models"): for each report, case, mediation and
/// supervision, its stage, the agency that must act next and by when, and its flags.
public struct StatusRow: Hashable, Sendable {
    /// The item's stream.
    public var stream: String
    /// What kind of item it is.
    public var kind: ItemKind
    /// How far it has come: `received`, `investigating`, `transferred`, `filed`, `closed` ...
    public var stage: String
    /// The act that opened it.
    public var opened: EventReference?
    /// The act that ended it (a close, a conclusion), if it has ended.
    public var ended: EventReference?
    /// The agencies that hold it.
    public var holders: [String]
    /// The IP right concerned, for reports and cases.
    public var ipType: String?
    /// The sector concerned, for reports and cases.
    public var sector: String?
    /// The case it concerns: a supervision's case, the case a report led to.
    public var caseName: String?
    /// The open deadline due first: who must act next, and by when.
    public var next: DeadlineRow?
    /// What needs attention, as stable codes: `overdue`, `late`, `shouldTransfer`,
    /// `repeatOffender`, `disputed`, `supervised`, `missingDocuments`, `materialsPending`,
    /// `privateEnterprise`; for mediations `windowClosing`, `windowClosed`,
    /// `confirmsOwnership`, `extendedAfterDue`.
    public var flags: [String]
    /// Every deadline of the item, in the order they started.
    public var deadlines: [DeadlineRow]

    /// Whether the item has not ended.
    public var isOpen: Bool { ended == nil }

    /// The row as JSON; `detail` adds every deadline.
    public func json(utcOffset: Int32, detail: Bool = false) -> JSONValue {
        var m: [String: JSONValue] = [
            "stream": .string(stream), "kind": .string(kind.rawValue), "stage": .string(stage),
            "opened": opened.map { .string($0.at.text(utcOffset)) } ?? .null,
            "ended": ended.map { .string($0.at.text(utcOffset)) } ?? .null,
            "holders": .array(holders.map(JSONValue.string)),
            "ipType": ipType.map(JSONValue.string) ?? .null, "sector": sector.map(JSONValue.string) ?? .null,
            "case": caseName.map(JSONValue.string) ?? .null,
            "next": next.map { ["agency": $0.agency.map(JSONValue.string) ?? .null, "rule": .string($0.rule),
                                "due": .string($0.due.text(utcOffset)), "overdue": .bool($0.state == .overdue)] } ?? .null,
            "flags": .array(flags.map(JSONValue.string)),
        ]
        if detail { m["deadlines"] = .array(deadlines.map { $0.json(utcOffset: utcOffset) }) }
        return .object(m)
    }
}

/// The case status board: every item's `StatusRow`, judged at an instant.
public enum CaseStatusBoard {
    /// Every item, reports first, then cases, supervisions (and mediations), each in name order.
    ///
    /// - Parameters:
    ///   - judgedAt: the instant deadlines are judged at (now, or the `--as-of` instant).
    ///   - alerts: the alerts at that instant, if already computed (`Alerts.compute`).
    public static func rows(_ set: ProjectionSet, judgedAt: Timestamp, alerts: [Alert]? = nil) -> [StatusRow] {
        let flagged = alertFlags(alerts ?? Alerts.compute(set.domain, asOf: judgedAt))
        return set.domain.itemStreams.compactMap { row(set, stream: $0, judgedAt: judgedAt, alertFlags: flagged[$0] ?? []) }
    }

    /// The row of one item, or `nil` when no such item exists.
    public static func row(_ set: ProjectionSet, stream: String, judgedAt: Timestamp, alerts: [Alert]? = nil) -> StatusRow? {
        let flagged = alertFlags(alerts ?? Alerts.compute(set.domain, asOf: judgedAt))
        return row(set, stream: stream, judgedAt: judgedAt, alertFlags: flagged[stream] ?? [])
    }

    /// The threshold alerts' kinds by stream: the flags they raise on a case.
    static func alertFlags(_ alerts: [Alert]) -> [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        for alert in alerts where alert.kind != .overdue { out[alert.stream, default: []].insert(alert.kind.rawValue) }
        return out
    }

    static func row(_ set: ProjectionSet, stream: String, judgedAt: Timestamp, alertFlags: Set<String>) -> StatusRow? {
        let domain = set.domain
        guard let kind = ItemKind(stream: stream), let book = domain.deadlineBook(of: stream) else { return nil }
        let deadlines = book.all.map { DeadlineRow($0, judgedAt: judgedAt) }
        var row = StatusRow(stream: stream, kind: kind, stage: "", holders: domain.holders(of: stream), flags: [],
                            deadlines: deadlines)
        row.next = book.next.map { DeadlineRow($0, judgedAt: judgedAt) }
        row.ended = domain.end(of: stream)
        var flags: [String] = []
        if deadlines.contains(where: { $0.state == .overdue }) { flags.append("overdue") }
        if deadlines.contains(where: { $0.state == .late || $0.state == .endedLate }) { flags.append("late") }
        for code in ["shouldTransfer", "repeatOffender"] where alertFlags.contains(code) { flags.append(code) }
        if alertFlags.contains(Alert.Kind.confirmationWindowClosing.rawValue) { flags.append("windowClosing") }
        if alertFlags.contains(Alert.Kind.confirmationWindowClosed.rawValue) { flags.append("windowClosed") }
        switch kind {
        case .report:
            guard let r = domain.reports[stream], r.exists else { return nil }
            row.stage = r.stage.rawValue
            row.opened = r.received
            row.ipType = r.ipType
            row.sector = r.sector
            row.caseName = r.caseOpened
            if r.respondent.privateEnterprise { flags.append("privateEnterprise") }
        case .case:
            guard let c = domain.cases[stream], c.exists else { return nil }
            row.stage = stage(of: c)
            row.opened = c.opened
            row.ipType = c.ipType
            row.sector = c.sector
            if c.dispute != nil { flags.append("disputed") }
            if !(domain.supervisionsByCase[stream] ?? []).isEmpty { flags.append("supervised") }
            if c.transfer.transferred != nil, !c.transfer.missingDocuments.isEmpty { flags.append("missingDocuments") }
            if c.transfer.pendingMaterialsRequest != nil { flags.append("materialsPending") }
            if c.respondent.privateEnterprise { flags.append("privateEnterprise") }
        case .supervision:
            guard let s = domain.supervisions[stream], s.exists else { return nil }
            row.stage = stage(of: s)
            row.opened = s.opened
            row.caseName = s.caseName
        case .mediation:
            guard let m = domain.mediations[stream], m.exists else { return nil }
            row.stage = m.stage.rawValue
            row.opened = m.opened
            row.ipType = m.ipType.isEmpty ? nil : m.ipType
            row.sector = m.sector
            if m.agreement?.confirmsOwnership == true { flags.append("confirmsOwnership") }
            if m.extensions.contains(where: \.afterDue) { flags.append("extendedAfterDue") }
            if m.involvesPrivateEnterprise { flags.append("privateEnterprise") }
        }
        row.flags = flags
        return row
    }

    /// A case's stage: `closed`; else the furthest transfer step (`reported`, `approved`,
    /// `transferred`, `received`, `declined`, `filed`); else `penalized`; else
    /// `transferRefused` when the head refused the transfer; else `investigating`.
    public static func stage(of c: CaseState) -> String {
        if c.isClosed { return "closed" }
        switch c.transfer.stage {
        case .reported, .approved, .transferred, .received, .declined, .filed: return c.transfer.stage.rawValue
        case .none, .refused: break
        }
        if c.penalty != nil { return "penalized" }
        return c.transfer.stage == .refused ? "transferRefused" : "investigating"
    }

    /// A supervision's stage: `concluded`, `filingOrdered`, `explained`, `explanationRequested` or `opened`.
    public static func stage(of s: SupervisionState) -> String {
        if s.conclusion != nil { return "concluded" }
        if s.filingOrder != nil { return "filingOrdered" }
        if s.explanation != nil { return "explained" }
        if s.explanationRequest != nil { return "explanationRequested" }
        return "opened"
    }
}
