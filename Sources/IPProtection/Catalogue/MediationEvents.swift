/// The `mediation/<id>` stream's types: how a mediation comes about, its conduct, and its
/// end; the judicial confirmation of its agreement is in `ConfirmationEvents`.
///
/// The periods are those of 最高人民法院关于人民法院特邀调解的规定 (法释〔2016〕14号), cited as
/// 特邀调解规定 第27条: they run from the mediator's assignment and may be extended only with
/// every party's consent.
enum MediationEvents {
    static let types: [EventType] = opening + conduct + ConfirmationEvents.types

    /// The roles of a court's own formal acts.
    static let courtStaff: [Role] = [.clerk, .judge, .head]

    /// A party to a mediated dispute: `party` of DOMAIN.md with the side it stands on.
    static let party = PayloadSchema.object(PayloadSchema.party.members + [
        required("side", .one(of: PartySide.self), "Where the party stands: plaintiff, defendant, applicant, respondent or thirdParty."),
    ])

    /// Every party; two at least. Parties are named by `name` in `consentOf` and `applicants`.
    static let parties = required("parties", .list(party, minItems: 2), "Every party to the dispute, each named once.")

    /// The members every opening act may add.
    static let details: [SchemaMember] = [
        optional("sector", .one(of: Sector.self), "The sector concerned."),
        optional("claimFen", .fen, "The amount claimed, in fen."),
    ]

    static let opening: [EventType] = [
        EventType("MediationDelegated", stream: "mediation", kinds: [.court], roles: courtStaff,
                  summary: "A court delegates a dispute to a mediation organisation before filing (诉前委派调解).",
                  rule: "opens the stream; by the court it names; 30 days from the mediator's assignment (特邀调解规定 第27条); if it " +
                      "fails, the court registers the case",
                  payload: [
                      required("court", .identifier, "The delegating court: the actor's own."),
                      parties,
                      required("ipType", .one(of: IPType.self), "The IP right concerned."),
                      required("claim", .text, "What the plaintiff claims."),
                      required("organization", .identifier, "The mediation organisation delegated to."),
                      optional("preFilingNo", .name, "The pre-filing mediation number (诉前调解编号)."),
                  ] + details),
        EventType("MediationEntrusted", stream: "mediation", kinds: [.court], roles: courtStaff,
                  summary: "A court entrusts a case before it to a mediation organisation (诉中委托调解).",
                  rule: "opens the stream; by the court it names; 15 days from the mediator's assignment, 7 in summary procedure " +
                      "(特邀调解规定 第27条); if it fails, the trial goes on",
                  payload: [
                      required("court", .identifier, "The entrusting court: the actor's own."),
                      required("courtCaseNo", .name, "The court case number."),
                      required("procedure", .one(of: CourtProcedure.self), "The procedure the case is tried in."),
                      parties,
                      required("ipType", .one(of: IPType.self), "The IP right concerned."),
                      required("claim", .text, "What the plaintiff claims."),
                      required("organization", .identifier, "The mediation organisation entrusted."),
                  ] + details),
        EventType("MediationInvited", stream: "mediation", kinds: [.court], roles: courtStaff,
                  summary: "A court invites a mediation organisation to mediate a case before it (邀请调解).",
                  rule: "opens the stream; by the court it names; no statutory period (the trial's own limits apply)",
                  payload: [
                      required("court", .identifier, "The inviting court: the actor's own."),
                      required("courtCaseNo", .name, "The court case number."),
                      parties,
                      required("organization", .identifier, "The mediation organisation invited."),
                      optional("ipType", .one(of: IPType.self), "The IP right concerned."),
                      optional("claim", .text, "What the plaintiff claims."),
                  ] + details),
        EventType("MediationApplied", stream: "mediation", kinds: [.center, .mediation], roles: [.clerk, .head, .liaison],
                  summary: "The parties apply to a mediation organisation themselves, at the center or at the organisation.",
                  rule: "opens the stream; a mediation organisation records applications to itself; no statutory period (人民调解法 " +
                      "sets none)",
                  payload: [
                      parties,
                      required("ipType", .one(of: IPType.self), "The IP right concerned."),
                      required("claim", .text, "What the applicant asks for."),
                      required("organization", .identifier, "The mediation organisation applied to."),
                  ] + details),
    ]

    static let conduct: [EventType] = [
        EventType("MediatorAssigned", stream: "mediation", kinds: [.mediation], roles: [.head, .clerk],
                  summary: "The mediation organisation assigns a mediator; the mediation period runs from here.",
                  rule: "by the organisation named, to one of its active mediators; before the mediation ends; a replacement does " +
                      "not restart the period (特邀调解规定 第27条)",
                  payload: [
                      required("mediator", .identifier, "The mediator: an officer of the organisation with the mediator role."),
                      optional("note", .text, "Why this mediator, or why replaced."),
                  ]),
        EventType("MediationSessionHeld", stream: "mediation", kinds: [.mediation], roles: [.mediator],
                  summary: "The mediator holds a session, online or in person.",
                  rule: "by the assigned mediator, while the mediation is open",
                  payload: [
                      required("mode", .one(of: SessionMode.self), "Online or in person."),
                      required("participants", .list(.name), "Who took part."),
                      required("note", .text, "What happened."),
                  ]),
        EventType("MediationExtended", stream: "mediation", kinds: [.mediation], roles: [.mediator],
                  summary: "The mediation period is extended with the parties' consent.",
                  rule: "by the assigned mediator, of a mediation with a period, with the consent of every party (特邀调解规定 第27条)",
                  payload: [
                      required("days", .integer(minimum: 1, maximum: 365), "The days added to the period."),
                      required("consentOf", .list(.name), "The parties who consented, by name: every party."),
                      optional("reason", .text, "Why more time is needed."),
                  ]),
        EventType("MediationSettled", stream: "mediation", kinds: [.mediation], roles: [.mediator],
                  summary: "The parties settle: the mediation agreement (调解协议), by the SHA-256 of its file.",
                  rule: "by the assigned mediator; the agreement takes effect at effectiveAt, from which the parties have 30 days to " +
                      "apply for judicial confirmation (民事诉讼法 2023 第205条)",
                  payload: [
                      required("agreementNo", .name, "The agreement's number."),
                      required("agreementSha256", .sha256, "SHA-256 of the signed agreement's file."),
                      required("terms", .text, "What the parties agreed."),
                      optional("amountFen", .fen, "The amount to be paid, in fen."),
                      required("effectiveAt", .dateTime, "When the agreement takes effect (RFC 3339 with offset)."),
                      required("confirmsOwnership", .boolean, "Whether the agreement confirms who owns an IP right (确权); no court " +
                          "confirms such an agreement (民诉解释 第355条)."),
                  ]),
        EventType("MediationFailed", stream: "mediation", kinds: [.mediation], roles: [.mediator],
                  summary: "The mediation ends without agreement.",
                  rule: "by the assigned mediator (or, before any assignment, a mediator of the organisation); a delegated " +
                      "mediation goes back to the court to register the case, an entrusted one back to trial",
                  payload: [
                      required("reason", .text, "Why no agreement was reached."),
                  ]),
        EventType("CourtCaseRegistered", stream: "mediation", kinds: [.court], roles: courtStaff,
                  summary: "The court registers the case of a failed delegated mediation (登记立案).",
                  rule: "after a delegated mediation failed, by the delegating court, once",
                  payload: [
                      required("courtCaseNo", .name, "The case number registered."),
                  ]),
    ]
}
