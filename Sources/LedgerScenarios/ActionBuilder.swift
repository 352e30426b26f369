import LedgerCore

/// Builds the JSON actions clerks submit: `{"type","stream","at","actor","payload"}`.
public struct ActionBuilder {
    /// The ledger's offset: China Standard Time.
    public static let offsetSeconds: Int32 = 8 * 3600

    public init() {}

    /// One action by `officer` at `time` (written in UTC+8).
    public static func action(_ type: String, _ stream: String, _ time: Timestamp, by officer: String,
                              _ payload: [String: JSONValue], id: String? = nil) -> JSONValue {
        let o = Cast.officer(officer)
        var members: [String: JSONValue] = [
            "type": .string(type), "stream": .string(stream), "at": .string(time.format(offsetSeconds: offsetSeconds)),
            "actor": ["agency": .string(o.agency), "officer": .string(o.id)], "payload": .object(payload),
        ]
        if let id { members["id"] = .string(id) }
        return .object(members)
    }

    /// A local time in UTC+8: `local(2024, 4, 26, 9, 30)`.
    public static func local(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 9, _ minute: Int = 0) -> Timestamp {
        let days = Timestamp.daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60) - Int64(offsetSeconds)
        return Timestamp(seconds: seconds, offsetSeconds: offsetSeconds)
    }

    /// The opening of the ledger and its registry: agencies, officers, liaisons, calendars.
    ///
    /// - Parameters:
    ///   - calendarYears: the `years` of a holiday calendar file (`calendar-cn.json`).
    ///   - name: the ledger's name.
    public static func registry(opened: Timestamp, calendarYears: [JSONValue], name: String = "富拉尔基区知识产权保护协作台账") -> [JSONValue] {
        var out: [JSONValue] = []
        out.append(action("LedgerOpened", "registry", opened, by: Cast.admin.id, [
            "name": .string(name), "jurisdiction": .string(Cast.district), "timezone": "Asia/Shanghai",
            "hostAgency": ["agency": .string(Cast.host.id), "kind": .string(Cast.host.kind), "name": .string(Cast.host.name)],
            "admin": ["officer": .string(Cast.admin.id), "name": .string(Cast.admin.name)],
        ]))
        var t = opened.adding(seconds: 600)
        for year in calendarYears {
            out.append(action("CalendarPublished", "registry", t, by: Cast.admin.id, [
                "year": year["year"] ?? .null, "holidays": year["holidays"] ?? .null, "workdays": year["workdays"] ?? .null,
            ]))
        }
        for agency in Cast.agencies {
            t = t.adding(seconds: 60)
            out.append(action("AgencyRegistered", "registry", t, by: Cast.admin.id, [
                "agency": .string(agency.id), "kind": .string(agency.kind), "name": .string(agency.name),
                "jurisdiction": .string(agency.jurisdiction),
            ]))
        }
        for officer in Cast.officers {
            t = t.adding(seconds: 60)
            out.append(action("OfficerEnrolled", "registry", t, by: Cast.admin.id, [
                "officer": .string(officer.id), "agency": .string(officer.agency), "name": .string(officer.name),
                "roles": .array(officer.roles.map { .string($0) }),
            ]))
        }
        for liaison in Cast.liaisons {
            t = t.adding(seconds: 60)
            out.append(action("LiaisonAssigned", "registry", t, by: liaison.head, [
                "agency": .string(liaison.agency), "officer": .string(liaison.officer),
            ]))
        }
        return out
    }
}

/// SplitMix64: a small, fast, seeded generator, so scenarios are the same on every machine.
public struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9e3779b97f4a7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58476d1ce4e5b9
        z = (z ^ (z >> 27)) &* 0x94d049bb133111eb
        return z ^ (z >> 31)
    }

    /// A number in `range`.
    public mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }

    public mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
}
