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
///
/// A book keeps each deadline in 96 bytes instead of a `Deadline`'s 184: the references
/// without their stream's name (the book's), and apart, in a box, only what is rarely so
/// (a deadline or a reference of another stream, a submitter's id, a start or a period
/// that is not the rule's). `all` makes the `Deadline`s again.
public struct DeadlineBook: Hashable, Sendable, Codable {
    /// The stream of the first deadline opened, which the others' references name unless they say otherwise.
    private var stream: String?
    private var entries: [Entry] = []

    public init() {}

    /// A book keeping `deadlines`, in order.
    init(_ deadlines: [Deadline]) {
        for deadline in deadlines { append(deadline) }
    }

    /// Every deadline, in the order opened.
    public var all: [Deadline] { entries.map(deadline) }

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
        let applied = period ?? rule.period
        let instant = from ?? start.at
        let due = applied.due(from: instant, utcOffset: clock.utcOffset, calendar: clock.calendar)
        if self.stream == nil { self.stream = stream }
        let exactStart = from.map { $0 == start.at && $0.offsetSeconds == start.at.offsetSeconds } ?? true
        add(Entry(rule: rule, outcome: .open, taken: 0, startedBy: start.stamp, due: due, agency: agency,
                  by: DeadlineBook.noAct,
                  unusual: Unusual(stream: stream == self.stream ? nil : stream,
                                   startedBy: start.stream == stream && !start.isRare ? nil : start, by: nil, taken: nil,
                                   start: exactStart ? nil : instant, period: applied == rule.period ? nil : applied)))
    }

    /// Lengthens the open deadline of `rule` by `days`, counted from where it started: the
    /// last day moves `days` later (then to a working day, as any period in days).
    ///
    /// - Returns: the deadline before and after, or `nil` when none of `rule` is open.
    @discardableResult
    mutating func extend(_ rule: DeadlineRule, byDays days: Int, clock: LedgerClock) -> (before: Deadline, after: Deadline)? {
        guard let i = entries.lastIndex(where: { $0.outcome == .open && $0.rule == rule }) else { return nil }
        let before = deadline(entries[i])
        var after = before
        after.period = .days(before.period.length + days)
        after.due = after.period.due(from: before.start, utcOffset: clock.utcOffset, calendar: clock.calendar)
        entries[i] = entry(after)
        return (before, after)
    }

    /// Meets every open deadline of `rules` with the act `by`.
    mutating func meet(_ rules: [DeadlineRule], by act: EventReference, clock: LedgerClock) {
        for i in entries.indices where entries[i].outcome == .open && rules.contains(entries[i].rule) {
            let e = entries[i]
            let start = e.unusual?.start ?? e.unusual?.startedBy?.at ?? e.startedBy.at
            let taken = (e.unusual?.period ?? e.rule.period).taken(from: start, to: act.at, utcOffset: clock.utcOffset,
                                                                    calendar: clock.calendar)
            close(i, act.at.seconds > e.due.seconds ? .metLate : .met, by: act, taken: taken)
        }
    }

    /// Ends every open deadline of `rules` (all when `nil`) without the act.
    mutating func end(_ rules: [DeadlineRule]?, by act: EventReference) {
        for i in entries.indices where entries[i].outcome == .open && (rules?.contains(entries[i].rule) ?? true) {
            close(i, act.at.seconds > entries[i].due.seconds ? .endedLate : .ended, by: act, taken: 0)
        }
    }

    /// Closes the open deadline at `i`: met or ended by `act`.
    private mutating func close(_ i: Int, _ outcome: Outcome, by act: EventReference, taken: Int) {
        entries[i].outcome = outcome
        entries[i].by = act.stamp
        entries[i].taken = Int32(truncatingIfNeeded: taken)
        let longTaken = Int(entries[i].taken) == taken ? nil : taken
        let usualAct = act.stream == entries[i].unusual?.stream ?? stream ?? "" && !act.isRare
        if !usualAct || longTaken != nil {
            let u = entries[i].unusual
            entries[i].unusual = Unusual(stream: u?.stream, startedBy: u?.startedBy, by: usualAct ? nil : act, taken: longTaken,
                                         start: u?.start, period: u?.period)
        }
    }

    /// The `by` of an open deadline, which nothing reads.
    private static let noAct = EventStamp(seq: 0, at: EventStamp.anyAt, idVersion: 0, name: nil)!

    /// Records an act bound by an unwatched rule, judged on the spot: started at `start`, done by `act`.
    mutating func judge(_ rule: DeadlineRule, stream: String, start: EventReference, act: EventReference,
                        agency: String?, clock: LedgerClock) {
        open(rule, stream: stream, start: start, agency: agency, clock: clock)
        meet([rule], by: act, clock: clock)
    }

    // MARK: The compact form

    /// How a deadline stands, in a byte.
    private enum Outcome: UInt8, Hashable, Sendable {
        case open, met, metLate, ended, endedLate
    }

    /// One deadline as the book keeps it.
    private struct Entry: Sendable {
        var rule: DeadlineRule
        var outcome: Outcome
        /// What `.met` took, when it fits (see `Unusual.taken`); beside the two bytes above, in what would be padding.
        var taken: Int32
        var startedBy: EventStamp
        var due: Timestamp
        var agency: String?
        /// The act that met or ended it (unused while open).
        var by: EventStamp
        var unusual: Unusual?
    }

    /// What a deadline rarely has, each `nil` when it is as usual.
    private final class Unusual: Sendable {
        /// The deadline's stream, when not the book's.
        let stream: String?
        /// The references, when they name another stream than the deadline's or have rare parts.
        let startedBy: EventReference?
        let by: EventReference?
        /// What `.met` took, when it does not fit in `Entry.taken`.
        let taken: Int?
        /// The start, when not exactly the starting act's `at`.
        let start: Timestamp?
        /// The period, when not the rule's.
        let period: Period?

        init?(stream: String?, startedBy: EventReference?, by: EventReference?, taken: Int?, start: Timestamp?, period: Period?) {
            guard stream != nil || startedBy != nil || by != nil || taken != nil || start != nil || period != nil else { return nil }
            self.stream = stream
            self.startedBy = startedBy
            self.by = by
            self.taken = taken
            self.start = start
            self.period = period
        }
    }

    private mutating func append(_ deadline: Deadline) {
        if stream == nil { stream = deadline.stream }
        add(entry(deadline))
    }

    /// Adds an entry, the array grown one entry at a time while it holds fewer than
    /// `growsOneByOneBelow`: most books keep one to five deadlines, and an array doubled
    /// from four to eight for a transferred case's fifth leaves room for three more that
    /// never come (7 MB at 1,000,000 events).
    private mutating func add(_ entry: Entry) {
        if entries.count == entries.capacity, entries.count < DeadlineBook.growsOneByOneBelow {
            entries.reserveCapacity(entries.count + 1)
        }
        entries.append(entry)
    }

    /// The entries the book has room for without growing.
    var capacity: Int { entries.capacity }

    /// Below this many entries, a book's array grows by one; from it, by doubling.
    static let growsOneByOneBelow = 8

    /// `deadline` in the compact form, its usual parts left out.
    private func entry(_ d: Deadline) -> Entry {
        let stream = d.stream == self.stream ? nil : d.stream
        func compact(_ ref: EventReference) -> (EventStamp, EventReference?) {
            (ref.stamp, ref.stream == d.stream && !ref.isRare ? nil : ref)
        }
        let (startedBy, unusualStart) = compact(d.startedBy)
        let exactStart = d.start == d.startedBy.at && d.start.offsetSeconds == d.startedBy.at.offsetSeconds
        let outcome: Outcome
        var by = DeadlineBook.noAct
        var unusualBy: EventReference?
        var taken = 0
        switch d.status {
        case .open:
            outcome = .open
        case .met(let act, let late, let took):
            outcome = late ? .metLate : .met
            (by, unusualBy) = compact(act)
            taken = took
        case .ended(let act, let late):
            outcome = late ? .endedLate : .ended
            (by, unusualBy) = compact(act)
        }
        let shortTaken = Int32(truncatingIfNeeded: taken)
        return Entry(rule: d.rule, outcome: outcome, taken: shortTaken, startedBy: startedBy, due: d.due, agency: d.agency, by: by,
                     unusual: Unusual(stream: stream, startedBy: unusualStart, by: unusualBy,
                                      taken: Int(shortTaken) == taken ? nil : taken, start: exactStart ? nil : d.start,
                                      period: d.period == d.rule.period ? nil : d.period))
    }

    /// The deadline an entry keeps.
    private func deadline(_ e: Entry) -> Deadline {
        let stream = e.unusual?.stream ?? self.stream ?? ""
        let startedBy = e.unusual?.startedBy ?? EventReference(e.startedBy, stream: stream)
        let by = e.unusual?.by ?? EventReference(e.by, stream: stream)
        let status: Deadline.Status
        switch e.outcome {
        case .open: status = .open
        case .met, .metLate: status = .met(by: by, late: e.outcome == .metLate, taken: e.unusual?.taken ?? Int(e.taken))
        case .ended, .endedLate: status = .ended(by: by, late: e.outcome == .endedLate)
        }
        return Deadline(rule: e.rule, stream: stream, startedBy: startedBy, due: e.due, agency: e.agency, status: status,
                        start: e.unusual?.start ?? startedBy.at, period: e.unusual?.period ?? e.rule.period)
    }

    public static func == (a: DeadlineBook, b: DeadlineBook) -> Bool {
        a.entries.count == b.entries.count && zip(a.entries, b.entries).allSatisfy { a.deadline($0) == b.deadline($1) }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(entries.count)
        for e in entries {
            hasher.combine(e.rule)
            hasher.combine(e.due)
        }
    }

    // A book encodes as the array of its deadlines, each compactly, as an array too, not as
    // `Deadline`'s keyed members (with its period and status each a keyed container of their
    // own): the folded states hold hundreds of thousands of deadlines, and a projection
    // snapshot stores them all. Each is
    //
    //     [rule, stream, startedBy, start, period unit (0 hours, 1 days, 2 working days),
    //      period count, due, agency or nil, outcome (0 open, 1 met, 2 ended), then
    //      for met: by, late, taken; for ended: by, late]

    public init(from decoder: Decoder) throws {
        var list = try decoder.unkeyedContainer()
        while !list.isAtEnd {
            var item = try list.nestedUnkeyedContainer()
            func corrupted(_ what: String) -> DecodingError {
                DecodingError.dataCorruptedError(in: item, debugDescription: "a deadline with \(what)")
            }
            let name = try item.decode(String.self)
            guard let rule = DeadlineRule(rawValue: name) else { throw corrupted("the unknown rule \(name)") }
            let stream = try item.decode(String.self)
            let startedBy = try item.decode(EventReference.self)
            let start = try item.decode(Timestamp.self)
            let unit = try item.decode(Int.self), count = try item.decode(Int.self)
            let period: Period
            switch unit {
            case 0: period = .hours(count)
            case 1: period = .days(count)
            case 2: period = .workingDays(count)
            default: throw corrupted("the unknown period unit \(unit)")
            }
            let due = try item.decode(Timestamp.self)
            let agency = try item.decodeNil() ? nil : try item.decode(String.self)
            let status: Deadline.Status
            switch try item.decode(Int.self) {
            case 0: status = .open
            case 1: status = .met(by: try item.decode(EventReference.self), late: try item.decode(Bool.self), taken: try item.decode(Int.self))
            case 2: status = .ended(by: try item.decode(EventReference.self), late: try item.decode(Bool.self))
            case let outcome: throw corrupted("the unknown outcome \(outcome)")
            }
            append(Deadline(rule: rule, stream: stream, startedBy: startedBy, due: due, agency: agency, status: status, start: start,
                            period: period))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var list = encoder.unkeyedContainer()
        for entry in entries {
            let d = deadline(entry)
            var item = list.nestedUnkeyedContainer()
            try item.encode(d.rule.rawValue)
            try item.encode(d.stream)
            try item.encode(d.startedBy)
            try item.encode(d.start)
            switch d.period {
            case .hours(let n): try item.encode(0); try item.encode(n)
            case .days(let n): try item.encode(1); try item.encode(n)
            case .workingDays(let n): try item.encode(2); try item.encode(n)
            }
            try item.encode(d.due)
            if let agency = d.agency { try item.encode(agency) } else { try item.encodeNil() }
            switch d.status {
            case .open:
                try item.encode(0)
            case .met(let by, let late, let taken):
                try item.encode(1); try item.encode(by); try item.encode(late); try item.encode(taken)
            case .ended(let by, let late):
                try item.encode(2); try item.encode(by); try item.encode(late)
            }
        }
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
