import LedgerCore

/// A publication of typical cases (`publication/<id>`): one `TypicalCasePublished` per stream.
public struct PublicationState: Hashable, Sendable, Codable {
    /// The stream's full name.
    public let stream: String
    /// The act that recorded the publication.
    public internal(set) var published: EventReference?
    /// The agency that published.
    public internal(set) var publisher: String?
    /// The cases published (`case/<id>`), each one in the ledger.
    public internal(set) var cases: [String] = []
    /// The title.
    public internal(set) var title = ""
    /// Where it was published.
    public internal(set) var channel = ""
    /// The occasion, e.g. 4·26.
    public internal(set) var occasion: String?
    /// The number of events folded.
    public internal(set) var version = 0

    public init(stream: String) { self.stream = stream }

    /// Whether the publication has been recorded.
    public var exists: Bool { published != nil }

    /// Folds one record of this stream. Total: never fails.
    public mutating func evolve(_ record: LedgerRecord, registry: RegistryState) {
        evolve(DomainEvent(record), registry: registry)
    }

    /// Folds one event of this stream.
    mutating func evolve(_ event: DomainEvent, registry: RegistryState) {
        version += 1
        guard event.name == .typicalCasePublished, published == nil else { return }
        let p = event.payload
        published = event.reference.sharing(stream)
        publisher = event.actor.agency
        cases = p.strings("cases")
        title = p.string("title")
        channel = p.string("channel")
        occasion = p.optionalString("occasion")
    }
}
