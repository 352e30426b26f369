import LedgerCore

/// A report (`report/<id>`) folded: who received it, who holds it, the decision and the close.
public struct ReportState: Hashable, Sendable, Codable {
    /// Where a report stands.
    public enum Stage: String, Hashable, Sendable, Codable {
        case none, received, accepted, declined, closed
    }

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
    public private(set) var respondent = Party(name: "", privateEnterprise: false)
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
    public private(set) var caseOpened: String?
    /// The statutory periods this stream started, open or ended.
    public private(set) var deadlines = DeadlineBook()
    /// The number of events folded.
    public private(set) var version = 0

    public init(stream: String) { self.stream = stream }

    /// Whether the stream's opening act has been recorded.
    public var exists: Bool { received != nil }

    /// The furthest step reached.
    public var stage: Stage {
        if close != nil { return .closed }
        if let d = decision { return d.type == "ReportAccepted" ? .accepted : .declined }
        return received == nil ? .none : .received
    }

    /// Folds one record of this stream. Total: never fails.
    public mutating func evolve(_ record: LedgerRecord, registry: RegistryState) {
        version += 1
        let p = PayloadReader(record.payload)
        let ref = EventReference(record)
        let clock = registry.clock(atSeq: record.seq)
        switch record.type {
        case "ReportReceived":
            guard received == nil else { return }
            received = ref
            receivedBy = record.actor.agency
            holders = [record.actor.agency]
            channel = p.string("channel")
            ipType = p.string("ipType")
            sector = p.string("sector")
            respondent = p.party("respondent")
            reporterKind = p.object("reporter").string("kind")
            if registry.isAgency(record.actor.agency, ofKind: .amr) { startDecision(by: record.actor.agency, ref, clock) }
        case "ReportShared":
            for agency in p.strings("agencies") where !holders.contains(agency) {
                holders.append(agency)
                if deciding == nil, decision == nil, registry.isAgency(agency, ofKind: .amr) { startDecision(by: agency, ref, clock) }
            }
        case "ReportAccepted", "ReportDeclined":
            guard decision == nil else { return }
            decision = ref
            deadlines.meet([.reportDecision], by: ref, clock: clock)
        case "ReportClosed":
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
