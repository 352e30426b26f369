/// The rules of the registry's acts (DOMAIN.md "registry").
enum RegistryDecider {
    /// Checks `LedgerOpened`: the first event of the ledger, recorded by the admin of the host agency it declares.
    static func decideOpening(_ action: Action, _ state: RegistryState) throws {
        guard !state.isOpened else {
            throw Refusal.rule("The ledger is already open; LedgerOpened is the first event of a ledger, and only there.")
        }
        if let expected = action.expectedVersion, expected != 0 {
            throw Refusal(.versionConflict, "LedgerOpened opens an empty ledger; expectedVersion must be 0, found " +
                "\(expected).", member: "expectedVersion")
        }
        let p = action.reader
        let host = p.object("hostAgency").string("agency")
        let admin = p.object("admin").string("officer")
        guard action.actor.agency == host, action.actor.officer == admin else {
            throw Refusal.permission("LedgerOpened is recorded by the admin it declares: the actor must be {\"agency\": \"\(host)\", " +
                "\"officer\": \"\(admin)\"}.")
        }
        guard LedgerTimeZone.offset(of: p.string("timezone")) != nil else {
            throw Refusal.rule("Unknown time zone \(Action.quote(p.string("timezone"))); use one of " +
                "\(LedgerTimeZone.knownNames).", member: "payload.timezone")
        }
    }

    static func decide(_ action: Action, _ state: RegistryState, _ context: DecisionContext) throws {
        let p = action.reader
        let actor = state.officer(action.actor.officer)
        let isAdmin = actor?.roles.contains(.admin) ?? false
        switch action.type {
        case "LedgerOpened":
            try decideOpening(action, state)
        case "AgencyRegistered":
            let id = p.string("agency")
            if let existing = state.agency(id) {
                throw Refusal.rule("Agency \(id) is already registered (\(existing.name)); agency ids are " +
                    "unique.", member: "payload.agency")
            }
        case "OfficerEnrolled":
            let id = p.string("officer")
            let agencyID = p.string("agency")
            if let existing = state.officer(id) {
                throw Refusal.rule("Officer \(id) is already enrolled (in \(existing.agency)); officer ids are unique, even after " +
                    "retirement.", member: "payload.officer")
            }
            guard let agency = state.agency(agencyID) else {
                throw Refusal.rule("No agency \(agencyID) is registered; register it before enrolling its " +
                    "officers.", member: "payload.agency")
            }
            let roles = p.strings("roles").compactMap(Role.init(rawValue:))
            if !isAdmin {
                guard action.actor.agency == agencyID else {
                    throw Refusal.permission("A head enrols officers of their own agency only; \(agencyID) is not \(action.actor.agency).")
                }
                if roles.contains(.admin) {
                    throw Refusal.permission("Only an admin may enrol an officer with the admin role.")
                }
            }
            for (i, role) in roles.enumerated() {
                if let kinds = role.allowedKinds, !kinds.contains(agency.kind) {
                    throw Refusal.rule("The role \(role.rawValue) belongs to " +
                        "\(kinds.map(\.rawValue).sorted().joined(separator: " or ")) agencies; \(agencyID) is a " +
                            "\(agency.kind.rawValue) agency.", member: "payload.roles[\(i)]")
                }
            }
        case "OfficerRetired":
            let id = p.string("officer")
            guard let officer = state.officer(id) else {
                throw Refusal.rule("No officer \(id) is enrolled.", member: "payload.officer")
            }
            if let retired = officer.retired {
                throw Refusal.rule("Officer \(id) already retired (seq \(retired.seq)).", member: "payload.officer")
            }
            if officer.roles.contains(.admin), state.activeOfficers(withRole: .admin).count <= 1 {
                throw Refusal.rule("Officer \(id) is the last active admin; enrol another admin before retiring this " +
                    "one.", member: "payload.officer")
            }
        case "LiaisonAssigned":
            let agencyID = p.string("agency")
            let officerID = p.string("officer")
            guard state.agency(agencyID) != nil else {
                throw Refusal.rule("No agency \(agencyID) is registered.", member: "payload.agency")
            }
            guard action.actor.agency == agencyID else {
                throw Refusal.permission("Only the head of \(agencyID) may assign its liaison.")
            }
            guard let officer = state.officer(officerID), officer.agency == agencyID, officer.isActive else {
                throw Refusal.rule("\(officerID) is not an active officer of \(agencyID); a liaison is one of the agency's own " +
                    "officers.", member: "payload.officer")
            }
        case "CalendarPublished":
            try decideCalendar(action)
        default:
            throw Refusal(.unknownType, "\(action.type) is not an act of the registry.", member: "type")
        }
    }

    private static func decideCalendar(_ action: Action) throws {
        let p = action.reader
        let year = p.int("year") ?? 0
        let holidays = p.strings("holidays")
        let workdays = p.strings("workdays")
        func check(_ dates: [String], _ member: String) throws {
            for (i, text) in dates.enumerated() {
                guard let date = CivilDate(text), abs(date.year - year) <= 1 else {
                    throw Refusal.rule("\(text) is not within a year of \(year); a year's calendar lists dates of that year and its " +
                        "edges.", member: "payload.\(member)[\(i)]")
                }
                if member == "workdays" && !date.isWeekend {
                    throw Refusal.rule("\(text) is a weekday; an adjusted working day (调休上班日) is a Saturday or " +
                        "Sunday.", member: "payload.workdays[\(i)]")
                }
            }
        }
        try check(holidays, "holidays")
        try check(workdays, "workdays")
        let holidaySet = Set(holidays)
        for (i, date) in workdays.enumerated() where holidaySet.contains(date) {
            throw Refusal.rule("\(date) is listed both as a holiday and as a working day.", member: "payload.workdays[\(i)]")
        }
    }
}
