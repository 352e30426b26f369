import LedgerCore

/// A meeting of the agencies (`meeting/<id>`): one `MeetingHeld` per stream.
public struct MeetingState: Hashable, Sendable, Codable {
    /// The stream's full name.
    public let stream: String
    /// The act that recorded the meeting.
    public internal(set) var held: EventReference?
    /// The agency that recorded it.
    public internal(set) var recordedBy: String?
    /// What the meeting was for (`MeetingKind`).
    public internal(set) var kind = ""
    /// The agencies that took part.
    public internal(set) var agencies: [String] = []
    /// What was discussed.
    public internal(set) var topics: [String] = []
    /// SHA-256 of the minutes, when recorded.
    public internal(set) var minutesSha256: String?
    /// The meeting's title, when given.
    public internal(set) var title: String?
    /// The cases studied (`case/<id>`).
    public internal(set) var cases: [String] = []
    /// What it concluded, when given.
    public internal(set) var conclusions: String?
    /// The number of events folded.
    public internal(set) var version = 0

    public init(stream: String) { self.stream = stream }

    /// Whether the meeting has been recorded.
    public var exists: Bool { held != nil }

    /// Folds one record of this stream. Total: never fails.
    public mutating func evolve(_ record: LedgerRecord, registry: RegistryState) {
        evolve(DomainEvent(record), registry: registry)
    }

    /// Folds one event of this stream.
    mutating func evolve(_ event: DomainEvent, registry: RegistryState) {
        version += 1
        guard event.name == .meetingHeld, held == nil else { return }
        let p = event.payload
        held = event.reference.sharing(stream)
        recordedBy = event.actor.agency
        kind = p.string("kind")
        agencies = p.strings("agencies")
        topics = p.strings("topics")
        minutesSha256 = p.optionalString("minutesSha256")
        title = p.optionalString("title")
        cases = p.strings("cases")
        conclusions = p.optionalString("conclusions")
    }
}
