/// The types of the five departments' collaboration (齐富市监联发〔2022〕1号): joint enforcement
/// actions (`action/<id>`), meetings (`meeting/<id>`), the protection center's services
/// (`service/<id>`) and typical-case publication (`publication/<id>`).
enum CollaborationEvents {
    static let types: [EventType] = jointAction + [meeting, service, publication]

    static let jointAction: [EventType] = [
        EventType("JointActionLaunched", stream: "action", kinds: [.amr, .police], roles: Role.staff,
                  summary: "Launches a joint enforcement action in key sectors for a period (联合执法专项行动), e.g. around 4·26.",
                  rule: "opens the stream; registered agencies, the recording agency and the lead among them; from not after to",
                  payload: [
                      required("title", .name, "The action's title."),
                      required("sectors", .list(.one(of: Sector.self)), "The key sectors it targets."),
                      required("agencies", .list(.identifier), "The agencies taking part."),
                      required("from", .date, "Its first day."),
                      required("to", .date, "Its last day."),
                      required("lead", .identifier, "The agency that leads it: one of agencies."),
                      optional("occasion", .name, "The occasion, e.g. 4·26 知识产权宣传周."),
                      optional("summary", .text, "What it is to do."),
                  ]),
        EventType("CaseLinked", stream: "action", kinds: [.amr, .police], roles: Role.staff,
                  summary: "Links a case that arose in the action to it.",
                  rule: "by an agency taking part, before the conclusion; the case exists, is held by an agency taking part, and is " +
                      "linked once (a case whose CaseOpened names the action is linked already)",
                  payload: [
                      required("case", .stream("case"), "The case."),
                      optional("note", .text, "How the case arose in the action."),
                  ]),
        EventType("JointActionConcluded", stream: "action", kinds: [.amr, .police], roles: Role.staff,
                  summary: "Concludes the action with a summary of its results.",
                  rule: "by the lead agency, once; nothing follows",
                  payload: [
                      required("summary", .text, "What the action achieved."),
                  ]),
    ]

    static let meeting = EventType(
        "MeetingHeld", stream: "meeting", roles: Role.anyOfficer,
        summary: "A meeting of the agencies was held: consultation, exchange on case trends, training or liaison.",
        rule: "once per stream; registered agencies, the recording agency among them; cases named exist",
        payload: [
            required("kind", .one(of: MeetingKind.self), "What the meeting was for."),
            required("agencies", .list(.identifier), "The agencies that took part."),
            required("topics", .list(.text), "What was discussed."),
            optional("minutesSha256", .sha256, "SHA-256 of the minutes."),
            optional("title", .name, "The meeting's title."),
            optional("cases", .list(.stream("case")), "Cases studied at the meeting."),
            optional("conclusions", .text, "What the meeting concluded."),
        ])

    static let service = EventType(
        "ServiceProvided", stream: "service", kinds: [.center, .court, .amr, .justice],
        roles: [.clerk, .investigator, .head, .liaison, .judge, .mediator],
        summary: "The protection center or a partner agency provides a service to an enterprise or person.",
        rule: "once per stream; private-enterprise recipients are counted apart (民营企业知识产权司法保护中心)",
        payload: [
            required("kind", .one(of: ServiceKind.self), "The service."),
            required("recipient", .party, "Who received it."),
            required("summary", .text, "What was provided."),
            optional("case", .stream("case"), "The case the service concerned, if any."),
        ])

    static let publication = EventType(
        "TypicalCasePublished", stream: "publication", roles: [.head],
        summary: "Publishes typical cases (典型案例发布).",
        rule: "once per stream, by an agency's head; every case named exists in the ledger",
        payload: [
            required("cases", .list(.stream("case")), "The cases published."),
            required("title", .name, "The publication's title."),
            required("summary", .text, "What the cases show."),
            required("channel", .name, "Where it was published, e.g. a website or a press conference."),
            optional("occasion", .name, "The occasion, e.g. 4·26."),
        ])
}
