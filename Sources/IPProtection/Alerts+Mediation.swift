import LedgerCore

/// The confirmation-window alerts of the mediation docket (DOMAIN.md "Alerts").
extension Alerts {
    /// How long before its end a confirmation window shows as closing: 5 days.
    public static let closingWindowSeconds: Int64 = 5 * 86_400

    /// A window still open (no application recorded) shows as closing in its last 5 days
    /// and as closed once past its due instant (民事诉讼法 2023 第205条: 30 days from the
    /// agreement taking effect).
    ///
    /// These are the only alerts, besides `overdue`, that name a mediation's stream: the
    /// mediation docket's flags need these alone, not every alert of the ledger.
    public static func confirmationWindowAlerts(_ state: DomainState, asOf: Timestamp) -> [Alert] {
        var alerts: [Alert] = []
        for name in state.mediations.keys.sorted() {
            let m = state.mediations[name]!
            guard let window = m.confirmationWindow, window.isOpen, let agreement = m.agreement else { continue }
            let closingFrom = Timestamp(seconds: window.due.seconds - closingWindowSeconds, offsetSeconds: window.due.offsetSeconds)
            let closed = window.isLate(at: asOf)
            guard closed || asOf >= closingFrom else { continue }
            let parties = m.partyNames.joined(separator: ", ")
            let message = closed
                ? "The window to apply for judicial confirmation of agreement \(agreement.agreementNo) in \(name) closed at " +
                    "\(window.due) without an application by \(parties)."
                : "The window to apply for judicial confirmation of agreement \(agreement.agreementNo) in \(name) closes at " +
                    "\(window.due); \(parties) have not applied."
            alerts.append(Alert(kind: closed ? .confirmationWindowClosed : .confirmationWindowClosing, stream: name, caseName: nil,
                                agency: m.organization, agencyKind: .mediation, since: closed ? window.due : closingFrom,
                                rule: DeadlineRule.confirmationWindow.rawValue, citation: DeadlineRule.confirmationWindow.citation,
                                message: message, source: agreement.settled))
        }
        return alerts
    }
}
