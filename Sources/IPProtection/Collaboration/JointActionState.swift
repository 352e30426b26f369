import LedgerCore

/// A joint enforcement action (`action/<id>`) folded: its sectors, agencies and period,
/// the cases that arose in it, and its conclusion.
public struct JointActionState: Hashable, Sendable, Codable {
    /// A case linked to the action.
    public struct LinkedCase: Hashable, Sendable, Codable {
        /// The case's stream name (`case/<id>`).
        public var caseName: String
        /// The act that linked it: a `CaseLinked` in this stream, or the case's own
        /// `CaseOpened` when it named the action.
        public var linked: EventReference
        /// The agency that linked it.
        public var agency: String
    }

    /// The stream's full name.
    public let stream: String
    /// The launch.
    public internal(set) var launched: EventReference?
    /// The agency that launched it.
    public internal(set) var launchedBy: String?
    /// The title.
    public internal(set) var title = ""
    /// The key sectors targeted (`Sector`).
    public internal(set) var sectors: [String] = []
    /// The agencies taking part.
    public internal(set) var agencies: [String] = []
    /// The lead agency.
    public internal(set) var lead = ""
    /// Its first day.
    public internal(set) var from: CivilDate?
    /// Its last day.
    public internal(set) var to: CivilDate?
    /// The occasion, e.g. 4·26.
    public internal(set) var occasion: String?
    /// The cases linked, in the order linked.
    public internal(set) var links: [LinkedCase] = []
    /// The conclusion, once concluded.
    public internal(set) var conclusion: EventReference?
    /// The conclusion's summary.
    public internal(set) var summary: String?
    /// The number of events folded.
    public internal(set) var version = 0

    public init(stream: String) { self.stream = stream }

    /// Whether the stream's opening act has been recorded.
    public var exists: Bool { launched != nil }
    /// Whether the action was concluded.
    public var isConcluded: Bool { conclusion != nil }
    /// The cases linked, by stream name, in the order linked.
    public var linkedCases: [String] { links.map(\.caseName) }

    /// Whether `date` falls within the action's period.
    public func covers(_ date: CivilDate) -> Bool {
        guard let from, let to else { return false }
        return from <= date && date <= to
    }

    /// Folds one record of this stream. Total: never fails.
    public mutating func evolve(_ record: LedgerRecord, registry: RegistryState) {
        evolve(DomainEvent(record), registry: registry)
    }

    /// Folds one event of this stream.
    mutating func evolve(_ event: DomainEvent, registry: RegistryState) {
        version += 1
        let p = event.payload
        let ref = event.reference.sharing(stream)
        switch event.name {
        case .jointActionLaunched?:
            guard launched == nil else { return }
            launched = ref
            launchedBy = event.actor.agency
            title = p.string("title")
            sectors = p.strings("sectors")
            agencies = p.strings("agencies")
            lead = p.string("lead")
            from = CivilDate(p.string("from"))
            to = CivilDate(p.string("to"))
            occasion = p.optionalString("occasion")
        case .caseLinked?:
            link(p.string("case"), by: ref, agency: event.actor.agency)
        case .jointActionConcluded?:
            guard conclusion == nil else { return }
            conclusion = ref
            summary = p.string("summary")
        default:
            break
        }
    }

    /// Notes a case whose `CaseOpened` names this action. Called by `DomainState` as it folds the case.
    mutating func noteCaseOpened(_ caseName: String, by opening: EventReference, agency: String) {
        link(caseName, by: opening, agency: agency)
    }

    private mutating func link(_ caseName: String, by ref: EventReference, agency: String) {
        guard !links.contains(where: { $0.caseName == caseName }) else { return }
        links.append(LinkedCase(caseName: caseName, linked: ref, agency: agency))
    }
}
