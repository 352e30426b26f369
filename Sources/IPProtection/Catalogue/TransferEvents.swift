/// The `case/<id>` types of the administrative-to-criminal transfer (两法衔接) and its disputes.
///
/// The rules are those of 《行政执法机关移送涉嫌犯罪案件的规定》 (国务院令第310号, as revised
/// in 2020), cited below as 第N条.
enum TransferEvents {
    static let types: [EventType] = [
        EventType("TransferReportSubmitted", stream: "case", kinds: [.amr], roles: [.investigator],
                  summary: "The case team reports to the head that the case should be transferred to the police.",
                  rule: "a team of two or more officers of the agency; the head decides within 3 days (第五条)",
                  payload: [
                      required("team", .list(.identifier, minItems: 2), "The officers of the case team (专案组)."),
                      required("suspectedOffence", .string(.offence), "The Criminal Law article suspected, e.g. \"213\"."),
                      required("grounds", .text, "Why the case is suspected to be a crime."),
                      optional("illegalGainsFen", .fen, "Illegal gains found so far, in fen."),
                      optional("businessVolumeFen", .fen, "Illegal business volume found so far, in fen."),
                  ]),
        EventType("TransferApproved", stream: "case", kinds: [.amr], roles: [.head],
                  summary: "The head approves the transfer report.",
                  rule: "after a report; the transfer is made within 24 hours (第五条)",
                  payload: [
                      optional("note", .text, "A note on the approval."),
                  ]),
        EventType("TransferRefused", stream: "case", kinds: [.amr], roles: [.head],
                  summary: "The head refuses the transfer report.",
                  rule: "after a report; a refusal needs a reason (第五条)",
                  payload: [
                      required("reason", .text, "Why the transfer was refused."),
                  ]),
        EventType("CaseTransferred", stream: "case", kinds: [.amr], roles: Role.recording,
                  summary: "The agency transfers the case to a police agency (移送).",
                  rule: "needs approval; with the transfer letter, and the investigation report, evidence list and inspection report (第六条)",
                  payload: [
                      required("to", .identifier, "The police agency it is transferred to."),
                      required("documents", .list(.one(of: TransferDocument.self)), "The documents sent with it."),
                      optional("letterNo", .name, "The transfer letter's number."),
                  ]),
        EventType("TransferReceived", stream: "case", kinds: [.police], roles: Role.recording,
                  summary: "The police agency signs the transfer receipt (回执).",
                  rule: "only by the police agency the case was transferred to, after the transfer (第七条); it decides on filing within " +
                      "3 days (第八条)",
                  payload: [
                      required("receiptNo", .name, "The receipt's number."),
                  ]),
        EventType("TransferForwarded", stream: "case", kinds: [.police], roles: Role.recording,
                  summary: "A police agency that is not competent forwards the case (转送).",
                  rule: "by the police agency holding the transfer, to another police agency, within 24 hours (第七条)",
                  payload: [
                      required("to", .identifier, "The competent police agency."),
                      required("reason", .text, "Why this agency is not competent."),
                  ]),
        EventType("MaterialsRequested", stream: "case", kinds: [.police], roles: Role.recording,
                  summary: "The police ask for missing transfer materials (补正).",
                  rule: "after the receipt, within 24 hours; the agency supplies them within 3 days (公安机关办理刑事案件程序规定 第180条)",
                  payload: [
                      required("missing", .list(.name), "The materials missing."),
                  ]),
        EventType("MaterialsSupplied", stream: "case", kinds: [.amr], roles: Role.recording,
                  summary: "The agency supplies the materials the police asked for.",
                  rule: "after a request, within 3 days (公安机关办理刑事案件程序规定 第180条)",
                  payload: [
                      required("documents", .list(.name), "The materials supplied."),
                  ]),
        EventType("CriminalCaseFiled", stream: "case", kinds: [.police], roles: Role.recording,
                  summary: "The police file the case as a criminal case (立案).",
                  rule: "within 3 days of receipt (第八条); after a decline, only on a reconsideration to file, a dispute resolved for " +
                      "transfer, or a procuratorate's filing order (payload.supervision)",
                  payload: [
                      required("filingNo", .name, "The filing decision's number."),
                      optional("supervision", .stream("supervision"), "The supervision whose filing order this follows."),
                  ]),
        EventType("FilingDeclined", stream: "case", kinds: [.police], roles: Role.recording,
                  summary: "The police decide not to file (不予立案).",
                  rule: "within 3 days of receipt; a decline needs a reason (第八条)",
                  payload: [
                      required("reason", .text, "Why the case is not filed."),
                  ]),
        EventType("ReconsiderationRequested", stream: "case", kinds: [.amr], roles: Role.recording,
                  summary: "The agency asks the police to reconsider a decline (提请复议).",
                  rule: "after a decline, within 3 days (第九条)",
                  payload: [
                      required("grounds", .text, "Why the case should be filed."),
                  ]),
        EventType("ReconsiderationDecided", stream: "case", kinds: [.police], roles: Role.recording,
                  summary: "The police decide the reconsideration.",
                  rule: "after a request, within 3 days (第九条)",
                  payload: [
                      required("outcome", .one(of: ReconsiderationOutcome.self), "To file, or the decline upheld."),
                      required("reason", .text, "Why."),
                  ]),
        EventType("FilingSupervisionSuggested", stream: "case", kinds: [.amr], roles: Role.recording,
                  summary: "The agency suggests that the procuratorate supervise the filing (建议立案监督).",
                  rule: "after a decline or an upheld reconsideration, within 3 days (第九条)",
                  payload: [
                      required("procuratorate", .identifier, "The procuratorate."),
                      required("grounds", .text, "Why the case should be filed."),
                  ]),
        EventType("TransferDisputeRaised", stream: "case", kinds: [.amr, .police], roles: Role.staff,
                  summary: "The agency or the police raise a dispute over the transfer (移送争议).",
                  rule: "by a party to the case; one open dispute at a time",
                  payload: [
                      required("question", .text, "What is disputed."),
                  ]),
        EventType("OpinionRequested", stream: "case", kinds: [.amr, .police], roles: Role.staff,
                  summary: "A party to the dispute asks the procuratorate or a court for its opinion.",
                  rule: "during a dispute, of a procuratorate or court",
                  payload: [
                      required("from", .identifier, "The procuratorate or court asked."),
                      required("question", .text, "What it is asked."),
                  ]),
        EventType("OpinionGiven", stream: "case", kinds: [.procuratorate, .court], roles: [.prosecutor, .judge, .head, .liaison],
                  summary: "The procuratorate or court gives the opinion it was asked for.",
                  rule: "an opinion only where one was asked, by the agency asked",
                  payload: [
                      required("opinion", .text, "The opinion."),
                      required("recommendation", .one(of: OpinionRecommendation.self), "What it recommends."),
                  ]),
        EventType("TransferDisputeResolved", stream: "case", kinds: [.amr, .police], roles: Role.staff,
                  summary: "The dispute is settled: transfer or not.",
                  rule: "after a dispute was raised, by a party to the case",
                  payload: [
                      required("outcome", .one(of: DisputeOutcome.self), "Transfer, or no transfer."),
                      required("basis", .text, "On what basis (the opinions given ...)."),
                  ]),
        EventType("MaterialsHandedOver", stream: "case", kinds: [.amr], roles: Role.recording,
                  summary: "The agency hands the seized goods and case materials over to the police (移交).",
                  rule: "after the filing, within 3 days of the filing notice (第十二条)",
                  payload: [
                      required("items", .list(.name), "What was handed over."),
                  ]),
    ]
}
