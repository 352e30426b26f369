/// The `registry` stream's types: the ledger, its agencies, officers, liaisons and calendar.
enum RegistryEvents {
    static let types: [EventType] = [
        EventType("LedgerOpened", stream: "registry", roles: [.admin],
                  summary: "Opens the ledger: its name, jurisdiction, time zone, host agency and first admin.",
                  rule: "the first event of every ledger, and only there; recorded by the admin it declares",
                  payload: [
                      required("name", .name, "The ledger's name."),
                      required("jurisdiction", .name, "The area it serves, e.g. 齐齐哈尔市富拉尔基区."),
                      required("timezone", .string(.text(maxLength: 64)), "The time zone deadlines run in: Asia/Shanghai, or an " +
                          "offset such as +08:00."),
                      required("hostAgency", .object([
                          required("agency", .identifier, "The host agency's id."),
                          required("kind", .one(of: AgencyKind.self), "The host agency's kind."),
                          required("name", .name, "The host agency's name."),
                      ]), "The agency that hosts the ledger; registered by this event."),
                      required("admin", .object([
                          required("officer", .identifier, "The admin's officer id."),
                          required("name", .name, "The admin's name."),
                      ]), "The first admin, enrolled in the host agency by this event."),
                  ]),
        EventType("AgencyRegistered", stream: "registry", roles: [.admin],
                  summary: "Registers an agency that takes part in the ledger.",
                  rule: "agency ids are unique",
                  payload: [
                      required("agency", .identifier, "The agency's id."),
                      required("kind", .one(of: AgencyKind.self), "The agency's kind."),
                      required("name", .name, "The agency's name, e.g. 齐齐哈尔市富拉尔基区公安局."),
                      required("jurisdiction", .name, "The area the agency serves."),
                  ]),
        EventType("OfficerEnrolled", stream: "registry", roles: [.admin, .head],
                  summary: "Enrols an officer of a registered agency with one or more roles.",
                  rule: "recorded by an admin, or by the head of the officer's agency (who cannot grant admin); officer ids are unique",
                  payload: [
                      required("officer", .identifier, "The officer's id."),
                      required("agency", .identifier, "The officer's agency."),
                      required("name", .name, "The officer's name."),
                      required("roles", .list(.one(of: Role.self)), "The roles the officer holds."),
                  ]),
        EventType("OfficerRetired", stream: "registry", roles: [.admin],
                  summary: "Retires an officer, who records nothing more.",
                  rule: "a retired officer records nothing more; the last active admin cannot be retired",
                  payload: [
                      required("officer", .identifier, "The officer retired."),
                      required("reason", .text, "Why."),
                  ]),
        EventType("LiaisonAssigned", stream: "registry", roles: [.head],
                  summary: "Names an agency's liaison officer (联络员制度).",
                  rule: "recorded by the agency's head; the liaison is an active officer of that agency",
                  payload: [
                      required("agency", .identifier, "The agency."),
                      required("officer", .identifier, "Its liaison officer."),
                  ]),
        EventType("CalendarPublished", stream: "registry", roles: [.admin],
                  summary: "Publishes a year's statutory holidays and adjusted working days.",
                  rule: "deadline arithmetic uses the calendar in force at the act; an adjusted working day is a Saturday or Sunday",
                  payload: [
                      required("year", .integer(minimum: 1949, maximum: 2200), "The year of the State Council notice."),
                      required("holidays", .array(.date, minItems: 0, unique: true), "The holiday dates (法定节假日)."),
                      required("workdays", .array(.date, minItems: 0, unique: true), "The adjusted working days (调休上班日)."),
                      optional("source", .name, "The notice the dates come from, e.g. 国办发明电〔2023〕7号."),
                  ]),
    ]
}
