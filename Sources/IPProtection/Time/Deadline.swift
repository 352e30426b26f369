import LedgerCore

/// One statutory period running (or run) in a stream: when it started, when it is
/// due, who must act, and how it ended.
public struct Deadline: Hashable, Sendable, Codable {
    /// How a deadline stands.
    public enum Status: Hashable, Sendable, Codable {
        /// Still running or overdue: the act has not been recorded.
        case open
        /// The act was recorded; `late` when after `due`, `taken` in the period's unit.
        case met(by: EventReference, late: Bool, taken: Int)
        /// The obligation fell away without the act (the case was closed, forwarded or
        /// decided otherwise); `late` when that happened after `due`.
        case ended(by: EventReference, late: Bool)
    }

    /// The statutory rule that binds the act.
    public var rule: DeadlineRule
    /// The stream the obligation belongs to.
    public var stream: String
    /// The act that started the period.
    public var startedBy: EventReference
    /// The instant the period runs from: the starting act's `at`, or a later instant the
    /// act names (a mediation agreement's `effectiveAt` starts the confirmation window).
    public var start: Timestamp
    /// The period applied: the rule's, or one a court set or extended (a mediation period
    /// extended with the parties' consent, a confirmation decision extended by 10 days).
    public var period: Period
    /// The last instant at which the act is on time.
    public var due: Timestamp
    /// The agency that must act, when the rule names one.
    public var agency: String?
    /// How the deadline stands.
    public var status: Status

    public init(rule: DeadlineRule, stream: String, startedBy: EventReference, due: Timestamp, agency: String?, status: Status = .open,
                start: Timestamp? = nil, period: Period? = nil) {
        self.rule = rule
        self.stream = stream
        self.startedBy = startedBy
        self.start = start ?? startedBy.at
        self.period = period ?? rule.period
        self.due = due
        self.agency = agency
        self.status = status
    }

    /// Whether the act has not been recorded (nor the obligation ended).
    public var isOpen: Bool { status == .open }

    /// Whether an act at `instant` would be late (judged to the second).
    public func isLate(at instant: Timestamp) -> Bool { instant.seconds > due.seconds }

    /// Whether the deadline is open and past due at `instant`.
    public func isOverdue(asOf instant: Timestamp) -> Bool { isOpen && isLate(at: instant) }
}

/// The deadlines of one stream, opened and closed as its acts are recorded.
public struct DeadlineBook: Hashable, Sendable, Codable {
    /// Every deadline, in the order opened.
    public private(set) var all: [Deadline] = []

    public init() {}

    /// The deadlines still open.
    public var open: [Deadline] { all.filter(\.isOpen) }

    /// The open deadline due first among those that show as overdue: who must act next, and by when.
    public var next: Deadline? {
        all.filter { $0.isOpen && $0.rule.watched }.min { $0.due < $1.due }
    }

    /// The open deadlines past due at `instant`.
    public func overdue(asOf instant: Timestamp) -> [Deadline] {
        all.filter { $0.rule.watched && $0.isOverdue(asOf: instant) }
    }

    /// The deadlines whose act came late, or that ended after they were due: the stream's lateness flags.
    public var late: [Deadline] {
        all.filter {
            switch $0.status {
            case .open: return false
            case .met(_, let late, _), .ended(_, let late): return late
            }
        }
    }

    /// Opens `rule` at `start`, due by the period arithmetic with `clock`.
    ///
    /// - Parameters:
    ///   - from: the instant the period runs from when it is not the act's `at`.
    ///   - period: the period when it is not the rule's.
    mutating func open(_ rule: DeadlineRule, stream: String, start: EventReference, from: Timestamp? = nil, period: Period? = nil,
                       agency: String?, clock: LedgerClock) {
        let period = period ?? rule.period
        let instant = from ?? start.at
        let due = period.due(from: instant, utcOffset: clock.utcOffset, calendar: clock.calendar)
        all.append(Deadline(rule: rule, stream: stream, startedBy: start, due: due, agency: agency, start: instant, period: period))
    }

    /// Lengthens the open deadline of `rule` by `days`, counted from where it started: the
    /// last day moves `days` later (then to a working day, as any period in days).
    ///
    /// - Returns: the deadline before and after, or `nil` when none of `rule` is open.
    @discardableResult
    mutating func extend(_ rule: DeadlineRule, byDays days: Int, clock: LedgerClock) -> (before: Deadline, after: Deadline)? {
        guard let i = all.lastIndex(where: { $0.isOpen && $0.rule == rule }) else { return nil }
        let before = all[i]
        all[i].period = .days(before.period.length + days)
        all[i].due = all[i].period.due(from: before.start, utcOffset: clock.utcOffset, calendar: clock.calendar)
        return (before, all[i])
    }

    /// Meets every open deadline of `rules` with the act `by`.
    mutating func meet(_ rules: [DeadlineRule], by act: EventReference, clock: LedgerClock) {
        for i in all.indices where all[i].isOpen && rules.contains(all[i].rule) {
            let d = all[i]
            let taken = d.period.taken(from: d.start, to: act.at, utcOffset: clock.utcOffset, calendar: clock.calendar)
            all[i].status = .met(by: act, late: d.isLate(at: act.at), taken: taken)
        }
    }

    /// Ends every open deadline of `rules` (all when `nil`) without the act.
    mutating func end(_ rules: [DeadlineRule]?, by act: EventReference) {
        for i in all.indices where all[i].isOpen && (rules?.contains(all[i].rule) ?? true) {
            all[i].status = .ended(by: act, late: all[i].isLate(at: act.at))
        }
    }

    /// Records an act bound by an unwatched rule, judged on the spot: started at `start`, done by `act`.
    mutating func judge(_ rule: DeadlineRule, stream: String, start: EventReference, act: EventReference,
                        agency: String?, clock: LedgerClock) {
        open(rule, stream: stream, start: start, agency: agency, clock: clock)
        meet([rule], by: act, clock: clock)
    }
}

/// What deadline arithmetic needs from the registry: the time zone and the calendar in force.
public struct LedgerClock: Hashable, Sendable {
    /// The ledger time zone's offset from UTC, in seconds.
    public var utcOffset: Int32
    /// The holidays and adjusted working days in force.
    public var calendar: HolidayCalendar

    public init(utcOffset: Int32 = LedgerTimeZone.defaultOffset, calendar: HolidayCalendar = .empty) {
        self.utcOffset = utcOffset
        self.calendar = calendar
    }

    /// The period's due instant from `start`.
    public func due(_ period: Period, from start: Timestamp) -> Timestamp {
        period.due(from: start, utcOffset: utcOffset, calendar: calendar)
    }

    /// The date of `instant` in the ledger's time zone.
    public func date(of instant: Timestamp) -> CivilDate { CivilDate(instant, utcOffset: utcOffset) }
}
