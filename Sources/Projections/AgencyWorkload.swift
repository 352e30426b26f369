import IPProtection
import LedgerCore

/// What the workload view needs beyond the domain's fold: which officer of each agency
/// handles each open item, and the items each agency and officer finished per month.
///
/// The officer who handles an item for an agency is the last of its officers to record an
/// act in the item's stream; when the item ends, it is no longer anyone's open item.
public struct AgencyWorkload: Sendable, Codable, Hashable {
    /// Open item stream → agency → the officer of that agency who handles it.
    public internal(set) var handlers: [String: [String: String]] = [:]
    /// Agency → month (`YYYY-MM`, in the ledger's time zone) → items it finished.
    public internal(set) var finishedByAgency: [String: [String: Int]] = [:]
    /// Officer → month → items the officer finished.
    public internal(set) var finishedByOfficer: [String: [String: Int]] = [:]

    public init() {}

    /// Notes one record, after the domain has folded it.
    mutating func apply(_ record: LedgerRecord, _ domain: DomainState) {
        guard ItemKind(stream: record.stream) != nil else { return }
        if let end = domain.end(of: record.stream) {
            guard end.seq == record.seq else { return }
            handlers[record.stream] = nil
            let month = Month(end.at, utcOffset: domain.registry.utcOffset).text
            finishedByAgency[record.actor.agency, default: [:]][month, default: 0] += 1
            finishedByOfficer[record.actor.officer, default: [:]][month, default: 0] += 1
            return
        }
        handlers[record.stream, default: [:]][record.actor.agency] = record.actor.officer
    }
}

/// A calendar month in the ledger's time zone, written `YYYY-MM`.
public struct Month: Hashable, Comparable, Sendable {
    public var year: Int
    public var month: Int

    public init(_ instant: Timestamp, utcOffset: Int32) {
        let date = instant.civilDate(offsetSeconds: utcOffset)
        year = date.year
        month = date.month
    }

    public var text: String {
        let y = String(year)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + (month < 10 ? "-0" : "-") + String(month)
    }

    public static func < (a: Month, b: Month) -> Bool { (a.year, a.month) < (b.year, b.month) }
}
