import LedgerCore

/// A procuratorial supervision (`supervision/<id>`) folded.
@dynamicMemberLookup
public struct SupervisionState: Hashable, Sendable, Codable, CustomReflectable {
    /// What the supervision's stream recorded: the state's properties.
    public struct Fields: Hashable, Sendable, Codable {
        /// The stream's full name.
        public let stream: String
        /// The act that opened the stream.
        public private(set) var opened: EventReference?
        /// The case supervised (`case/<id>`).
        public private(set) var caseName = ""
        /// What is supervised (`SupervisionKind`).
        public private(set) var kind = ""
        /// What started it (`SupervisionSource`).
        public private(set) var source = ""
        /// The procuratorate that opened it and records its acts.
        public private(set) var procuratorate = ""
        /// The explanation requested, the police agency asked, and the answer.
        public private(set) var explanationRequest: EventReference?
        /// The police agency asked to explain.
        public private(set) var explanationPolice: String?
        /// The explanation, once given.
        public private(set) var explanation: EventReference?
        /// The filing order, if issued.
        public private(set) var filingOrder: EventReference?
        /// The police agency ordered to file.
        public private(set) var orderedPolice: String?
        /// The case's filing after the order, noted when a replay folds the case's stream.
        public private(set) var filedAfterOrder: EventReference?
        /// Opinions asking an agency to transfer the case.
        public private(set) var transferOpinions: [EventReference] = []
        /// Correction notices issued.
        public private(set) var corrections: [EventReference] = []
        /// The conclusion, once concluded.
        public private(set) var conclusion: EventReference?
        /// The outcome recorded, as its payload gives it.
        public private(set) var outcome: String?
        /// The statutory periods this stream started, open or ended.
        public private(set) var deadlines = DeadlineBook()
        /// The number of events folded.
        public private(set) var version = 0

        init(stream: String) { self.stream = stream }
    }

    @usableFromInline
    var storage: Shared<Fields>

    public init(stream: String) { storage = Shared(Fields(stream: stream)) }

    /// A field of the supervision, read as the state's own property.
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

    public static func == (a: SupervisionState, b: SupervisionState) -> Bool {
        a.storage === b.storage || a.storage.value == b.storage.value
    }
    public func hash(into hasher: inout Hasher) { storage.value.hash(into: &hasher) }
    public init(from decoder: Decoder) throws { storage = Shared(try Fields(from: decoder)) }
    public func encode(to encoder: Encoder) throws { try storage.value.encode(to: encoder) }
    public var customMirror: Mirror { Mirror(reflecting: storage.value) }

    /// Whether the stream's opening act has been recorded.
    public var exists: Bool { self.opened != nil }

    /// Folds one record of this stream. Total: never fails.
    public mutating func evolve(_ record: LedgerRecord, registry: RegistryState) {
        fields.evolve(DomainEvent(record), registry: registry)
    }

    /// Folds one event of this stream, and returns the state after it.
    @discardableResult
    mutating func evolve(_ event: DomainEvent, registry: RegistryState) -> SupervisionState {
        fields.evolve(event, registry: registry)
        return self
    }

    /// Notes that the supervised case was filed (`CriminalCaseFiled` in its stream): a
    /// filing order's deadline is met. Called by `DomainState` as it folds the case.
    mutating func noteCaseFiled(_ filing: EventReference, registry: RegistryState) {
        fields.noteCaseFiled(filing, registry: registry)
    }
}

extension SupervisionState.Fields {
    /// Folds one event of this stream.
    mutating func evolve(_ event: DomainEvent, registry: RegistryState) {
        version += 1
        let p = event.payload
        let ref = event.reference.sharing(stream)
        var clock: LedgerClock { registry.clock(atSeq: event.seq) }
        switch event.name {
        case .supervisionOpened?:
            guard opened == nil else { return }
            opened = ref
            caseName = p.string("case")
            kind = p.string("kind")
            source = p.string("source")
            procuratorate = event.actor.agency
        case .explanationRequested?:
            explanationRequest = ref
            explanationPolice = p.string("police")
            explanation = nil
            deadlines.open(.explanation, stream: stream, start: ref, agency: explanationPolice, clock: clock)
        case .explanationGiven?:
            explanation = ref
            deadlines.meet([.explanation], by: ref, clock: clock)
        case .filingOrdered?:
            filingOrder = ref
            orderedPolice = p.string("police")
            deadlines.end([.explanation], by: ref)
            deadlines.open(.filingAfterOrder, stream: stream, start: ref, agency: orderedPolice, clock: clock)
        case .transferOpinionIssued?:
            transferOpinions.append(ref)
        case .correctionIssued?:
            corrections.append(ref)
        case .supervisionConcluded?:
            guard conclusion == nil else { return }
            conclusion = ref
            outcome = p.string("outcome")
        default:
            break
        }
    }

    /// Notes that the supervised case was filed: a filing order's deadline is met.
    mutating func noteCaseFiled(_ filing: EventReference, registry: RegistryState) {
        guard let order = filingOrder, filedAfterOrder == nil, filing.at >= order.at || filing.seq > order.seq else { return }
        filedAfterOrder = filing
        deadlines.meet([.filingAfterOrder], by: filing, clock: registry.clock(atSeq: filing.seq))
    }
}
