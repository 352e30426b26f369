import IPProtection
import LedgerCore

/// The kinds of item the read models follow: one stream each, from its opening act to its end.
public enum ItemKind: String, CaseIterable, Sendable, Codable {
    case report, `case`, supervision, mediation

    /// The kind of a stream name (`case/FLE-2024-0007` → `.case`), if it is an item.
    public init?(stream: String) {
        switch StreamKind(prefixOf: stream) {
        case .report?: self = .report
        case .case?: self = .case
        case .supervision?: self = .supervision
        case .mediation?: self = .mediation
        default: return nil
        }
    }

    /// The kind of the event's stream, if it is an item (as `init(stream:)` reads it, without reading the name again).
    init?(_ event: DomainEvent) {
        guard event.kindIsPrefix else { return nil }
        switch event.kind {
        case .report?: self = .report
        case .case?: self = .case
        case .supervision?: self = .supervision
        case .mediation?: self = .mediation
        default: return nil
        }
    }
}

extension StreamState {
    /// The act that ended the item (a close, a conclusion), if it is an item and has ended.
    var end: EventReference? {
        switch self {
        case .report(let r): return r.close
        case .case(let c): return c.close
        case .supervision(let s): return s.conclusion
        case .mediation(let m): return MediationDocket.end(m)
        case .registry, .other: return nil
        }
    }
}

extension DomainState {
    /// The act that ended the item `stream` (a close, a conclusion), if it has ended.
    func end(of stream: String) -> EventReference? {
        switch ItemKind(stream: stream) {
        case .report?: return reports[stream]?.close
        case .case?: return cases[stream]?.close
        case .supervision?: return supervisions[stream]?.conclusion
        case .mediation?: return mediations[stream].flatMap(MediationDocket.end)
        default: return nil
        }
    }

    /// The deadlines of the item `stream`.
    func deadlineBook(of stream: String) -> DeadlineBook? {
        switch ItemKind(stream: stream) {
        case .report?: return reports[stream]?.deadlines
        case .case?: return cases[stream]?.deadlines
        case .supervision?: return supervisions[stream]?.deadlines
        case .mediation?: return mediations[stream]?.deadlines
        default: return nil
        }
    }

    /// The agencies that hold the item: the agency deciding a report, the parties to a case,
    /// the procuratorate of a supervision, the organisation or court that acts next in a mediation.
    func holders(of stream: String) -> [String] {
        switch ItemKind(stream: stream) {
        case .report?:
            guard let r = reports[stream] else { return [] }
            return [r.deciding ?? r.receivedBy].compactMap { $0 }
        case .case?:
            return cases[stream]?.parties ?? []
        case .supervision?:
            return supervisions[stream].map { [$0.procuratorate] } ?? []
        case .mediation?:
            guard let m = mediations[stream] else { return [] }
            return [m.nextAgency ?? m.confirmation?.court ?? m.organization].filter { !$0.isEmpty }
        default:
            return []
        }
    }

    /// Every item stream, by kind, in name order.
    var itemStreams: [String] {
        reports.keys.sorted() + cases.keys.sorted() + supervisions.keys.sorted() + mediations.keys.sorted()
    }
}
