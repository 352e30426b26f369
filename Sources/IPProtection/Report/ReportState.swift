import LedgerCore

/// A report (`report/<id>`) folded: who received it, who holds it, the decision and the close.
@dynamicMemberLookup
public struct ReportState: Hashable, Sendable, Codable, CustomReflectable {
    /// Where a report stands.
    public enum Stage: String, Hashable, Sendable, Codable {
        case none, received, accepted, declined, closed
    }

    /// What the report's stream recorded: the state's properties.
    public struct Fields: Hashable, Sendable, Codable {
        /// The stream's full name.
        public let stream: String
        /// The receipt that opened the stream.
        public private(set) var received: EventReference?
        /// The agency that received it.
        public private(set) var receivedBy: String?
        /// Every agency holding it: the receiver, then those it was shared with.
        public private(set) var holders: [String] = []
        /// How the report came in (`ReportChannel`).
        public private(set) var channel = ""
        /// The IP right concerned (`IPType`).
        public private(set) var ipType = ""
        /// The sector concerned (`Sector`).
        public private(set) var sector = ""
        /// The party investigated or reported.
        public private(set) var respondent = Party.unnamed
        /// Who reported (`ReporterKind`).
        public private(set) var reporterKind = ""
        /// The market-supervision agency that must decide: the receiver if it is one, else the first it was shared with.
        public private(set) var deciding: String?
        /// The acceptance or decline.
        public private(set) var decision: EventReference?
        /// The close, once closed.
        public private(set) var close: EventReference?
        /// The outcome recorded, as its payload gives it.
        public private(set) var outcome: String?
        /// The case opened on it, as the close names it.
        public internal(set) var caseOpened: String?
        /// The statutory periods this stream started, open or ended.
        public private(set) var deadlines = DeadlineBook()
        /// The number of events folded.
        public private(set) var version = 0

        init(stream: String) { self.stream = stream }
    }

    @usableFromInline
    var storage: Shared<Fields>

    public init(stream: String) { storage = Shared(Fields(stream: stream)) }

    /// A field of the report, read as the state's own property.
    @inlinable
    public subscript<Value>(dynamicMember field: KeyPath<Fields, Value>) -> Value { storage.value[keyPath: field] }

    /// The fields, changed in place (after copying them if another state shares them).
    var fields: Fields {
        get { storage.value }
        _modify {
            if !isKnownUniquelyReferenced(&storage) { storage = Shared(storage.value) }
            yield &storage.value
        }
    }

    public static func == (a: ReportState, b: ReportState) -> Bool {
        a.storage === b.storage || a.storage.value == b.storage.value
    }
    public func hash(into hasher: inout Hasher) { storage.value.hash(into: &hasher) }
    public init(from decoder: Decoder) throws { storage = Shared(try Fields(from: decoder)) }
    public func encode(to encoder: Encoder) throws { try storage.value.encode(to: encoder) }
    public var customMirror: Mirror { Mirror(reflecting: storage.value) }

    /// Whether the stream's opening act has been recorded.
    public var exists: Bool { self.received != nil }

    /// The furthest step reached.
    public var stage: Stage {
        if self.close != nil { return .closed }
        if let d = self.decision { return d.name == .reportAccepted ? .accepted : .declined }
        return self.received == nil ? .none : .received
    }

    /// Folds one record of this stream. Total: never fails.
    public mutating func evolve(_ record: LedgerRecord, registry: RegistryState) {
        var shared = SharedValues()
        fields.evolve(DomainEvent(record), registry: registry, shared: &shared)
    }

    /// Folds one event of this stream, and returns the state after it; values equal to
    /// others' are taken from `shared`.
    @discardableResult
    mutating func evolve(_ event: DomainEvent, registry: RegistryState, shared: inout SharedValues) -> ReportState {
        fields.evolve(event, registry: registry, shared: &shared)
        return self
    }

    /// Takes the name of the case the report's close names from the cases' own (`name`, equal to it).
    mutating func share(caseName name: String) {
        if self.caseOpened == name { fields.caseOpened = name }
    }
}

extension ReportState.Fields {
    /// Folds one event of this stream.
    mutating func evolve(_ event: DomainEvent, registry: RegistryState, shared: inout SharedValues) {
        version += 1
        let p = event.payload
        let ref = event.reference.sharing(stream)
        var clock: LedgerClock { registry.clock(atSeq: event.seq) }
        switch event.name {
        case .reportReceived?:
            guard received == nil else { return }
            received = ref
            receivedBy = event.actor.agency
            holders = shared.list(of: event.actor.agency)
            channel = shared.word(p.string("channel"))
            ipType = shared.word(p.string("ipType"))
            sector = shared.word(p.string("sector"))
            respondent = shared.party(p.party("respondent"))
            reporterKind = shared.word(p.object("reporter").string("kind"))
            if registry.isAgency(event.actor.agency, ofKind: .amr) { startDecision(by: event.actor.agency, ref, clock) }
        case .reportShared?:
            for agency in p.strings("agencies") where !holders.contains(agency) {
                holders.append(agency)
                if deciding == nil, decision == nil, registry.isAgency(agency, ofKind: .amr) { startDecision(by: agency, ref, clock) }
            }
        case .reportAccepted?, .reportDeclined?:
            guard decision == nil else { return }
            decision = ref
            deadlines.meet([.reportDecision], by: ref, clock: clock)
        case .reportClosed?:
            guard close == nil else { return }
            close = ref
            outcome = p.string("outcome")
            caseOpened = p.optionalString("case")
            deadlines.end(nil, by: ref)
        default:
            break
        }
    }

    private mutating func startDecision(by agency: String, _ ref: EventReference, _ clock: LedgerClock) {
        deciding = agency
        deadlines.open(.reportDecision, stream: stream, start: ref, agency: agency, clock: clock)
    }
}
