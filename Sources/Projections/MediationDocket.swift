import IPProtection
import LedgerCore

/// One mediation on the docket: how it came about, who mediates, its period and
/// extensions, the agreement, the confirmation window and the judicial confirmation.
public struct MediationRow: Hashable, Sendable {
    /// How the 30-day window for applying for judicial confirmation stands.
    public enum WindowState: String, Hashable, Sendable {
        /// Open, more than 5 days left.
        case open
        /// Open, in its last 5 days.
        case closing
        /// Past its end, no application.
        case closed
        /// Confirmation was applied for (on time, or `late`).
        case applied, late
    }

    public var stream: String
    /// `delegated`, `entrusted`, `invited` or `applied` (`MediationKind`).
    public var kind: String
    /// The court that delegated, entrusted or invited it.
    public var court: String?
    /// The court case number, or the pre-filing number of a delegation.
    public var courtCaseNo: String?
    public var organization: String
    /// The mediator now assigned.
    public var mediator: String?
    /// The parties' names.
    public var parties: [String]
    public var ipType: String?
    /// `MediationState.Stage`.
    public var stage: String
    /// The agency that acts next.
    public var nextAgency: String?
    /// The statutory mediation period (with extensions), once a mediator was assigned.
    public var period: DeadlineRow?
    /// Extensions: days added, when, and whether agreed after the period had run out.
    public var extensions: [(days: Int, at: Timestamp, afterDue: Bool)]
    /// The number of sessions held.
    public var sessions: Int
    /// The agreement, once settled.
    public var agreement: MediationState.Agreement?
    /// The failure, if it failed.
    public var failure: EventReference?
    /// The confirmation window and how it stands.
    public var window: DeadlineRow?
    public var windowState: WindowState?
    /// The confirmation: the court applied to, the acceptance and decision periods, the ruling.
    public var confirmation: MediationState.Confirmation?
    /// The court's acceptance and decision periods, judged.
    public var acceptance: DeadlineRow?
    public var decision: DeadlineRow?
    /// `granted`, `denied`, `pending` (applied, not decided), or `nil`.
    public var confirmationState: String?
    public var flags: [String]

    public static func == (a: MediationRow, b: MediationRow) -> Bool { a.stream == b.stream && a.stage == b.stage && a.flags == b.flags }
    public func hash(into hasher: inout Hasher) { hasher.combine(stream) }

    public func json(utcOffset: Int32) -> JSONValue {
        func time(_ t: Timestamp?) -> JSONValue { t.map { .string($0.text(utcOffset)) } ?? .null }
        func text(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
        var m: [String: JSONValue] = [:]
        m["stream"] = .string(stream)
        m["kind"] = .string(kind)
        m["court"] = text(court)
        m["courtCaseNo"] = text(courtCaseNo)
        m["organization"] = .string(organization)
        m["mediator"] = text(mediator)
        m["parties"] = .array(parties.map(JSONValue.string))
        m["ipType"] = text(ipType)
        m["stage"] = .string(stage)
        m["nextAgency"] = text(nextAgency)
        m["period"] = period?.json(utcOffset: utcOffset) ?? .null
        m["extensions"] = .array(extensions.map { e -> JSONValue in
            ["days": .number(Double(e.days)), "at": time(e.at), "afterDue": .bool(e.afterDue)]
        })
        m["sessions"] = .number(Double(sessions))
        if let a = agreement {
            var agreementJSON: [String: JSONValue] = [:]
            agreementJSON["agreementNo"] = .string(a.agreementNo)
            agreementJSON["effectiveAt"] = time(a.effectiveAt)
            agreementJSON["amountFen"] = a.amountFen.map { .number(Double($0)) } ?? .null
            agreementJSON["confirmsOwnership"] = .bool(a.confirmsOwnership)
            agreementJSON["settled"] = a.settled.rowJSON(utcOffset: utcOffset)
            m["agreement"] = .object(agreementJSON)
        } else {
            m["agreement"] = .null
        }
        m["failed"] = failure.map { $0.rowJSON(utcOffset: utcOffset) } ?? .null
        if let w = window {
            m["window"] = ["due": time(w.due), "state": text(windowState?.rawValue), "start": time(w.start)]
        } else {
            m["window"] = .null
        }
        if let c = confirmation {
            var confirmationJSON: [String: JSONValue] = [:]
            confirmationJSON["court"] = .string(c.court)
            confirmationJSON["applied"] = time(c.applied.at)
            confirmationJSON["accepted"] = time(c.accepted?.at)
            confirmationJSON["acceptance"] = acceptance?.json(utcOffset: utcOffset) ?? .null
            confirmationJSON["decision"] = decision?.json(utcOffset: utcOffset) ?? .null
            confirmationJSON["extensionDays"] = c.extensionDays.map { .number(Double($0)) } ?? .null
            confirmationJSON["state"] = text(confirmationState)
            confirmationJSON["rulingNo"] = text(c.rulingNo)
            confirmationJSON["denialReason"] = text(c.denialReason)
            m["confirmation"] = .object(confirmationJSON)
        } else {
            m["confirmation"] = .null
        }
        m["flags"] = .array(flags.map(JSONValue.string))
        return .object(m)
    }
}

/// The mediation and judicial-confirmation docket (DOMAIN.md "Read models"): periods,
/// extensions, agreements, confirmation windows, judged at an instant.
public enum MediationDocket {
    /// Every mediation, in name order.
    public static func rows(_ set: ProjectionSet, judgedAt: Timestamp) -> [MediationRow] {
        // The flags the status board shows on each mediation, from the only alerts besides
        // `overdue` that name a mediation: not the board's every row and every alert.
        let alertFlags = CaseStatusBoard.alertFlags(Alerts.confirmationWindowAlerts(set.domain, asOf: judgedAt))
        return set.domain.mediations.keys.sorted().compactMap { stream in
            let flags = CaseStatusBoard.row(set, stream: stream, judgedAt: judgedAt, alertFlags: alertFlags[stream] ?? [])?.flags
            return row(set, stream: stream, judgedAt: judgedAt, flags: flags ?? [])
        }
    }

    static func row(_ set: ProjectionSet, stream: String, judgedAt: Timestamp, flags: [String]) -> MediationRow? {
        guard let m = set.domain.mediations[stream], m.exists else { return nil }
        let window = m.confirmationWindow.map { DeadlineRow($0, judgedAt: judgedAt) }
        var windowState: MediationRow.WindowState?
        if let window {
            switch window.state {
            case .onTime: windowState = .applied
            case .late: windowState = .late
            case .ended, .endedLate: windowState = nil
            case .open, .overdue:
                if judgedAt.seconds > window.due.seconds {
                    windowState = .closed
                } else {
                    windowState = judgedAt.seconds >= window.due.seconds - Alerts.closingWindowSeconds ? .closing : .open
                }
            }
        }
        var confirmationState: String?
        if let c = m.confirmation { confirmationState = c.decision == nil ? "pending" : c.isGranted ? "granted" : "denied" }
        return MediationRow(
            stream: stream, kind: m.kind?.rawValue ?? "", court: m.court, courtCaseNo: m.courtCaseNo ?? m.preFilingNo,
            organization: m.organization, mediator: m.mediator, parties: m.partyNames, ipType: m.ipType.isEmpty ? nil : m.ipType,
            stage: m.stage.rawValue, nextAgency: m.nextAgency, period: m.mediationPeriod.map { DeadlineRow($0, judgedAt: judgedAt) },
            extensions: m.extensions.map { ($0.days, $0.extended.at, $0.afterDue) }, sessions: m.sessions.count,
            agreement: m.agreement, failure: m.failure, window: window, windowState: windowState, confirmation: m.confirmation,
            acceptance: m.deadlines.all.last { $0.rule == .confirmationAcceptance }.map { DeadlineRow($0, judgedAt: judgedAt) },
            decision: m.decisionPeriod.map { DeadlineRow($0, judgedAt: judgedAt) }, confirmationState: confirmationState, flags: flags)
    }

    /// The act that finished a mediation as an item of work: the court's decision on the
    /// confirmation; else the registration of the case after a failed delegation; else the
    /// failure of any other mediation; else the settlement, until confirmation is applied
    /// for (the window is the parties' option, not a duty of the organisation).
    public static func isFinished(_ m: MediationState) -> Bool { end(m) != nil }

    static func end(_ m: MediationState) -> EventReference? {
        if let c = m.confirmation { return c.decision }
        if let registration = m.registration { return registration }
        if let failure = m.failure { return m.kind == .delegated ? nil : failure }
        return m.agreement?.settled
    }
}
