import LedgerCore

/// A service of the protection center or a partner agency (`service/<id>`): one
/// `ServiceProvided` per stream.
public struct ServiceState: Hashable, Sendable, Codable {
    /// The stream's full name.
    public let stream: String
    /// The act that recorded the service.
    public internal(set) var provided: EventReference?
    /// The agency that provided it.
    public internal(set) var provider: String?
    /// The service (`ServiceKind`).
    public internal(set) var kind = ""
    /// Who received it.
    public internal(set) var recipient = Party.unnamed
    /// What was provided.
    public internal(set) var summary = ""
    /// The case it concerned, if any (`case/<id>`).
    public internal(set) var caseName: String?
    /// The number of events folded.
    public internal(set) var version = 0

    public init(stream: String) { self.stream = stream }

    /// Whether the service has been recorded.
    public var exists: Bool { provided != nil }
    /// Whether the recipient is a private enterprise (the center's own statistic).
    public var forPrivateEnterprise: Bool { recipient.privateEnterprise }

    /// Folds one record of this stream. Total: never fails.
    public mutating func evolve(_ record: LedgerRecord, registry: RegistryState) {
        evolve(DomainEvent(record), registry: registry)
    }

    /// Folds one event of this stream.
    mutating func evolve(_ event: DomainEvent, registry: RegistryState) {
        version += 1
        guard event.name == .serviceProvided, provided == nil else { return }
        let p = event.payload
        provided = event.reference.sharing(stream)
        provider = event.actor.agency
        kind = p.string("kind")
        recipient = p.party("recipient")
        summary = p.string("summary")
        caseName = p.optionalString("case")
    }
}
