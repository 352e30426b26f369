import LedgerCore

/// An enforcement case (`case/<id>`) folded: the investigation, the penalty, the transfer
/// to the police and its disputes, and the deadlines all of these started.
public struct CaseState: Hashable, Sendable {
    /// A piece of recorded evidence.
    public struct Evidence: Hashable, Sendable {
        public var id: String
        public var sha256: String
        public var recorded: EventReference
        public var notarized: EventReference?
        public var certificateNo: String?
    }

    /// The administrative penalty decided.
    public struct Penalty: Hashable, Sendable {
        public var decisionNo: String
        public var fineFen: Int
        public var illegalGainsFen: Int
        public var businessVolumeFen: Int
        public var decided: EventReference
    }

    /// A transfer dispute (移送争议) and the opinions asked and given in it.
    public struct Dispute: Hashable, Sendable {
        public var raised: EventReference
        public var raisedBy: String
        /// Opinion requests by the agency asked.
        public var requested: [String: EventReference] = [:]
        /// Opinions given, by the agency that gave them, with their recommendation.
        public var given: [String: EventReference] = [:]
        public var recommendations: [String: String] = [:]
        public var resolved: EventReference?
        public var outcome: String?
    }

    public let stream: String
    public internal(set) var opened: EventReference?
    /// The agency that opened the case.
    public internal(set) var openedBy: String?
    /// The market-supervision agency that holds the case, when an amr opened it.
    public internal(set) var amr: String?
    /// The police agency that opened it, or that holds the transfer now.
    public internal(set) var police: String?
    public internal(set) var report: String?
    public internal(set) var ipType = ""
    public internal(set) var sector = ""
    public internal(set) var respondent = Party(name: "", privateEnterprise: false)
    public internal(set) var rightsHolder = Party(name: "", privateEnterprise: false)
    public internal(set) var evidence: [String: Evidence] = [:]
    /// Case-analysis meetings asked for and not yet held, oldest first.
    public internal(set) var pendingConsultations: [EventReference] = []
    public internal(set) var penalty: Penalty?
    public internal(set) var transfer = TransferProgress()
    /// The dispute now open, if any.
    public internal(set) var dispute: Dispute?
    /// Disputes settled, in order.
    public internal(set) var settledDisputes: [Dispute] = []
    public internal(set) var impactAssessments: [EventReference] = []
    public internal(set) var close: EventReference?
    public internal(set) var outcome: String?
    public internal(set) var deadlines = DeadlineBook()
    public internal(set) var version = 0

    public init(stream: String) { self.stream = stream }

    public var exists: Bool { opened != nil }
    public var isClosed: Bool { close != nil }

    /// The agencies that are parties to the case: its market-supervision agency and its police agency.
    public var parties: [String] { [amr, police].compactMap { $0 } }

    /// The offence the case is measured against: the transfer report's, else by IP type
    /// (trademark → 刑法 第213条, patent → 第216条).
    public var offence: String? { transfer.report?.suspectedOffence ?? ThresholdTable.defaultOffence(for: ipType) }
}

/// The transfer of a case to the police (两法衔接), step by step.
public struct TransferProgress: Hashable, Sendable {
    /// The furthest step reached.
    public enum Stage: String, Hashable, Sendable {
        case none, reported, refused, approved, transferred, received, declined, filed
    }

    /// The transfer report (移送报告) submitted to the head.
    public struct Report: Hashable, Sendable {
        public var team: [String]
        public var suspectedOffence: String
        public var illegalGainsFen: Int?
        public var businessVolumeFen: Int?
        public var submitted: EventReference
    }

    public internal(set) var stage: Stage = .none
    public internal(set) var report: Report?
    /// Every transfer report submitted, in order.
    public internal(set) var reports: [EventReference] = []
    public internal(set) var approval: EventReference?
    public internal(set) var refusal: EventReference?
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
    public internal(set) var receipt: EventReference?
    /// A materials request not yet answered.
    public internal(set) var pendingMaterialsRequest: EventReference?
    public internal(set) var filing: EventReference?
    public internal(set) var filingNo: String?
    public internal(set) var decline: EventReference?
    public internal(set) var reconsiderationRequest: EventReference?
    public internal(set) var reconsiderationDecision: EventReference?
    public internal(set) var reconsiderationOutcome: String?
    public internal(set) var suggestion: EventReference?
    /// The procuratorate the filing supervision was suggested to.
    public internal(set) var suggestedTo: String?
    public internal(set) var handovers: [EventReference] = []
    /// Whether a filing may follow the decline: a reconsideration decided to file, or a dispute was resolved for transfer.
    public internal(set) var filingReopened = false
}
