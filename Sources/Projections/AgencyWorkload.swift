import IPProtection
import LedgerCore

/// What the workload view needs beyond the domain's fold: which officer of each agency
/// handles each open item, and the items each agency and officer finished per month.
///
/// The officer who handles an item for an agency is the last of its officers to record an
/// act in the item's stream; when the item ends, it is no longer anyone's open item.
public struct AgencyWorkload: Sendable, Codable, Hashable {
    /// Open item stream → agency → the officer of that agency who handles it.
    public var handlers: [String: [String: String]] {
        var out: [String: [String: String]] = [:]
        out.reserveCapacity(open.count)
        for (key, item) in open { out[key.name] = item.byAgency }
        return out
    }
    /// Agency → month (`YYYY-MM`, in the ledger's time zone) → items it finished.
    public internal(set) var finishedByAgency: [String: [String: Int]] = [:]
    /// Officer → month → items the officer finished.
    public internal(set) var finishedByOfficer: [String: [String: Int]] = [:]

    /// The handlers of each open item, kept as the fold needs them: an item's entry is
    /// looked up at every act in its stream.
    private var open: [StreamKey: Handlers] = [:]

    public init() {}

    /// The officer of each agency who handles the open item `stream` (empty when it is not open).
    public func handlers(of stream: String) -> [String: String] { open[StreamKey(stream)]?.byAgency ?? [:] }

    /// Notes one record, after the domain has folded it into `state`.
    mutating func apply(_ event: DomainEvent, _ state: StreamState, utcOffset: Int32) {
        guard ItemKind(event) != nil else { return }
        // The item is the event's stream (its state's name an equal string), whose key the
        // event holds hashed.
        let key = event.streamKey
        if let end = state.end {
            guard end.seq == event.seq else { return }
            open[key] = nil
            let month = Month(end.at, utcOffset: utcOffset).text
            finishedByAgency[event.actor.agency, default: [:]][month, default: 0] += 1
            finishedByOfficer[event.actor.officer, default: [:]][month, default: 0] += 1
            return
        }
        open[key, default: Handlers()].note(event.actor)
    }

    private enum CodingKeys: String, CodingKey {
        case handlers, finishedByAgency, finishedByOfficer
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        for (stream, byAgency) in try container.decode([String: [String: String]].self, forKey: .handlers) {
            var item = Handlers()
            for (agency, officer) in byAgency { item.note(Actor(agency: agency, officer: officer)) }
            open[StreamKey(stream)] = item
        }
        finishedByAgency = try container.decode([String: [String: Int]].self, forKey: .finishedByAgency)
        finishedByOfficer = try container.decode([String: [String: Int]].self, forKey: .finishedByOfficer)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(handlers, forKey: .handlers)
        try container.encode(finishedByAgency, forKey: .finishedByAgency)
        try container.encode(finishedByOfficer, forKey: .finishedByOfficer)
    }
}

/// The officers who handle one open item, one per agency: an item has one or two
/// agencies, so the first is kept inline and the others in a list, searched.
struct Handlers: Sendable, Hashable {
    private var first: Actor?
    private var others: [Actor] = []

    /// `actor`'s officer now handles the item for `actor`'s agency.
    mutating func note(_ actor: Actor) {
        guard let current = first else {
            first = actor
            return
        }
        if current.agency == actor.agency {
            if current.officer != actor.officer { first = actor }
        } else if let i = others.firstIndex(where: { $0.agency == actor.agency }) {
            if others[i].officer != actor.officer { others[i] = actor }
        } else {
            others.append(actor)
        }
    }

    /// Agency → officer.
    var byAgency: [String: String] {
        var out: [String: String] = [:]
        for actor in (first.map { [$0] } ?? []) + others { out[actor.agency] = actor.officer }
        return out
    }

    static func == (a: Handlers, b: Handlers) -> Bool { a.byAgency == b.byAgency }

    func hash(into hasher: inout Hasher) { hasher.combine(others.count + (first == nil ? 0 : 1)) }
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
        guard (0...9999).contains(year), (1...12).contains(month) else {
            let y = String(year)
            return String(repeating: "0", count: max(0, 4 - y.count)) + y + (month < 10 ? "-0" : "-") + String(month)
        }
        // Seven ASCII bytes: a small string, made without allocating.
        return String(unsafeUninitializedCapacity: 7) { text in
            func digit(_ n: Int) -> UInt8 { UInt8(ascii: "0") + UInt8(n) }
            (text[0], text[1], text[2], text[3]) = (digit(year / 1000), digit(year / 100 % 10), digit(year / 10 % 10), digit(year % 10))
            (text[4], text[5], text[6]) = (UInt8(ascii: "-"), digit(month / 10), digit(month % 10))
            return 7
        }
    }

    public static func < (a: Month, b: Month) -> Bool { (a.year, a.month) < (b.year, b.month) }
}
