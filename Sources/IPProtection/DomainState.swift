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
    public internal(set) var reports = StreamTable<ReportState>()
    /// Cases by stream name (`case/<id>`).
    public internal(set) var cases = StreamTable<CaseState>()
    /// Supervisions by stream name (`supervision/<id>`).
    public internal(set) var supervisions = StreamTable<SupervisionState>()
    /// Mediations by stream name (`mediation/<id>`): the mediation docket.
    public internal(set) var mediations = StreamTable<MediationState>()
    /// Joint enforcement actions by stream name (`action/<id>`).
    public internal(set) var actions = StreamTable<JointActionState>()
    /// Meetings by stream name (`meeting/<id>`).
    public internal(set) var meetings = StreamTable<MeetingState>()
    /// Services by stream name (`service/<id>`).
    public internal(set) var services = StreamTable<ServiceState>()
    /// Typical-case publications by stream name (`publication/<id>`).
    public internal(set) var publications = StreamTable<PublicationState>()
    /// The number of events folded per stream, of every kind.
    ///
    /// A state that decides (the recorder's) keeps this dictionary as it folds. A state
    /// that only folds (`ProjectionSet`'s, see `countsVersionsInStates()`) counts each
    /// stream's events in its state's `version` instead, one dictionary lookup less per
    /// event, and makes this dictionary when it is read: read `version(of:)` for one stream.
    public var versions: [String: Int] {
        guard versionsInStates else { return counted }
        var all = counted
        all.reserveCapacity(counted.count + reports.count + cases.count + supervisions.count + mediations.count + actions.count
            + meetings.count + services.count + publications.count)
        for (stream, state) in reports { all[stream] = state.version }
        for (stream, state) in cases { all[stream] = state.version }
        for (stream, state) in supervisions { all[stream] = state.version }
        for (stream, state) in mediations { all[stream] = state.version }
        for (stream, state) in actions { all[stream] = state.version }
        for (stream, state) in meetings { all[stream] = state.version }
        for (stream, state) in services { all[stream] = state.version }
        for (stream, state) in publications { all[stream] = state.version }
        return all
    }
    /// The number of events folded per stream: of every stream, or (when
    /// `versionsInStates`) of the streams no state holds (the registry's, unknown kinds).
    private var counted: [String: Int] = [:]
    /// Whether the streams held by a state count their events in the state's `version`.
    private var versionsInStates = false
    /// The supervisions of each case, by the case's stream name.
    public internal(set) var supervisionsByCase: [String: [String]] = [:]
    /// The joint actions each case is linked to (by `CaseLinked`, or named in its `CaseOpened`),
    /// by the case's stream name.
    public internal(set) var actionsByCase: [String: [String]] = [:]
    /// The publications that name each case, by the case's stream name.
    public internal(set) var publicationsByCase: [String: [String]] = [:]
    /// Values many states hold equal (parties, lists of one agency), kept once when turned
    /// on (`keepsEqualValuesOnce()`): memory only, neither encoded nor compared.
    var shared = SharedValues()
    /// The highest `seq` folded.
    public internal(set) var lastSeq = 0
    /// The number of records folded.
    public internal(set) var count = 0

    public init() {}

    /// The number of events folded in `stream`.
    public func version(of stream: String) -> Int {
        guard versionsInStates, let kind = StreamKind(stream: stream), kind != .registry else { return counted[stream] ?? 0 }
        switch kind {
        case .report: return reports[stream]?.version ?? 0
        case .case: return cases[stream]?.version ?? 0
        case .supervision: return supervisions[stream]?.version ?? 0
        case .mediation: return mediations[stream]?.version ?? 0
        case .action: return actions[stream]?.version ?? 0
        case .meeting: return meetings[stream]?.version ?? 0
        case .service: return services[stream]?.version ?? 0
        case .publication: return publications[stream]?.version ?? 0
        case .registry: return counted[stream] ?? 0
        }
    }

    /// From now on, counts the events of each stream held by a state in the state's
    /// `version` only, not in the `versions` dictionary as well (see `versions`). Stays as it
    /// is if the dictionary does not agree with the states (a state decoded from elsewhere).
    public mutating func countsVersionsInStates() {
        guard !versionsInStates else { return }
        var rest = counted
        func take<State>(_ states: StreamTable<State>, _ version: (State) -> Int) -> Bool {
            for (stream, state) in states {
                guard rest.removeValue(forKey: stream) == version(state) else { return false }
            }
            return true
        }
        guard take(reports, { $0.version }), take(cases, { $0.version }), take(supervisions, { $0.version }),
              take(mediations, { $0.version }), take(actions, { $0.version }), take(meetings, { $0.version }),
              take(services, { $0.version }), take(publications, { $0.version }) else { return }
        counted = rest
        versionsInStates = true
    }

    /// From now on, keeps values that many states hold equal once (`SharedValues`): for a
    /// fold of the whole log, which holds every state at once.
    public mutating func keepsEqualValuesOnce() {
        shared.isOn = true
    }

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
        if !versionsInStates || event.kind == nil || event.kind == .registry { counted[event.stream, default: 0] += 1 }
        return evolveStream(event)
    }

    /// Forgets one stream's state, so that it can be folded again from its first record.
    mutating func forget(stream: String) {
        counted[stream] = nil
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

    /// Calls `body` with every stream's deadlines, in no particular order of streams:
    /// without sorting the streams' names or copying every deadline into one array.
    func forEachDeadlineBook(_ body: (DeadlineBook) -> Void) {
        for state in reports.values { body(state.deadlines) }
        for state in cases.values { body(state.deadlines) }
        for state in supervisions.values { body(state.deadlines) }
        for state in mediations.values { body(state.deadlines) }
    }

    /// The deadlines still open at the end of the fold.
    public var openDeadlines: [Deadline] { deadlines.filter(\.isOpen) }

    /// Decides `action` against this state without a store (tests, what-if tools): the
    /// same checks as `Recorder.decide`, with every stream read from memory.
    public func decide(_ action: Action, now: Timestamp) throws -> EventDraft {
        try Decision.decide(action, now: now, registry: registry, version: version(of: action.stream), reader: StateReader(self))
    }
}

/// The encoding of a folded state: its properties by name, and its versions as it keeps
/// them, so that it reads back alike. A state that counts them in its states
/// (`versionsInStates`) writes only those of the streams no state holds, not a dictionary
/// of every stream that the states' own versions would repeat.
extension DomainState {
    private enum CodingKeys: String, CodingKey {
        case registry, reports, cases, supervisions, mediations, actions, meetings, services, publications, versions
        case versionsInStates, supervisionsByCase, actionsByCase, publicationsByCase, lastSeq, count
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        registry = try c.decode(RegistryState.self, forKey: .registry)
        reports = try c.decode(StreamTable<ReportState>.self, forKey: .reports)
        cases = try c.decode(StreamTable<CaseState>.self, forKey: .cases)
        supervisions = try c.decode(StreamTable<SupervisionState>.self, forKey: .supervisions)
        mediations = try c.decode(StreamTable<MediationState>.self, forKey: .mediations)
        actions = try c.decode(StreamTable<JointActionState>.self, forKey: .actions)
        meetings = try c.decode(StreamTable<MeetingState>.self, forKey: .meetings)
        services = try c.decode(StreamTable<ServiceState>.self, forKey: .services)
        publications = try c.decode(StreamTable<PublicationState>.self, forKey: .publications)
        counted = try c.decode([String: Int].self, forKey: .versions)
        versionsInStates = try c.decode(Bool.self, forKey: .versionsInStates)
        supervisionsByCase = try c.decode([String: [String]].self, forKey: .supervisionsByCase)
        actionsByCase = try c.decode([String: [String]].self, forKey: .actionsByCase)
        publicationsByCase = try c.decode([String: [String]].self, forKey: .publicationsByCase)
        lastSeq = try c.decode(Int.self, forKey: .lastSeq)
        count = try c.decode(Int.self, forKey: .count)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(registry, forKey: .registry)
        try c.encode(reports, forKey: .reports)
        try c.encode(cases, forKey: .cases)
        try c.encode(supervisions, forKey: .supervisions)
        try c.encode(mediations, forKey: .mediations)
        try c.encode(actions, forKey: .actions)
        try c.encode(meetings, forKey: .meetings)
        try c.encode(services, forKey: .services)
        try c.encode(publications, forKey: .publications)
        try c.encode(counted, forKey: .versions)
        try c.encode(versionsInStates, forKey: .versionsInStates)
        try c.encode(supervisionsByCase, forKey: .supervisionsByCase)
        try c.encode(actionsByCase, forKey: .actionsByCase)
        try c.encode(publicationsByCase, forKey: .publicationsByCase)
        try c.encode(lastSeq, forKey: .lastSeq)
        try c.encode(count, forKey: .count)
    }
}
