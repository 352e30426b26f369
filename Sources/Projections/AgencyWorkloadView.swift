import IPProtection
import LedgerCore

/// One line of the workload view: an agency (`officer == nil`) or one of its officers.
public struct WorkloadRow: Hashable, Sendable {
    /// The agency.
    public var agency: String
    /// The officer, or `nil` for the agency as a whole.
    public var officer: String?
    /// The agency's or officer's registered name.
    public var name: String
    /// The agency's kind.
    public var agencyKind: String
    /// Open items by kind: items the agency holds or must act in, and have not ended.
    public var open: [ItemKind: Int]
    /// Open items with at least one of the agency's deadlines past due.
    public var overdue: Int
    /// Items finished per month (`YYYY-MM`).
    public var finished: [String: Int]

    /// The number of open items of every kind.
    public var openTotal: Int { open.values.reduce(0, +) }

    public func json() -> JSONValue {
        var openJSON: [String: JSONValue] = [:]
        for kind in ItemKind.allCases { openJSON[kind.rawValue] = .number(Double(open[kind] ?? 0)) }
        return [
            "agency": .string(agency), "officer": officer.map(JSONValue.string) ?? .null, "name": .string(name),
            "agencyKind": .string(agencyKind), "open": .object(openJSON), "openTotal": .number(Double(openTotal)),
            "overdue": .number(Double(overdue)), "finished": .object(finished.mapValues { .number(Double($0)) }),
        ]
    }
}

/// Agency workloads (DOMAIN.md "Read models"): per agency and officer, open items by kind,
/// overdue items, and items finished per month.
public enum AgencyWorkloadView {
    /// Every registered agency (in id order), each followed by its officers that have open
    /// or finished items (in id order).
    ///
    /// An item is open for an agency that holds it (the agency deciding a report, the
    /// parties to a case, the procuratorate of a supervision) or that must act in it (an
    /// open deadline names it); for an officer, when the officer handles it for that
    /// agency (the last of its officers to act in it).
    public static func rows(_ set: ProjectionSet, judgedAt: Timestamp) -> [WorkloadRow] {
        let domain = set.domain
        let registry = domain.registry
        let handlersByItem = set.workload.handlers
        var open: [String: [ItemKind: Int]] = [:]
        var overdue: [String: Int] = [:]
        for stream in domain.itemStreams where domain.end(of: stream) == nil {
            guard let kind = ItemKind(stream: stream), let book = domain.deadlineBook(of: stream) else { continue }
            var concerned = domain.holders(of: stream)
            var late: Set<String> = []
            for deadline in book.all where deadline.isOpen {
                guard let agency = deadline.agency else { continue }
                if !concerned.contains(agency) { concerned.append(agency) }
                if deadline.rule.watched, deadline.isLate(at: judgedAt) { late.insert(agency) }
            }
            let handlers = handlersByItem[stream] ?? [:]
            for agency in concerned {
                open[agency, default: [:]][kind, default: 0] += 1
                if late.contains(agency) { overdue[agency, default: 0] += 1 }
                if let officer = handlers[agency] {
                    let key = agency + "\u{0}" + officer
                    open[key, default: [:]][kind, default: 0] += 1
                    if late.contains(agency) { overdue[key, default: 0] += 1 }
                }
            }
        }
        var rows: [WorkloadRow] = []
        var officersByAgency: [String: [RegistryState.Officer]] = [:]
        for officer in registry.officers.values { officersByAgency[officer.agency, default: []].append(officer) }
        let agencyIDs = Set(registry.agencies.keys).union(open.keys.filter { !$0.contains("\u{0}") })
        for id in agencyIDs.sorted() {
            let agency = registry.agency(id)
            rows.append(WorkloadRow(agency: id, officer: nil, name: agency?.name ?? id, agencyKind: agency?.kind.rawValue ?? "",
                                    open: open[id] ?? [:], overdue: overdue[id] ?? 0,
                                    finished: set.workload.finishedByAgency[id] ?? [:]))
            for officer in (officersByAgency[id] ?? []).sorted(by: { $0.id < $1.id }) {
                let key = id + "\u{0}" + officer.id
                let finished = set.workload.finishedByOfficer[officer.id] ?? [:]
                guard open[key] != nil || !finished.isEmpty else { continue }
                rows.append(WorkloadRow(agency: id, officer: officer.id, name: officer.name, agencyKind: agency?.kind.rawValue ?? "",
                                        open: open[key] ?? [:], overdue: overdue[key] ?? 0, finished: finished))
            }
        }
        return rows
    }
}
