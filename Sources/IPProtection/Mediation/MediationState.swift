import LedgerCore

/// A mediation (`mediation/<id>`) folded: how it came about, its mediator, sessions and
/// extensions, its agreement or failure, and the judicial confirmation of the agreement,
/// with every period these started. One row of the mediation docket.
@dynamicMemberLookup
public struct MediationState: Hashable, Sendable, Codable, CustomReflectable {
    /// Where a mediation stands.
    public enum Stage: String, Hashable, Sendable, Codable {
        /// Nothing recorded.
        case none
        /// Opened; no mediator assigned yet.
        case awaitingMediator
        /// A mediator is assigned and the mediation is open.
        case mediating
        /// The parties settled; no confirmation applied for.
        case settled
        /// The mediation failed.
        case failed
        /// The court registered the case of a failed delegated mediation.
        case registered
        /// Confirmation applied for, not yet accepted or decided.
        case confirmationApplied
        /// The application accepted; the court's decision is awaited.
        case confirmationAccepted
        /// Confirmation granted: the agreement is enforceable.
        case confirmed
        /// Confirmation denied (not accepted, or dismissed).
        case confirmationDenied
    }

    /// A party to the dispute and the side it stands on.
    public struct MediationParty: Hashable, Sendable, Codable {
        /// The party.
        public var party: Party
        /// Its side (`PartySide`).
        public var side: String
    }

    /// A mediator's assignment.
    public struct Assignment: Hashable, Sendable, Codable {
        /// The mediator's officer id.
        public var mediator: String
        /// The act that assigned them.
        public var assigned: EventReference
    }

    /// A session held.
    public struct Session: Hashable, Sendable, Codable {
        /// Online or in person (`SessionMode`).
        public var mode: String
        /// Who took part.
        public var participants: [String]
        /// The act that recorded it.
        public var held: EventReference
    }

    /// An extension of the mediation period with the parties' consent.
    public struct Extension: Hashable, Sendable, Codable {
        /// The days added.
        public var days: Int
        /// The parties who consented, by name.
        public var consentOf: [String]
        /// The act that recorded it.
        public var extended: EventReference
        /// The period's due instant before the extension.
        public var dueBefore: Timestamp?
        /// The period's due instant after the extension.
        public var dueAfter: Timestamp?
        /// Whether it was agreed after the period had already run out.
        public var afterDue: Bool
    }

    /// The mediation agreement (调解协议).
    public struct Agreement: Hashable, Sendable, Codable {
        /// The agreement's number.
        public var agreementNo: String
        /// SHA-256 of the signed agreement's file.
        public var sha256: String
        /// What the parties agreed.
        public var terms: String
        /// The amount to be paid, in fen.
        public var amountFen: Int?
        /// When it takes effect; the confirmation window runs from here.
        public var effectiveAt: Timestamp
        /// Whether it confirms ownership of an IP right (never confirmed by a court).
        public var confirmsOwnership: Bool
        /// The settlement that recorded it.
        public var settled: EventReference
    }

    /// The judicial confirmation (司法确认) of the agreement.
    public struct Confirmation: Hashable, Sendable, Codable {
        /// The court applied to: the only court that acts on the application.
        public var court: String
        /// The parties who applied, by name.
        public var applicants: [String]
        /// The application.
        public var applied: EventReference
        /// The acceptance, once accepted.
        public var accepted: EventReference?
        /// The confirmation case number given at acceptance.
        public var caseNo: String?
        /// The president's extension of the decision period, if any.
        public var extended: EventReference?
        /// The days it added (10 at most).
        public var extensionDays: Int?
        /// The grant or denial, once decided.
        public var decision: EventReference?
        /// The ruling's number.
        public var rulingNo: String?
        /// Why it was denied (`ConfirmationDenialReason`).
        public var denialReason: String?

        /// Whether the court granted confirmation.
        public var isGranted: Bool { decision?.name == .confirmationGranted }
    }

    /// What the mediation's stream recorded: the state's properties.
    public struct Fields: Hashable, Sendable, Codable {
        /// The stream's full name.
        public let stream: String
        /// The act that opened the stream.
        public internal(set) var opened: EventReference?
        /// How the mediation came about.
        public internal(set) var kind: MediationKind?
        /// The agency that recorded the opening.
        public internal(set) var openedBy: String?
        /// The court that delegated, entrusted or invited it: the only court that acts in it.
        public internal(set) var court: String?
        /// The court case number (entrusted and invited mediations).
        public internal(set) var courtCaseNo: String?
        /// The pre-filing mediation number (delegated mediations).
        public internal(set) var preFilingNo: String?
        /// The procedure of the court case (`CourtProcedure`, entrusted mediations).
        public internal(set) var procedure: String?
        /// Every party, in the order named.
        public internal(set) var parties: [MediationParty] = []
        /// The IP right concerned (`IPType`; empty when an invitation names none).
        public internal(set) var ipType = ""
        /// The sector concerned (`Sector`), when given.
        public internal(set) var sector: String?
        /// What is claimed.
        public internal(set) var claim = ""
        /// The amount claimed, in fen.
        public internal(set) var claimFen: Int?
        /// The mediation organisation that mediates.
        public internal(set) var organization = ""
        /// Mediators assigned, in order; the last one mediates.
        public internal(set) var assignments: [Assignment] = []
        /// Sessions held, in order.
        public internal(set) var sessions: [Session] = []
        /// Extensions agreed, in order.
        public internal(set) var extensions: [Extension] = []
        /// The agreement, once settled.
        public internal(set) var agreement: Agreement?
        /// The failure, if it failed.
        public internal(set) var failure: EventReference?
        /// Why it failed.
        public internal(set) var failureReason: String?
        /// The court's registration of the case after a failed delegation.
        public internal(set) var registration: EventReference?
        /// The case number registered.
        public internal(set) var registeredCaseNo: String?
        /// The judicial confirmation, once applied for.
        public internal(set) var confirmation: Confirmation?
        /// The statutory periods this stream started, open or ended.
        public internal(set) var deadlines = DeadlineBook()
        /// The number of events folded.
        public internal(set) var version = 0

        init(stream: String) { self.stream = stream }
    }

    @usableFromInline
    var storage: Shared<Fields>

    public init(stream: String) { storage = Shared(Fields(stream: stream)) }

    /// A field of the mediation, read as the state's own property.
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

    public static func == (a: MediationState, b: MediationState) -> Bool {
        a.storage === b.storage || a.storage.value == b.storage.value
    }
    public func hash(into hasher: inout Hasher) { storage.value.hash(into: &hasher) }
    public init(from decoder: Decoder) throws { storage = Shared(try Fields(from: decoder)) }
    public func encode(to encoder: Encoder) throws { try storage.value.encode(to: encoder) }
    public var customMirror: Mirror { Mirror(reflecting: storage.value) }
}
