import IPProtection
import LedgerCore

/// Counts of the acts DOMAIN.md's statistics ask for, by sector, IP type, agency and month:
/// reports received, cases opened, transfers made, criminal filings, mediations settled,
/// judicial confirmations granted and typical cases published.
///
/// Each act counts once, in the month of its `at` (the ledger's time zone), for the
/// agency that recorded it and the sector and IP type of the item it belongs to (a
/// publication: of the first case it names; `unspecified` where the item names none).
public struct Statistics: Sendable, Codable, Hashable {
    /// One row of counts.
    public struct Counts: Sendable, Codable, Hashable {
        public var reports = 0
        public var cases = 0
        public var transfers = 0
        public var filings = 0
        public var mediationsSettled = 0
        public var confirmationsGranted = 0
        public var typicalCasesPublished = 0

        public init() {}

        /// The counts in display order, with their stable names.
        public var named: [(name: String, value: Int)] {
            [("reports", reports), ("cases", cases), ("transfers", transfers), ("filings", filings),
             ("mediationsSettled", mediationsSettled), ("confirmationsGranted", confirmationsGranted),
             ("typicalCasesPublished", typicalCasesPublished)]
        }

        /// The stable names of the counts, in display order.
        public static let names = Counts().named.map(\.name)

        /// Counts one more act of `metric`.
        mutating func add(_ metric: Metric) {
            switch metric {
            case .reports: reports += 1
            case .cases: cases += 1
            case .transfers: transfers += 1
            case .filings: filings += 1
            case .mediationsSettled: mediationsSettled += 1
            case .confirmationsGranted: confirmationsGranted += 1
            case .typicalCasesPublished: typicalCasesPublished += 1
            }
        }
    }

    /// What an act counts as.
    enum Metric {
        case reports, cases, transfers, filings, mediationsSettled, confirmationsGranted, typicalCasesPublished
    }

    /// The dimensions counts are broken down by.
    public enum Dimension: String, CaseIterable, Sendable {
        case sector, ipType, agency, month
    }

    /// The key of acts whose item names no sector or IP type (a mediation may name none).
    public static let unspecified = "unspecified"

    public internal(set) var total = Counts()
    public internal(set) var bySector: [String: Counts] = [:]
    public internal(set) var byIPType: [String: Counts] = [:]
    public internal(set) var byAgency: [String: Counts] = [:]
    public internal(set) var byMonth: [String: Counts] = [:]

    public init() {}

    /// The counts broken down by `dimension`.
    public func counts(by dimension: Dimension) -> [String: Counts] {
        switch dimension {
        case .sector: return bySector
        case .ipType: return byIPType
        case .agency: return byAgency
        case .month: return byMonth
        }
    }

    /// Counts one record, after the domain has folded it into `state` (so an act the domain
    /// ignored, such as a second opening of the same case, is not counted).
    mutating func apply(_ event: DomainEvent, _ state: StreamState, _ domain: DomainState) {
        let seq = event.seq
        let metric: Metric
        let sector: String
        let ipType: String
        switch (event.name, state) {
        case (.reportReceived?, .report(let r)):
            guard r.received?.seq == seq else { return }
            (metric, sector, ipType) = (.reports, r.sector, r.ipType)
        case (.caseOpened?, .case(let c)):
            guard c.opened?.seq == seq else { return }
            (metric, sector, ipType) = (.cases, c.sector, c.ipType)
        case (.caseTransferred?, .case(let c)):
            guard c.transfer.transferred?.seq == seq else { return }
            (metric, sector, ipType) = (.transfers, c.sector, c.ipType)
        case (.criminalCaseFiled?, .case(let c)):
            guard c.transfer.filing?.seq == seq else { return }
            (metric, sector, ipType) = (.filings, c.sector, c.ipType)
        case (.mediationSettled?, .mediation(let m)):
            guard m.agreement?.settled.seq == seq else { return }
            (metric, sector, ipType) = (.mediationsSettled, m.sector ?? Statistics.unspecified,
                                        m.ipType.isEmpty ? Statistics.unspecified : m.ipType)
        case (.confirmationGranted?, .mediation(let m)):
            guard let decision = m.confirmation?.decision, decision.seq == seq else { return }
            (metric, sector, ipType) = (.confirmationsGranted, m.sector ?? Statistics.unspecified,
                                        m.ipType.isEmpty ? Statistics.unspecified : m.ipType)
        case (.typicalCasePublished?, _):
            guard let p = domain.publications[event.stream], p.published?.seq == seq else { return }
            // A publication counts once, under the sector and IP type of the first case it names.
            let first = p.cases.lazy.compactMap { domain.cases[$0] }.first
            (metric, sector, ipType) = (.typicalCasesPublished, first?.sector ?? Statistics.unspecified,
                                        first?.ipType ?? Statistics.unspecified)
        default:
            return
        }
        let month = Month(event.at, utcOffset: domain.registry.utcOffset).text
        total.add(metric)
        bySector[sector, default: Counts()].add(metric)
        byIPType[ipType, default: Counts()].add(metric)
        byAgency[event.actor.agency, default: Counts()].add(metric)
        byMonth[month, default: Counts()].add(metric)
    }
}
