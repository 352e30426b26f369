import IPProtection
import LedgerCore

/// One statutory deadline as a person reads it at an instant: the rule and its source, the
/// period, who must act, when it is due, and whether the act came on time, late, not yet,
/// or not at all.
public struct DeadlineRow: Hashable, Sendable {
    /// How the deadline stands at the instant it is judged.
    public enum State: String, Hashable, Sendable, CaseIterable {
        /// Running: not yet due, the act not yet recorded.
        case open
        /// Past due and the act not recorded.
        case overdue
        /// The act was recorded by the due instant.
        case onTime
        /// The act was recorded after the due instant.
        case late
        /// The obligation fell away (the case was closed, forwarded ...) before it was due.
        case ended
        /// The obligation fell away after it was due.
        case endedLate
    }

    /// The rule's short name (`filingDecision`).
    public var rule: String
    /// The rule's legal source.
    public var citation: String
    /// The period applied: the rule's, or as a court or the parties extended it.
    public var period: Period
    /// The instant the period runs from (the starting act's `at`, or an instant it names).
    public var start: Timestamp
    /// The stream the obligation belongs to.
    public var stream: String
    /// The act that started the period.
    public var startedBy: EventReference
    /// The last instant at which the act is on time.
    public var due: Timestamp
    /// The agency that must act, when the rule names one.
    public var agency: String?
    /// How it stands.
    public var state: State
    /// The act that met or ended it.
    public var by: EventReference?
    /// How much of the period the act took, in the period's unit.
    public var taken: Int?
    /// Whether the rule shows as overdue while open (see `DeadlineRule.watched`).
    public var watched: Bool

    /// `deadline` judged at `instant`.
    public init(_ deadline: Deadline, judgedAt instant: Timestamp) {
        rule = deadline.rule.rawValue
        citation = deadline.rule.citation
        period = deadline.period
        stream = deadline.stream
        startedBy = deadline.startedBy
        start = deadline.start
        due = deadline.due
        agency = deadline.agency
        watched = deadline.rule.watched
        switch deadline.status {
        case .open:
            state = watched && deadline.isLate(at: instant) ? .overdue : .open
        case .met(let act, let late, let taken):
            state = late ? .late : .onTime
            by = act
            self.taken = taken
        case .ended(let act, let late):
            state = late ? .endedLate : .ended
            by = act
        }
    }

    /// Whether the deadline is still running or overdue.
    public var isOpen: Bool { state == .open || state == .overdue }

    /// The row as JSON; times in the ledger's time zone.
    public func json(utcOffset: Int32) -> JSONValue {
        var m: [String: JSONValue] = [
            "rule": .string(rule), "citation": .string(citation), "limit": .number(Double(period.length)),
            "unit": .string(period.unit), "stream": .string(stream), "startedBy": startedBy.rowJSON(utcOffset: utcOffset),
            "start": .string(start.text(utcOffset)),
            "due": .string(due.text(utcOffset)), "agency": agency.map(JSONValue.string) ?? .null, "state": .string(state.rawValue),
            "by": by.map { $0.rowJSON(utcOffset: utcOffset) } ?? .null, "taken": taken.map { .number(Double($0)) } ?? .null,
        ]
        if !watched { m["watched"] = .bool(false) }
        return .object(m)
    }
}

extension Timestamp {
    /// The instant as RFC 3339 in the ledger's time zone.
    public func text(_ utcOffset: Int32) -> String { format(offsetSeconds: utcOffset) }
}

extension EventReference {
    /// `{"seq", "type", "at"}`: enough for a reader to find the act in the log.
    public func rowJSON(utcOffset: Int32) -> JSONValue {
        ["seq": .number(Double(seq)), "type": .string(type), "at": .string(at.text(utcOffset))]
    }
}
