import LedgerCore

/// Who could record what at a point in the ledger's history: the `registry` stream folded.
public struct RegistryState: Hashable, Sendable, Codable {
    /// A registered agency.
    public struct Agency: Hashable, Sendable, Codable {
        /// The registered id.
        public var id: String
        /// The agency's kind.
        public var kind: AgencyKind
        /// The name, as registered.
        public var name: String
        /// The area served.
        public var jurisdiction: String
        /// The registration.
        public var registered: EventReference
    }

    /// An enrolled officer.
    public struct Officer: Hashable, Sendable, Codable {
        /// The registered id.
        public var id: String
        /// The officer's agency.
        public var agency: String
        /// The name, as registered.
        public var name: String
        /// The roles the officer holds.
        public var roles: Set<Role>
        /// The enrolment.
        public var enrolled: EventReference
        /// The retirement, once retired: a retired officer records nothing more.
        public var retired: EventReference?

        /// Whether the officer has not retired.
        public var isActive: Bool { retired == nil }
    }

    /// Whether `LedgerOpened` has been recorded.
    public private(set) var isOpened = false
    /// The ledger's name, from `LedgerOpened`.
    public private(set) var ledgerName = ""
    /// The area served.
    public private(set) var jurisdiction = ""
    /// The time zone as `LedgerOpened` named it.
    public private(set) var timezone = "Asia/Shanghai"
    /// The agency that hosts the ledger.
    public private(set) var hostAgency: String?
    /// Registered agencies by id.
    public private(set) var agencies: [String: Agency] = [:]
    /// Enrolled officers by id, retired ones included.
    public private(set) var officers: [String: Officer] = [:]
    /// Each agency's liaison officer (联络员).
    public private(set) var liaisons: [String: String] = [:]
    /// The calendar as published so far.
    public private(set) var calendar = HolidayCalendar.empty
    /// The ledger time zone's offset from UTC, in seconds.
    public private(set) var utcOffset = LedgerTimeZone.defaultOffset
    /// The calendar in force after one `CalendarPublished`, and that event's `seq`.
    struct CalendarInForce: Hashable, Sendable, Codable {
        var seq: Int
        var calendar: HolidayCalendar
    }

    /// The calendars in force after each `CalendarPublished`, by its `seq`.
    private var calendarHistory: [CalendarInForce] = []
    /// The number of registry events folded.
    public private(set) var version = 0

    public init() {}

    /// The registry before any event.
    public static let initial = RegistryState()

    /// The clock in force now: the ledger's time zone and the calendar published so far.
    public var clock: LedgerClock { LedgerClock(utcOffset: utcOffset, calendar: calendar) }

    /// The clock in force at the act recorded at `seq`: the calendar published before it.
    ///
    /// A stream folded after the registry (as the recorder does, lazily) still computes
    /// each deadline with the calendar in force when its act was recorded.
    public func clock(atSeq seq: Int) -> LedgerClock {
        LedgerClock(utcOffset: utcOffset, calendar: calendarHistory.last { $0.seq < seq }?.calendar ?? .empty)
    }

    /// The agency `id`, if registered.
    public func agency(_ id: String) -> Agency? { agencies[id] }

    /// The officer `id`, retired or not.
    public func officer(_ id: String) -> Officer? { officers[id] }

    /// Whether `agency` is registered with one of `kinds`.
    public func isAgency(_ agency: String, ofKind kinds: AgencyKind...) -> Bool {
        guard let a = agencies[agency] else { return false }
        return kinds.contains(a.kind)
    }

    /// The active officers holding `role` (any agency).
    public func activeOfficers(withRole role: Role) -> [Officer] {
        officers.values.filter { $0.isActive && $0.roles.contains(role) }.sorted { $0.id < $1.id }
    }

    public static func == (a: RegistryState, b: RegistryState) -> Bool {
        a.version == b.version && a.agencies == b.agencies && a.officers == b.officers && a.liaisons == b.liaisons
            && a.calendar == b.calendar && a.isOpened == b.isOpened && a.utcOffset == b.utcOffset
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(version)
        hasher.combine(agencies.count)
        hasher.combine(officers.count)
    }

    /// Folds one registry record. Total: a record it cannot read changes nothing but the version.
    public mutating func evolve(_ record: LedgerRecord) {
        evolve(DomainEvent(record))
    }

    /// Folds one registry event.
    mutating func evolve(_ event: DomainEvent) {
        version += 1
        let p = event.payload
        let ref = event.reference
        switch event.name {
        case .ledgerOpened?:
            guard !isOpened else { return }
            isOpened = true
            ledgerName = p.string("name")
            jurisdiction = p.string("jurisdiction")
            timezone = p.string("timezone")
            utcOffset = LedgerTimeZone.offset(of: timezone) ?? LedgerTimeZone.defaultOffset
            let host = p.object("hostAgency")
            let admin = p.object("admin")
            let hostID = host.string("agency")
            hostAgency = hostID
            agencies[hostID] = Agency(id: hostID, kind: AgencyKind(rawValue: host.string("kind")) ?? .center,
                                      name: host.string("name"), jurisdiction: jurisdiction, registered: ref)
            let adminID = admin.string("officer")
            officers[adminID] = Officer(id: adminID, agency: hostID, name: admin.string("name"), roles: [.admin], enrolled: ref)
        case .agencyRegistered?:
            let id = p.string("agency")
            guard agencies[id] == nil, let kind = AgencyKind(rawValue: p.string("kind")) else { return }
            agencies[id] = Agency(id: id, kind: kind, name: p.string("name"), jurisdiction: p.string("jurisdiction"), registered: ref)
        case .officerEnrolled?:
            let id = p.string("officer")
            guard officers[id] == nil else { return }
            let roles = Set(p.strings("roles").compactMap(Role.init(rawValue:)))
            officers[id] = Officer(id: id, agency: p.string("agency"), name: p.string("name"), roles: roles, enrolled: ref)
        case .officerRetired?:
            let id = p.string("officer")
            if officers[id]?.retired == nil { officers[id]?.retired = ref }
            for (agency, officer) in liaisons where officer == id { liaisons[agency] = nil }
        case .liaisonAssigned?:
            liaisons[p.string("agency")] = p.string("officer")
        case .calendarPublished?:
            guard let year = p.int("year") else { return }
            calendar.publish(year: year, holidays: p.strings("holidays").compactMap(CivilDate.init),
                             workdays: p.strings("workdays").compactMap(CivilDate.init))
            calendarHistory.append(CalendarInForce(seq: event.seq, calendar: calendar))
        default:
            break
        }
    }
}
