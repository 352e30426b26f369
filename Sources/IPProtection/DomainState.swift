import LedgerCore

/// Every stream of a ledger folded: the registry, reports, cases, supervisions, mediations,
/// joint actions, meetings, services and publications.
///
/// `evolve` is total: it never throws and never fails, whatever the record. Fold a whole
/// log (or any prefix, for `--as-of`) with `replay`, then read the states, their
/// deadlines, and `Alerts.compute(_:asOf:)`.
public struct DomainState: Sendable, Codable {
    /// The registry: agencies, officers, liaisons, calendar.
    public internal(set) var registry = RegistryState.initial
    /// Reports by stream name (`report/<id>`).
    public internal(set) var reports: [String: ReportState] = [:]
    /// Cases by stream name (`case/<id>`).
    public internal(set) var cases: [String: CaseState] = [:]
    /// Supervisions by stream name (`supervision/<id>`).
    public internal(set) var supervisions: [String: SupervisionState] = [:]
    /// Mediations by stream name (`mediation/<id>`): the mediation docket.
    public internal(set) var mediations: [String: MediationState] = [:]
    /// Joint enforcement actions by stream name (`action/<id>`).
    public internal(set) var actions: [String: JointActionState] = [:]
    /// Meetings by stream name (`meeting/<id>`).
    public internal(set) var meetings: [String: MeetingState] = [:]
    /// Services by stream name (`service/<id>`).
    public internal(set) var services: [String: ServiceState] = [:]
    /// Typical-case publications by stream name (`publication/<id>`).
    public internal(set) var publications: [String: PublicationState] = [:]
    /// The number of events folded per stream, of every kind.
    public internal(set) var versions: [String: Int] = [:]
    /// The supervisions of each case, by the case's stream name.
    public internal(set) var supervisionsByCase: [String: [String]] = [:]
    /// The joint actions each case is linked to (by `CaseLinked`, or named in its `CaseOpened`),
    /// by the case's stream name.
    public internal(set) var actionsByCase: [String: [String]] = [:]
    /// The publications that name each case, by the case's stream name.
    public internal(set) var publicationsByCase: [String: [String]] = [:]
    /// The highest `seq` folded.
    public internal(set) var lastSeq = 0
    /// The number of records folded.
    public internal(set) var count = 0

    public init() {}

    /// Nothing folded yet.
    public static let initial = DomainState()

    /// `records` folded, in order, from the initial state.
    public static func replay<Records: Sequence>(_ records: Records) -> DomainState where Records.Element == LedgerRecord {
        var state = DomainState()
        for record in records { state.evolve(record) }
        return state
    }

    /// Folds one record (upcast to its type's current schema first).
    public mutating func evolve(_ stored: LedgerRecord) {
        evolve(DomainEvent(stored))
    }

    /// Folds one event, and returns the state of its stream as it stands after.
    @discardableResult
    public mutating func evolve(_ event: DomainEvent) -> StreamState {
        count += 1
        lastSeq = max(lastSeq, event.seq)
        versions[event.stream, default: 0] += 1
        return evolveStream(event)
    }

    /// Forgets one stream's state, so that it can be folded again from its first record.
    mutating func forget(stream: String) {
        versions[stream] = nil
        reports[stream] = nil
        cases[stream] = nil
        supervisions[stream] = nil
        mediations[stream] = nil
        actions[stream] = nil
        meetings[stream] = nil
        services[stream] = nil
        publications[stream] = nil
        for key in actionsByCase.keys { actionsByCase[key]?.removeAll { $0 == stream } }
        for key in publicationsByCase.keys { publicationsByCase[key]?.removeAll { $0 == stream } }
        if stream == "registry" { registry = .initial }
    }

    /// Every deadline of every stream, open or not, in stream order.
    public var deadlines: [Deadline] {
        var out: [Deadline] = []
        for key in reports.keys.sorted() { out += reports[key]!.deadlines.all }
        for key in cases.keys.sorted() { out += cases[key]!.deadlines.all }
        for key in supervisions.keys.sorted() { out += supervisions[key]!.deadlines.all }
        for key in mediations.keys.sorted() { out += mediations[key]!.deadlines.all }
        return out
    }

    /// The deadlines still open at the end of the fold.
    public var openDeadlines: [Deadline] { deadlines.filter(\.isOpen) }

    /// Decides `action` against this state without a store (tests, what-if tools): the
    /// same checks as `Recorder.decide`, with every stream read from memory.
    public func decide(_ action: Action, now: Timestamp) throws -> EventDraft {
        try Decision.decide(action, now: now, registry: registry, version: versions[action.stream] ?? 0, reader: StateReader(self))
    }
}
