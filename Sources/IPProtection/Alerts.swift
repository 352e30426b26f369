import LedgerCore

/// Something an agency must act on now (DOMAIN.md "Alerts").
public struct Alert: Hashable, Sendable {
    /// What the alert is about.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// A statutory deadline passed without the act.
        case overdue
        /// A penalty's amounts reach a criminal threshold and the case was not transferred (以罚代刑).
        case shouldTransfer
        /// The respondent was penalised for the same kind of act within the previous two years.
        case repeatOffender
        /// A mediation agreement's 30-day window for applying for judicial confirmation closes
        /// within 5 days and no application was recorded (民事诉讼法 2023 第205条).
        case confirmationWindowClosing
        /// A mediation agreement's confirmation window closed without an application.
        case confirmationWindowClosed
    }

    /// What the alert is about.
    public var kind: Kind
    /// The stream concerned: `case/FLE-2024-0007`, `report/...`, `supervision/...`, `mediation/...`.
    public var stream: String
    /// The case concerned (the stream itself for a case; the supervised case for a supervision).
    public var caseName: String?
    /// The agency that must act, when known.
    public var agency: String?
    /// The kind of agency that must act.
    public var agencyKind: AgencyKind
    /// Since when: the due instant of an overdue deadline or a closed window, 5 days before it
    /// for a closing window, the penalty decision's `at` for the threshold alerts.
    public var since: Timestamp
    /// The rule's short name, e.g. `filingDecision`, `shouldTransfer`.
    public var rule: String
    /// The rule's legal citation.
    public var citation: String
    /// One sentence for the person who must act.
    public var message: String
    /// The act the alert arises from.
    public var source: EventReference
}

/// The alerts as of an instant: a pure function of a folded ledger.
public enum Alerts {
    /// Every overdue deadline, every threshold alert and every closing or closed
    /// confirmation window in `state`, judged at `asOf`, oldest first.
    ///
    /// Mediation periods, the court's acceptance and its decision on a confirmation show
    /// as overdue deadlines; the confirmation window is the parties' to use or not, so it
    /// shows as closing (within 5 days) and closed instead.
    ///
    /// - Parameters:
    ///   - state: the ledger folded up to the point of interest (for `--as-of TIME`, the
    ///     records with `at` ≤ TIME).
    ///   - asOf: the instant deadlines are judged at.
    ///   - thresholds: the effective-dated threshold configuration.
    public static func compute(_ state: DomainState, asOf: Timestamp, thresholds: ThresholdTable = .standard) -> [Alert] {
        var overdue: [Deadline] = []
        state.forEachDeadlineBook { overdue += $0.overdue(asOf: asOf) }
        var alerts: [Alert] = []
        for deadline in overdue {
            let caseName = deadline.stream.hasPrefix("case/") ? deadline.stream
                : state.supervisions[deadline.stream]?.caseName
            alerts.append(Alert(kind: .overdue, stream: deadline.stream, caseName: caseName, agency: deadline.agency,
                                agencyKind: deadline.rule.responsibleKind, since: deadline.due, rule: deadline.rule.rawValue,
                                citation: deadline.rule.citation,
                                message: "\(deadline.agency ?? "The \(deadline.rule.responsibleKind.rawValue) agency") must " +
                                    "\(deadline.rule.duty) in \(deadline.stream): \(deadline.period) from " +
                                        "\(deadline.startedBy.type) (seq \(deadline.startedBy.seq)), due \(deadline.due).",
                                source: deadline.startedBy))
        }
        alerts += thresholdAlerts(state, asOf: asOf, thresholds: thresholds)
        alerts += confirmationWindowAlerts(state, asOf: asOf)
        // Ties (one stream's deadlines of one rule due at the same instant) keep the order
        // their stream lists them in; streams were visited in no particular order, but a
        // tie is always within one stream.
        return alerts.enumerated().sorted { a, b in
            (a.element.since, a.element.stream, a.element.rule, a.offset) < (b.element.since, b.element.stream, b.element.rule, b.offset)
        }.map(\.element)
    }

    static func thresholdAlerts(_ state: DomainState, asOf: Timestamp, thresholds: ThresholdTable) -> [Alert] {
        var alerts: [Alert] = []
        let clock = state.registry.clock
        var penalised: [(party: Party, ipType: String, penalty: CaseState.Penalty, stream: String)] = []
        for name in state.cases.keys.sorted() {
            let c = state.cases[name]!
            guard let penalty = c.penalty, penalty.decided.at <= asOf else { continue }
            penalised.append((c.respondent, c.ipType, penalty, name))
            let transferredByThen = c.transfer.transferred.map { $0.at <= asOf } ?? false
            guard !transferredByThen, let offence = c.offence,
                  let threshold = thresholds.inForce(offence: offence, on: clock.date(of: penalty.decided.at)),
                  threshold.isReached(businessVolumeFen: penalty.businessVolumeFen, illegalGainsFen: penalty.illegalGainsFen)
            else { continue }
            alerts.append(Alert(kind: .shouldTransfer, stream: name, caseName: name, agency: c.amr, agencyKind: .amr,
                                since: penalty.decided.at, rule: "shouldTransfer", citation: threshold.citation + "; " +
                                    "《行政执法机关移送涉嫌犯罪案件的规定》第三条",
                                message: "Penalty \(penalty.decisionNo) in \(name) found business volume " +
                                    "\(yuan(penalty.businessVolumeFen)) and illegal gains \(yuan(penalty.illegalGainsFen)), reaching " +
                                        "the 刑法 第\(offence)条 threshold (\(yuan(threshold.businessVolumeFen)) or " +
                                            "\(yuan(threshold.illegalGainsFen))), and the case was not transferred to the police.",
                                source: penalty.decided))
        }
        // The same respondent (`Party.isSame`): the same credit code where both have one, else
        // the same name; indexed so that each case is compared only with its namesakes.
        var byCode: [String: [Int]] = [:]
        var byName: [String: [Int]] = [:]
        for (i, p) in penalised.enumerated() {
            if let code = p.party.creditCodeKey { byCode[p.ipType + "\u{0}" + code, default: []].append(i) }
            byName[p.ipType + "\u{0}" + p.party.nameKey, default: []].append(i)
        }
        for (i, later) in penalised.enumerated() {
            let windowStart = clock.date(of: later.penalty.decided.at).adding(years: -thresholds.repeatOffenceYears)
            let sameName = byName[later.ipType + "\u{0}" + later.party.nameKey] ?? []
            let candidates = later.party.creditCodeKey.map { code in
                (byCode[later.ipType + "\u{0}" + code] ?? []) + sameName.filter { penalised[$0].party.creditCodeKey == nil }
            } ?? sameName
            let earlier = candidates.filter { j in
                let other = penalised[j]
                return j != i && other.stream != later.stream && other.penalty.decided.at < later.penalty.decided.at
                    && clock.date(of: other.penalty.decided.at) >= windowStart
            }.map { penalised[$0] }
            guard let previous = earlier.max(by: { $0.penalty.decided.at < $1.penalty.decided.at }) else { continue }
            let c = state.cases[later.stream]
            alerts.append(Alert(kind: .repeatOffender, stream: later.stream, caseName: later.stream, agency: c?.amr, agencyKind: .amr,
                                since: later.penalty.decided.at, rule: "repeatOffender", citation: thresholds.repeatOffenceCitation,
                                message: "\(later.party.name) was penalised in \(later.stream) (\(later.penalty.decisionNo)) and " +
                                    "within \(thresholds.repeatOffenceYears) years before in \(previous.stream) " +
                                        "(\(previous.penalty.decisionNo)) for the same kind of act (\(later.ipType)).",
                                source: later.penalty.decided))
        }
        return alerts
    }

    /// "50,000.00 yuan".
    static func yuan(_ fen: Int) -> String {
        let whole = fen / 100
        let cents = abs(fen % 100)
        var digits = String(whole)
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        return digits + grouped + "." + (cents < 10 ? "0" : "") + String(cents) + " yuan"
    }
}

extension Party {
    /// Whether two parties are the same respondent: the same credit code, or the same name
    /// (white space ignored).
    public func isSame(as other: Party) -> Bool {
        if let a = creditCodeKey, let b = other.creditCodeKey { return a == b }
        return nameKey == other.nameKey
    }

    /// The credit code compared: upper-cased; `nil` when there is none.
    var creditCodeKey: String? { creditCode.flatMap { $0.isEmpty ? nil : $0.uppercased() } }

    /// The name compared: white space removed.
    var nameKey: String {
        Party.mayHoldWhiteSpace(name)
            ? String(String.UnicodeScalarView(name.unicodeScalars.filter { !$0.properties.isWhitespace })) : name
    }

    /// Whether `text` may hold a white-space scalar: whether any of its UTF-8 bytes is one
    /// (tab to carriage return, space) or begins the encoding of one (U+0085 and U+00A0 begin
    /// with 0xC2, U+1680 with 0xE1, U+2000 to U+205F with 0xE2, U+3000 with 0xE3). Most names
    /// hold none of these bytes, and are compared as they are, without looking up each
    /// scalar's properties: the rebuild's workers file every case under its respondent's name.
    static func mayHoldWhiteSpace(_ text: String) -> Bool {
        text.utf8.contains { b in (0x09...0x0D).contains(b) || b == 0x20 || b == 0xC2 || (0xE1...0xE3).contains(b) }
    }
}
