import LedgerCore

/// An enforcement case (`case/<id>`) folded: the investigation, the penalty, the transfer
/// to the police and its disputes, and the deadlines all of these started.
///
/// Its fields (`Fields`) read as its own properties (`state.opened`, `state.transfer.stage`)
/// and are kept in one copy-on-write box (`Shared`), so that the fold's dictionary of
/// cases holds one reference per case.
@dynamicMemberLookup
public struct CaseState: Hashable, Sendable, Codable, CustomReflectable {
    /// A piece of recorded evidence.
    public struct Evidence: Hashable, Sendable, Codable {
        /// The evidence id within the case.
        public var id: String
        /// The SHA-256 recorded for the evidence file.
        public var sha256: String {
            get {
                switch hash {
                case .digest(let digest): return digest.hex
                case .text(let text): return text
                }
            }
            set { hash = FileHash(newValue) }
        }
        /// The act that recorded it.
        public var recorded: EventReference
        /// The notarisation, once notarised.
        public var notarized: EventReference?
        /// The notarial certificate number.
        public var certificateNo: String?
        /// `sha256`, kept in 32 bytes rather than as 64 characters in an allocation of their own.
        private var hash: FileHash

        /// A file's SHA-256 as recorded: its 32 bytes when written as 64 lowercase hex digits
        /// (as every recorded act has it), else the text as written (a fold takes any record).
        enum FileHash: Hashable, Sendable {
            case digest(SHA256.Digest)
            case text(String)

            init(_ text: String) {
                if Hex.isLowercaseHex(text, count: 64), let digest = SHA256.Digest(hex: text) {
                    self = .digest(digest)
                } else {
                    self = .text(text)
                }
            }
        }

        public init(id: String, sha256: String, recorded: EventReference, notarized: EventReference? = nil,
                    certificateNo: String? = nil) {
            self.id = id
            hash = FileHash(sha256)
            self.recorded = recorded
            self.notarized = notarized
            self.certificateNo = certificateNo
        }

        // Encoded as its properties, `sha256` as text.
        private enum CodingKeys: String, CodingKey {
            case id, sha256, recorded, notarized, certificateNo
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            hash = FileHash(try c.decode(String.self, forKey: .sha256))
            recorded = try c.decode(EventReference.self, forKey: .recorded)
            notarized = try c.decodeIfPresent(EventReference.self, forKey: .notarized)
            certificateNo = try c.decodeIfPresent(String.self, forKey: .certificateNo)
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(sha256, forKey: .sha256)
            try c.encode(recorded, forKey: .recorded)
            try c.encodeIfPresent(notarized, forKey: .notarized)
            try c.encodeIfPresent(certificateNo, forKey: .certificateNo)
        }
    }

    /// The evidence recorded in a case, in the order recorded, found by its id.
    ///
    /// Most cases record one piece or two, and a dictionary of one entry costs about 400
    /// bytes (its table sized to grow), twice an array's; at 100,000 cases that is 30 MB of
    /// a rebuild's memory. So the pieces are kept in an array, found by a scan while they
    /// are few and through an index of their positions once there are more than
    /// `scanLimit` (a case may record thousands).
    ///
    /// Encoded as the dictionary it replaces: by id (`Codable`, and in the snapshot, where
    /// ids are in the order of their bytes).
    public struct EvidenceList: Hashable, Sendable, Codable {
        /// The pieces, in the order recorded (ids unique).
        public private(set) var all: [Evidence] = []
        /// The position of each piece by its id, once there are more than `scanLimit`.
        private var positions: [String: Int]?

        /// Up to this many pieces, an id is found by a scan.
        static let scanLimit = 8

        public init() {}

        /// The pieces `all`, in that order; ids must be unique.
        init(_ all: [Evidence]) {
            for evidence in all { append(evidence) }
        }

        public var count: Int { all.count }
        public var isEmpty: Bool { all.isEmpty }

        /// The piece with `id`, if recorded.
        public subscript(id: String) -> Evidence? {
            position(of: id).map { all[$0] }
        }

        private func position(of id: String) -> Int? {
            if let positions { return positions[id] }
            return all.firstIndex { $0.id == id }
        }

        /// Adds a piece whose id is not recorded yet.
        mutating func append(_ evidence: Evidence) {
            all.append(evidence)
            if positions != nil {
                positions![evidence.id] = all.count - 1
            } else if all.count > EvidenceList.scanLimit {
                positions = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($1.id, $0) })
            }
        }

        /// Changes the piece with `id`, if recorded.
        mutating func update(_ id: String, _ change: (inout Evidence) -> Void) {
            guard let p = position(of: id) else { return }
            change(&all[p])
        }

        public static func == (a: EvidenceList, b: EvidenceList) -> Bool { a.all == b.all }
        public func hash(into hasher: inout Hasher) { hasher.combine(all) }

        public init(from decoder: Decoder) throws {
            // Keyed by id; the order recorded is the order of the acts that recorded them.
            let byID = try [String: Evidence](from: decoder)
            self.init(byID.values.sorted { $0.recorded.seq < $1.recorded.seq })
        }

        public func encode(to encoder: Encoder) throws {
            try Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) }).encode(to: encoder)
        }
    }

    /// The administrative penalty decided.
    public struct Penalty: Hashable, Sendable, Codable {
        /// The penalty decision number.
        public var decisionNo: String
        /// The fine, in fen.
        public var fineFen: Int
        /// Illegal gains, in fen.
        public var illegalGainsFen: Int
        /// Illegal business volume, in fen.
        public var businessVolumeFen: Int
        /// The act that decided it.
        public var decided: EventReference
    }

    /// A transfer dispute (移送争议) and the opinions asked and given in it.
    ///
    /// Few cases have one: its fields (`Fields`, read and written as its own properties)
    /// are boxed (`Shared`), so that every case keeps 8 bytes for it, not 160.
    @dynamicMemberLookup
    public struct Dispute: Hashable, Sendable, Codable, CustomReflectable {
        /// What the dispute recorded: its properties.
        public struct Fields: Hashable, Sendable, Codable {
            /// The act that raised the dispute.
            public var raised: EventReference
            /// The agency that raised it.
            public var raisedBy: String
            /// Opinion requests by the agency asked.
            public var requested: [String: EventReference] = [:]
            /// Opinions given, by the agency that gave them, with their recommendation.
            public var given: [String: EventReference] = [:]
            /// Each opinion's recommendation, by the agency that gave it.
            public var recommendations: [String: String] = [:]
            /// The resolution, once resolved.
            public var resolved: EventReference?
            /// The outcome recorded, as its payload gives it.
            public var outcome: String?
        }

        private var storage: Shared<Fields>

        init(raised: EventReference, raisedBy: String) { storage = Shared(Fields(raised: raised, raisedBy: raisedBy)) }

        /// A field of the dispute, read and written as its own property.
        public subscript<Value>(dynamicMember field: WritableKeyPath<Fields, Value>) -> Value {
            get { storage.value[keyPath: field] }
            _modify {
                if !isKnownUniquelyReferenced(&storage) { storage = Shared(storage.value) }
                yield &storage.value[keyPath: field]
            }
        }

        public static func == (a: Dispute, b: Dispute) -> Bool { a.storage === b.storage || a.storage.value == b.storage.value }
        public func hash(into hasher: inout Hasher) { storage.value.hash(into: &hasher) }
        public init(from decoder: Decoder) throws { storage = Shared(try Fields(from: decoder)) }
        public func encode(to encoder: Encoder) throws { try storage.value.encode(to: encoder) }
        public var customMirror: Mirror { Mirror(reflecting: storage.value) }
    }

    /// What the case's stream recorded: the state's properties.
    public struct Fields: Hashable, Sendable, Codable {
        /// The stream's full name.
        public let stream: String
        /// The act that opened the stream.
        public internal(set) var opened: EventReference?
        /// The agency that opened the case.
        public internal(set) var openedBy: String?
        /// The market-supervision agency that holds the case, when an amr opened it.
        public internal(set) var amr: String?
        /// The police agency that opened it, or that holds the transfer now.
        public internal(set) var police: String?
        /// The report the case came from (`report/<id>`).
        public internal(set) var report: String?
        /// The joint enforcement action it arose in, as `CaseOpened` names it (`action/<id>`).
        public internal(set) var action: String?
        /// The IP right concerned (`IPType`).
        public internal(set) var ipType = ""
        /// The sector concerned (`Sector`).
        public internal(set) var sector = ""
        /// The party investigated or reported.
        public internal(set) var respondent = Party.unnamed
        /// The holder of the right infringed.
        public internal(set) var rightsHolder = Party.unnamed
        /// Recorded evidence, in the order recorded, found by its id.
        public internal(set) var evidence = EvidenceList()
        /// Case-analysis meetings asked for and not yet held, oldest first.
        public internal(set) var pendingConsultations: [EventReference] = []
        /// The administrative penalty, once decided.
        public internal(set) var penalty: Penalty?
        /// The transfer to the police, step by step.
        public internal(set) var transfer = TransferProgress()
        /// The dispute now open, if any.
        public internal(set) var dispute: Dispute?
        /// Disputes settled, in order.
        public internal(set) var settledDisputes: [Dispute] = []
        /// Economic-impact assessments recorded.
        public internal(set) var impactAssessments: [EventReference] = []
        /// The close, once closed.
        public internal(set) var close: EventReference?
        /// The outcome recorded, as its payload gives it.
        public internal(set) var outcome: String?
        /// The statutory periods this stream started, open or ended.
        public internal(set) var deadlines = DeadlineBook()
        /// The number of events folded.
        public internal(set) var version = 0

        init(stream: String) { self.stream = stream }
    }

    @usableFromInline
    var storage: Shared<Fields>

    public init(stream: String) { storage = Shared(Fields(stream: stream)) }

    /// A field of the case, read as the state's own property.
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

    public static func == (a: CaseState, b: CaseState) -> Bool {
        a.storage === b.storage || a.storage.value == b.storage.value
    }
    public func hash(into hasher: inout Hasher) { storage.value.hash(into: &hasher) }
    public init(from decoder: Decoder) throws { storage = Shared(try Fields(from: decoder)) }
    public func encode(to encoder: Encoder) throws { try storage.value.encode(to: encoder) }
    public var customMirror: Mirror { Mirror(reflecting: storage.value) }

    /// Whether the stream's opening act has been recorded.
    public var exists: Bool { self.opened != nil }
    /// Whether the case was closed.
    public var isClosed: Bool { self.close != nil }

    /// The agencies that are parties to the case: its market-supervision agency and its police agency.
    public var parties: [String] { [self.amr, self.police].compactMap { $0 } }

    /// The offence the case is measured against: the transfer report's, else by IP type
    /// (trademark → 刑法 第213条, patent → 第216条).
    public var offence: String? { self.transfer.report?.suspectedOffence ?? ThresholdTable.defaultOffence(for: self.ipType) }
}

/// The transfer of a case to the police (两法衔接), step by step.
///
/// Most cases are never transferred: the fields (`Fields`, read as the transfer's own
/// properties) are boxed (`Shared`) only once the first step is recorded.
@dynamicMemberLookup
public struct TransferProgress: Hashable, Sendable, Codable, CustomReflectable {
    /// The furthest step reached.
    public enum Stage: String, Hashable, Sendable, Codable {
        case none, reported, refused, approved, transferred, received, declined, filed
    }

    /// The transfer report (移送报告) submitted to the head.
    public struct Report: Hashable, Sendable, Codable {
        /// The officers of the case team.
        public var team: [String]
        /// The Criminal Law article suspected.
        public var suspectedOffence: String
        /// Illegal gains, in fen.
        public var illegalGainsFen: Int?
        /// Illegal business volume, in fen.
        public var businessVolumeFen: Int?
        /// The act that submitted it.
        public var submitted: EventReference
    }

    /// What the transfer recorded: its properties.
    ///
    /// The steps few transfers reach (a refusal, a materials request, a decline and its
    /// reconsideration, a suggestion of filing supervision) are kept apart, in a box of
    /// their own (`RareSteps`) that most transfers never make: 264 bytes less in each, 7 MB
    /// of a rebuild at 1,000,000 events. Each reads and encodes as a property all the same.
    public struct Fields: Hashable, Sendable, Codable, CustomReflectable {
        /// The furthest step reached.
        public internal(set) var stage: Stage = .none
        /// The last transfer report submitted.
        public internal(set) var report: Report?
        /// Every transfer report submitted, in order.
        public internal(set) var reports: [EventReference] = []
        /// The head's approval of the last report.
        public internal(set) var approval: EventReference?
        /// The head's refusal of the last report.
        public internal(set) var refusal: EventReference? {
            get { self[rare: \.refusal] }
            set { self[rare: \.refusal] = newValue }
        }
        /// The transfer to the police (移送).
        public internal(set) var transferred: EventReference?
        /// The police agency the case went to first.
        public internal(set) var transferredTo: String?
        /// The documents 第六条 requires that the transfer did not include.
        public internal(set) var missingDocuments: [String] = []
        /// Forwards to other police agencies (转送), in order.
        public internal(set) var forwards: [EventReference] = []
        /// The act the current police agency holds the case since: the transfer or the last forward.
        public internal(set) var handedTo: EventReference?
        /// The receipt signed by the police agency that holds the case now.
        public internal(set) var receipt: EventReference?
        /// A materials request not yet answered.
        public internal(set) var pendingMaterialsRequest: EventReference? {
            get { self[rare: \.pendingMaterialsRequest] }
            set { self[rare: \.pendingMaterialsRequest] = newValue }
        }
        /// The filing (立案), once filed.
        public internal(set) var filing: EventReference?
        /// The filing decision's number.
        public internal(set) var filingNo: String?
        /// The decline (不予立案), if any.
        public internal(set) var decline: EventReference? {
            get { self[rare: \.decline] }
            set { self[rare: \.decline] = newValue }
        }
        /// The request for reconsideration, if any.
        public internal(set) var reconsiderationRequest: EventReference? {
            get { self[rare: \.reconsiderationRequest] }
            set { self[rare: \.reconsiderationRequest] = newValue }
        }
        /// The reconsideration decision, if any.
        public internal(set) var reconsiderationDecision: EventReference? {
            get { self[rare: \.reconsiderationDecision] }
            set { self[rare: \.reconsiderationDecision] = newValue }
        }
        /// The reconsideration's outcome (`ReconsiderationOutcome`).
        public internal(set) var reconsiderationOutcome: String? {
            get { self[rare: \.reconsiderationOutcome] }
            set { self[rare: \.reconsiderationOutcome] = newValue }
        }
        /// The suggestion of filing supervision, if any.
        public internal(set) var suggestion: EventReference? {
            get { self[rare: \.suggestion] }
            set { self[rare: \.suggestion] = newValue }
        }
        /// The procuratorate the filing supervision was suggested to.
        public internal(set) var suggestedTo: String? {
            get { self[rare: \.suggestedTo] }
            set { self[rare: \.suggestedTo] = newValue }
        }
        /// Handovers of materials to the police, in order.
        public internal(set) var handovers: [EventReference] = []
        /// Whether a filing may follow the decline: a reconsideration decided to file, or a dispute was resolved for transfer.
        public internal(set) var filingReopened = false
        /// The rare steps, `nil` while none is recorded.
        private var rare: RareSteps?

        /// The steps few transfers reach.
        struct Steps: Hashable, Sendable {
            var refusal: EventReference?
            var pendingMaterialsRequest: EventReference?
            var decline: EventReference?
            var reconsiderationRequest: EventReference?
            var reconsiderationDecision: EventReference?
            var reconsiderationOutcome: String?
            var suggestion: EventReference?
            var suggestedTo: String?
        }

        /// The box of the rare steps, never changed: a change puts them in a new one.
        final class RareSteps: Hashable, Sendable {
            let steps: Steps
            init(_ steps: Steps) { self.steps = steps }
            static func == (a: RareSteps, b: RareSteps) -> Bool { a === b || a.steps == b.steps }
            func hash(into hasher: inout Hasher) { hasher.combine(steps) }
        }

        /// A rare step: read from the box, or written into a new one (none when no step is left).
        private subscript<Value>(rare step: WritableKeyPath<Steps, Value?>) -> Value? {
            get { rare?.steps[keyPath: step] }
            set {
                var steps = rare?.steps ?? Steps()
                steps[keyPath: step] = newValue
                rare = steps == Steps() ? nil : RareSteps(steps)
            }
        }

        init() {}

        // Encoded as a plain struct's synthesised conformance would encode these properties, in this order.
        private enum CodingKeys: String, CodingKey {
            case stage, report, reports, approval, refusal, transferred, transferredTo, missingDocuments, forwards, handedTo,
                 receipt, pendingMaterialsRequest, filing, filingNo, decline, reconsiderationRequest, reconsiderationDecision,
                 reconsiderationOutcome, suggestion, suggestedTo, handovers, filingReopened
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            stage = try c.decode(Stage.self, forKey: .stage)
            report = try c.decodeIfPresent(Report.self, forKey: .report)
            reports = try c.decode([EventReference].self, forKey: .reports)
            approval = try c.decodeIfPresent(EventReference.self, forKey: .approval)
            var steps = Steps()
            steps.refusal = try c.decodeIfPresent(EventReference.self, forKey: .refusal)
            transferred = try c.decodeIfPresent(EventReference.self, forKey: .transferred)
            transferredTo = try c.decodeIfPresent(String.self, forKey: .transferredTo)
            missingDocuments = try c.decode([String].self, forKey: .missingDocuments)
            forwards = try c.decode([EventReference].self, forKey: .forwards)
            handedTo = try c.decodeIfPresent(EventReference.self, forKey: .handedTo)
            receipt = try c.decodeIfPresent(EventReference.self, forKey: .receipt)
            steps.pendingMaterialsRequest = try c.decodeIfPresent(EventReference.self, forKey: .pendingMaterialsRequest)
            filing = try c.decodeIfPresent(EventReference.self, forKey: .filing)
            filingNo = try c.decodeIfPresent(String.self, forKey: .filingNo)
            steps.decline = try c.decodeIfPresent(EventReference.self, forKey: .decline)
            steps.reconsiderationRequest = try c.decodeIfPresent(EventReference.self, forKey: .reconsiderationRequest)
            steps.reconsiderationDecision = try c.decodeIfPresent(EventReference.self, forKey: .reconsiderationDecision)
            steps.reconsiderationOutcome = try c.decodeIfPresent(String.self, forKey: .reconsiderationOutcome)
            steps.suggestion = try c.decodeIfPresent(EventReference.self, forKey: .suggestion)
            steps.suggestedTo = try c.decodeIfPresent(String.self, forKey: .suggestedTo)
            handovers = try c.decode([EventReference].self, forKey: .handovers)
            filingReopened = try c.decode(Bool.self, forKey: .filingReopened)
            rare = steps == Steps() ? nil : RareSteps(steps)
        }

        /// The properties, the rare steps among them, as a plain struct's.
        public var customMirror: Mirror {
            Mirror(self, children: [
                "stage": stage, "report": report as Any, "reports": reports, "approval": approval as Any, "refusal": refusal as Any,
                "transferred": transferred as Any, "transferredTo": transferredTo as Any, "missingDocuments": missingDocuments,
                "forwards": forwards, "handedTo": handedTo as Any, "receipt": receipt as Any,
                "pendingMaterialsRequest": pendingMaterialsRequest as Any, "filing": filing as Any, "filingNo": filingNo as Any,
                "decline": decline as Any, "reconsiderationRequest": reconsiderationRequest as Any,
                "reconsiderationDecision": reconsiderationDecision as Any, "reconsiderationOutcome": reconsiderationOutcome as Any,
                "suggestion": suggestion as Any, "suggestedTo": suggestedTo as Any, "handovers": handovers,
                "filingReopened": filingReopened,
            ], displayStyle: .struct)
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(stage, forKey: .stage)
            try c.encodeIfPresent(report, forKey: .report)
            try c.encode(reports, forKey: .reports)
            try c.encodeIfPresent(approval, forKey: .approval)
            try c.encodeIfPresent(refusal, forKey: .refusal)
            try c.encodeIfPresent(transferred, forKey: .transferred)
            try c.encodeIfPresent(transferredTo, forKey: .transferredTo)
            try c.encode(missingDocuments, forKey: .missingDocuments)
            try c.encode(forwards, forKey: .forwards)
            try c.encodeIfPresent(handedTo, forKey: .handedTo)
            try c.encodeIfPresent(receipt, forKey: .receipt)
            try c.encodeIfPresent(pendingMaterialsRequest, forKey: .pendingMaterialsRequest)
            try c.encodeIfPresent(filing, forKey: .filing)
            try c.encodeIfPresent(filingNo, forKey: .filingNo)
            try c.encodeIfPresent(decline, forKey: .decline)
            try c.encodeIfPresent(reconsiderationRequest, forKey: .reconsiderationRequest)
            try c.encodeIfPresent(reconsiderationDecision, forKey: .reconsiderationDecision)
            try c.encodeIfPresent(reconsiderationOutcome, forKey: .reconsiderationOutcome)
            try c.encodeIfPresent(suggestion, forKey: .suggestion)
            try c.encodeIfPresent(suggestedTo, forKey: .suggestedTo)
            try c.encode(handovers, forKey: .handovers)
            try c.encode(filingReopened, forKey: .filingReopened)
        }
    }

    /// Nothing transferred.
    @usableFromInline
    static let initial = Fields()

    /// The fields, or `nil` while they are `initial`.
    @usableFromInline
    var storage: Shared<Fields>?

    public init() {}

    /// A field of the transfer, read as its own property.
    @inlinable
    public subscript<Value>(dynamicMember field: KeyPath<Fields, Value>) -> Value {
        (storage?.value ?? TransferProgress.initial)[keyPath: field]
    }

    /// A field of the transfer, changed in place (the fold's).
    subscript<Value>(dynamicMember field: WritableKeyPath<Fields, Value>) -> Value {
        get { (storage?.value ?? TransferProgress.initial)[keyPath: field] }
        _modify {
            if storage == nil {
                storage = Shared(TransferProgress.initial)
            } else if !isKnownUniquelyReferenced(&storage!) {
                storage = Shared(storage!.value)
            }
            yield &storage!.value[keyPath: field]
        }
    }

    public static func == (a: TransferProgress, b: TransferProgress) -> Bool {
        a.storage === b.storage || (a.storage?.value ?? initial) == (b.storage?.value ?? initial)
    }

    public func hash(into hasher: inout Hasher) { (storage?.value ?? TransferProgress.initial).hash(into: &hasher) }

    public init(from decoder: Decoder) throws {
        let fields = try Fields(from: decoder)
        storage = fields == TransferProgress.initial ? nil : Shared(fields)
    }

    public func encode(to encoder: Encoder) throws { try (storage?.value ?? TransferProgress.initial).encode(to: encoder) }
    public var customMirror: Mirror { Mirror(reflecting: storage?.value ?? TransferProgress.initial) }
}
