/// The `case/<id>` stream's types: the enforcement case and its transfer to the police
/// (两法衔接), the disputes about it, and the end of the case.
enum CaseEvents {
    static let types: [EventType] = investigation + TransferEvents.types + [
        EventType("ImpactAssessed", stream: "case", kinds: [.police, .procuratorate, .court],
                  roles: [.investigator, .prosecutor, .judge, .head],
                  summary: "Assesses the case's economic impact on a private enterprise, with the lenient measures taken (少捕慎诉慎押).",
                  rule: "only where the respondent is a private enterprise",
                  payload: [
                      required("assessment", .text, "The assessment."),
                      required("measures", .list(.text, minItems: 0), "Measures to limit the impact on the enterprise."),
                      required("lenientMeasures", .list(.text, minItems: 0), "Lenient coercive measures applied."),
                  ]),
        EventType("CaseClosed", stream: "case", kinds: [.amr, .police], roles: Role.recording,
                  summary: "Closes the case with its outcome.",
                  rule: "by the agency that holds the case; nothing but supervision follows (a penalized close needs a penalty, a " +
                      "criminalFiled close a filing)",
                  payload: [
                      required("outcome", .one(of: CaseOutcome.self), "How the case ended."),
                      required("summary", .text, "What was done."),
                  ]),
    ]

    static let investigation: [EventType] = [
        EventType("CaseOpened", stream: "case", kinds: [.amr, .police], roles: Role.recording,
                  summary: "Opens an enforcement case (立案).",
                  rule: "opens the stream; a market-supervision agency decides the penalty within 90 days (行政处罚法 第60条)",
                  payload: [
                      optional("report", .stream("report"), "The report it came from."),
                      required("ipType", .one(of: IPType.self), "The IP right concerned."),
                      required("sector", .one(of: Sector.self), "The sector concerned."),
                      required("summary", .text, "What the case is about."),
                      required("respondent", .party, "The party investigated."),
                      required("rightsHolder", .party, "The holder of the right infringed."),
                      optional("action", .stream("action"), "The joint enforcement action it arose in."),
                      optional("caseNo", .name, "The agency's own case number (立案编号)."),
                  ]),
        EventType("EvidenceRecorded", stream: "case", roles: [.investigator],
                  summary: "Records a piece of evidence by the SHA-256 of its file.",
                  rule: "evidence ids are unique in the case",
                  payload: [
                      required("evidence", .identifier, "The evidence id within the case."),
                      required("description", .text, "What it is."),
                      required("sha256", .sha256, "SHA-256 of the evidence file (`ipledger digest FILE`)."),
                      optional("fileName", .name, "The file's name."),
                  ]),
        EventType("EvidenceNotarized", stream: "case", kinds: [.notary], roles: [.notary],
                  summary: "A notary office certifies recorded evidence (公证存证).",
                  rule: "the evidence was recorded and the notarised SHA-256 equals the recorded one",
                  payload: [
                      required("evidence", .identifier, "The evidence notarised."),
                      required("notaryOffice", .name, "The notary office."),
                      required("certificateNo", .name, "The notarial certificate number."),
                      required("sha256", .sha256, "SHA-256 of the file the notary certified."),
                  ]),
        EventType("CaseNotified", stream: "case", roles: Role.anyOfficer,
                  summary: "Notifies other agencies of the case (案情通报).",
                  rule: "registered agencies only",
                  payload: [
                      required("agencies", .list(.identifier), "The agencies notified."),
                      required("note", .text, "What they are told."),
                  ]),
        EventType("ConsultationRequested", stream: "case", roles: Role.anyOfficer,
                  summary: "Asks agencies to a case-analysis meeting (案情分析会, 业务会商).",
                  rule: "registered agencies only",
                  payload: [
                      required("topic", .text, "What is to be analysed."),
                      required("agencies", .list(.identifier), "The agencies asked."),
                  ]),
        EventType("ConsultationHeld", stream: "case", roles: Role.anyOfficer,
                  summary: "A requested case-analysis meeting was held.",
                  rule: "after a request, not dated before it",
                  payload: [
                      required("agencies", .list(.identifier), "The agencies that took part."),
                      required("conclusion", .text, "What the meeting concluded."),
                      optional("minutesSha256", .sha256, "SHA-256 of the minutes."),
                  ]),
        EventType("PenaltyDecided", stream: "case", kinds: [.amr], roles: [.head],
                  summary: "The market-supervision agency decides the administrative penalty (行政处罚决定).",
                  rule: "once, by the head of the case's agency; amounts reaching a criminal threshold raise the should-transfer " +
                      "alert (以罚代刑)",
                  payload: [
                      required("decisionNo", .name, "The penalty decision number."),
                      required("fineFen", .fen, "The fine, in fen."),
                      required("illegalGainsFen", .fen, "Illegal gains found (违法所得), in fen."),
                      required("businessVolumeFen", .fen, "Illegal business volume found (非法经营数额), in fen."),
                  ]),
    ]
}
