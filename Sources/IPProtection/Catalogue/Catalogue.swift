import LedgerCore

/// Every event type the ledger knows, by stream kind.
///
/// Adding a stream kind: a catalogue file (`MediationEvents.types`), a state and a
/// decider, listed here and in `DomainState+Streams.swift`.
public enum Catalogue {
    /// All types, in catalogue order.
    public static let all: [EventType] = RegistryEvents.types + ReportEvents.types + CaseEvents.types + SupervisionEvents.types
        + MediationEvents.types + CollaborationEvents.types

    /// The stream kinds whose acts this module decides.
    public static let streamKinds: [String] = ["registry", "report", "case", "supervision", "mediation", "action", "meeting", "service",
                                               "publication"]

    /// The stream kinds DOMAIN.md defines: all of them are decided now.
    public static let allStreamKinds: [String] = streamKinds

    private static let byName: [String: EventType] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The current version of the type called `name`.
    public static func type(named name: String) -> EventType? { byName[name] }

    /// Turns a stored payload of an older schema version into the current one.
    ///
    /// Shipped schema versions are never edited (STYLE.md "Events over time"): a `v2`
    /// comes with an upcaster here, keyed by type and the version it reads, that
    /// returns the next version's payload. Every type is at `v1` today, so there are none.
    static let upcasters: [String: [Int: @Sendable ([String: JSONValue]) -> [String: JSONValue]]] = [:]

    /// The highest schema version of any type: a record of this version or later needs no upcast.
    static let newestVersion = all.map(\.version).max() ?? 1

    /// `record` with its payload upcast to the current schema version of its type.
    public static func upcast(_ record: LedgerRecord) -> LedgerRecord {
        guard record.schema < newestVersion, let current = byName[record.type]?.version, record.schema < current,
              let steps = upcasters[record.type] else { return record }
        var upcast = record
        while upcast.schema < current, let step = steps[upcast.schema] {
            upcast.payload = step(upcast.payload)
            upcast.schema += 1
        }
        return upcast
    }
}
