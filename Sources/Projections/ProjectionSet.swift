import IPProtection
import LedgerCore

/// Every read model of the ledger, kept by one fold over the log.
///
/// `apply(_:)` takes each record once, in log order: the domain's own fold
/// (`DomainState`: stages, parties, every statutory deadline with its due instant and how
/// it ended) and the read models that need more than the domain keeps (who in each agency
/// handles each item, statistics). The answers users read (`CaseStatusBoard`,
/// `AgencyWorkloadView`, `TransferPlatformView`, `SupervisionTrail`, `AlertList`,
/// `StatisticsView` ...) are computed from it on demand, judged at an explicit instant, so
/// the same fold answers "now" and any `--as-of`.
///
/// The set is `Codable`: its encoding is the projection snapshot a ledger directory keeps
/// (see `ProjectionSet+Snapshot.swift`).
public struct ProjectionSet: Sendable, Codable {
    /// The version of the encoding; a snapshot of another version is folded again from the log.
    public static let formatVersion = 4

    /// The domain's fold: registry, reports, cases, supervisions and their deadlines.
    public internal(set) var domain = ProjectionSet.folding(DomainState())
    /// Who handles each open item, and items finished per month.
    public internal(set) var workload = AgencyWorkload()
    /// Counts by sector, IP type, agency and month.
    public internal(set) var statistics = Statistics()

    public init() {}

    /// `domain`, counting each stream's events in its state (`DomainState.countsVersionsInStates()`):
    /// a set only folds, so it keeps no dictionary of versions as it goes; and keeping equal
    /// values once (`DomainState.keepsEqualValuesOnce()`), since it holds every stream.
    private static func folding(_ domain: DomainState) -> DomainState {
        var domain = domain
        domain.countsVersionsInStates()
        domain.keepsEqualValuesOnce()
        return domain
    }

    private enum CodingKeys: String, CodingKey {
        case domain, workload, statistics
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        domain = ProjectionSet.folding(try c.decode(DomainState.self, forKey: .domain))
        workload = try c.decode(AgencyWorkload.self, forKey: .workload)
        statistics = try c.decode(Statistics.self, forKey: .statistics)
    }

    /// The highest `seq` folded (0 before any).
    public var lastSeq: Int { domain.lastSeq }
    /// The number of records folded.
    public var count: Int { domain.count }
    /// The ledger time zone's offset from UTC, in seconds.
    public var utcOffset: Int32 { domain.registry.utcOffset }

    /// Folds one record into every projection.
    public mutating func apply(_ stored: LedgerRecord) {
        apply(DomainEvent(stored))
    }

    /// Folds one event, read once from its record or line, into every projection.
    public mutating func apply(_ event: DomainEvent) {
        let state = domain.evolve(event)
        workload.apply(event, state, utcOffset: domain.registry.utcOffset)
        statistics.apply(event, state, domain)
    }

    /// `records` folded, in order, from nothing.
    public static func replay<Records: Sequence>(_ records: Records) -> ProjectionSet where Records.Element == LedgerRecord {
        var set = ProjectionSet()
        for record in records { set.apply(record) }
        return set
    }
}
