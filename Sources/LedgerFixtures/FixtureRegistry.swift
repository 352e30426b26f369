import LedgerCore

/// The agencies and officers of a generated ledger: four districts of Qiqihar, each with
/// its market supervision, police, procuratorate and court, and the city's notary office,
/// justice bureau, protection center and mediation committee.
struct FixtureRegistry {
    struct Agency {
        var id: String
        var kind: String
        var name: String
        /// Officers and their roles, in enrolment order.
        var officers: [(id: String, name: String, roles: [String])]

        func officer(_ suffix: String) -> Actor { Actor(agency: id, officer: "\(id)-\(suffix)") }
        var head: Actor { officer("head") }
    }

    /// One district's agencies.
    struct District {
        var code: String
        var amr: Agency
        var police: Agency
        var procuratorate: Agency
        var court: Agency
    }

    static let admin = Actor(agency: "fle-amr", officer: "admin1")

    let districts: [District]
    let notary: Agency
    let justice: Agency
    let center: Agency
    let mediation: Agency

    var agencies: [Agency] {
        districts.flatMap { [$0.amr, $0.police, $0.procuratorate, $0.court] } + [notary, justice, center, mediation]
    }

    init() {
        let names = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭"]
        var nameIndex = 0
        func person() -> String {
            defer { nameIndex += 1 }
            return names[nameIndex % names.count] + ["建国", "丽", "伟", "芳", "磊", "静", "强", "敏"][(nameIndex / names.count) % 8]
        }
        func agency(_ id: String, _ kind: String, _ name: String, _ staff: [(String, [String])]) -> Agency {
            Agency(id: id, kind: kind, name: name, officers: staff.map { ("\(id)-\($0.0)", person(), $0.1) })
        }
        let places = [("fle", "富拉尔基区"), ("nzs", "碾子山区"), ("aax", "昂昂溪区"), ("qqh", "齐齐哈尔市")]
        districts = places.map { code, place in
            District(
                code: code,
                amr: agency("\(code)-amr", "amr", "\(place)市场监督管理局",
                            [("head", ["head"]), ("clerk1", ["clerk"]), ("clerk2", ["clerk"]), ("inv1", ["investigator"]),
                             ("inv2", ["investigator"]), ("inv3", ["investigator"]), ("inv4", ["investigator"])]),
                police: agency("\(code)-psb", "police", "\(place)公安局",
                               [("head", ["head", "investigator"]), ("off1", ["clerk", "investigator"]),
                                ("off2", ["clerk", "investigator"])]),
                procuratorate: agency("\(code)-proc", "procuratorate", "\(place)人民检察院",
                                      [("head", ["head"]), ("pros1", ["prosecutor"]), ("pros2", ["prosecutor"])]),
                court: agency("\(code)-court", "court", "\(place)人民法院",
                              [("head", ["head", "judge"]), ("judge1", ["judge"]), ("clerk1", ["clerk"])]))
        }
        notary = agency("qqh-notary", "notary", "齐齐哈尔市公证处", [("notary1", ["notary"])])
        justice = agency("fle-justice", "justice", "富拉尔基区司法局", [("clerk1", ["clerk"]), ("mediator1", ["mediator"])])
        center = agency("qqh-center", "center", "齐齐哈尔市民营经济知识产权司法保护中心",
                        [("head", ["head"]), ("clerk1", ["clerk"]), ("mediator1", ["mediator"])])
        mediation = agency("qqh-med", "mediation", "齐齐哈尔市知识产权纠纷人民调解委员会",
                           [("head", ["head"]), ("mediator1", ["mediator"]), ("mediator2", ["mediator"])])
    }

    /// The published holidays and adjusted working days of 2024 to 2026, as
    /// ../shared/design/calendar-cn.json gives them.
    static let calendars: [(year: Int, holidays: [String], workdays: [String])] = [
        (2024, ["2024-01-01", "2024-02-10", "2024-02-11", "2024-02-12", "2024-02-13", "2024-02-14", "2024-02-15",
           "2024-02-16", "2024-02-17", "2024-04-04", "2024-04-05", "2024-04-06", "2024-05-01", "2024-05-02",
           "2024-05-03", "2024-05-04", "2024-05-05", "2024-06-10", "2024-09-15", "2024-09-16", "2024-09-17",
           "2024-10-01", "2024-10-02", "2024-10-03", "2024-10-04", "2024-10-05", "2024-10-06", "2024-10-07"],
         ["2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29",
          "2024-10-12"]),
        (2025, ["2025-01-01", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-02-01", "2025-02-02",
           "2025-02-03", "2025-02-04", "2025-04-04", "2025-04-05", "2025-04-06", "2025-05-01", "2025-05-02",
           "2025-05-03", "2025-05-04", "2025-05-05", "2025-05-31", "2025-06-01", "2025-06-02", "2025-10-01",
           "2025-10-02", "2025-10-03", "2025-10-04", "2025-10-05", "2025-10-06", "2025-10-07", "2025-10-08"],
         ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"]),
        (2026, ["2026-01-01", "2026-01-02", "2026-01-03", "2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18",
           "2026-02-19", "2026-02-20", "2026-02-21", "2026-02-22", "2026-02-23", "2026-04-04", "2026-04-05",
           "2026-04-06", "2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04", "2026-05-05", "2026-06-19",
           "2026-06-20", "2026-06-21", "2026-09-25", "2026-09-26", "2026-09-27", "2026-10-01", "2026-10-02",
           "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07"],
         ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]),
    ]

    /// The registry's acts, in order: the opening, the agencies, the officers, the liaisons, the calendars.
    func openingSteps() -> [(type: String, actor: Actor, payload: [String: JSONValue])] {
        var steps: [(type: String, actor: Actor, payload: [String: JSONValue])] = []
        let host = districts[0].amr
        steps.append(("LedgerOpened", FixtureRegistry.admin, [
            "name": "齐齐哈尔市知识产权保护协作台账", "jurisdiction": "齐齐哈尔市", "timezone": "Asia/Shanghai",
            "hostAgency": ["agency": .string(host.id), "kind": "amr", "name": .string(host.name)],
            "admin": ["officer": .string(FixtureRegistry.admin.officer), "name": "王管理"],
        ]))
        for agency in agencies where agency.id != host.id {
            steps.append(("AgencyRegistered", FixtureRegistry.admin, [
                "agency": .string(agency.id), "kind": .string(agency.kind), "name": .string(agency.name), "jurisdiction": "齐齐哈尔市",
            ]))
        }
        for agency in agencies {
            for officer in agency.officers {
                steps.append(("OfficerEnrolled", FixtureRegistry.admin, [
                    "officer": .string(officer.id), "agency": .string(agency.id), "name": .string(officer.name),
                    "roles": .array(officer.roles.map { .string($0) }),
                ]))
            }
        }
        for district in districts {
            steps.append(("LiaisonAssigned", district.amr.head,
                          ["agency": .string(district.amr.id), "officer": .string("\(district.amr.id)-clerk1")]))
        }
        for year in FixtureRegistry.calendars {
            steps.append(("CalendarPublished", FixtureRegistry.admin, [
                "year": .number(Double(year.year)), "holidays": .array(year.holidays.map { .string($0) }),
                "workdays": .array(year.workdays.map { .string($0) }),
            ]))
        }
        return steps
    }
}
