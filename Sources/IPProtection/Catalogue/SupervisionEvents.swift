/// The `supervision/<id>` stream's types: procuratorial supervision of a case.
enum SupervisionEvents {
    static let types: [EventType] = [
        EventType("SupervisionOpened", stream: "supervision", kinds: [.procuratorate], roles: [.prosecutor],
                  summary: "A procuratorate opens supervision of a case (立案监督, civil, administrative or criminal supervision).",
                  rule: "the case exists; a supervision opened on a suggestion follows the agency's suggestion to this procuratorate",
                  payload: [
                      required("case", .stream("case"), "The case supervised."),
                      required("kind", .one(of: SupervisionKind.self), "What is supervised."),
                      required("source", .one(of: SupervisionSource.self), "What started it."),
                      required("grounds", .text, "Why."),
                  ]),
        EventType("ExplanationRequested", stream: "supervision", kinds: [.procuratorate], roles: [.prosecutor],
                  summary: "Asks the police to explain why the case was not filed (要求说明不立案理由).",
                  rule: "the case's police agency explains within 7 days (刑事诉讼法 第113条; 人民检察院刑事诉讼规则 第560条)",
                  payload: [
                      required("police", .identifier, "The police agency asked."),
                      optional("question", .text, "What is to be explained."),
                  ]),
        EventType("ExplanationGiven", stream: "supervision", kinds: [.police], roles: Role.recording,
                  summary: "The police agency explains why it did not file.",
                  rule: "only by the police agency asked, after the request (刑事诉讼法 第113条)",
                  payload: [
                      required("reason", .text, "The explanation."),
                  ]),
        EventType("FilingOrdered", stream: "supervision", kinds: [.procuratorate], roles: [.prosecutor],
                  summary: "Orders the police to file the case (通知立案).",
                  rule: "filing supervision only, after an explanation was asked for and given or overdue; the police file within 15 " +
                      "days (人民检察院刑事诉讼规则 第563条)",
                  payload: [
                      required("police", .identifier, "The police agency ordered to file."),
                      optional("reason", .text, "Why the explanation does not hold."),
                  ]),
        EventType("TransferOpinionIssued", stream: "supervision", kinds: [.procuratorate], roles: [.prosecutor],
                  summary: "Asks an administrative agency to transfer a case it should (建议移送).",
                  rule: "to the agency that holds the case, before it was transferred (人民检察院刑事诉讼规则 第557条)",
                  payload: [
                      required("agency", .identifier, "The agency asked to transfer."),
                      optional("reason", .text, "Why the case should be transferred."),
                  ]),
        EventType("CorrectionIssued", stream: "supervision", kinds: [.procuratorate], roles: [.prosecutor],
                  summary: "Issues a notice to correct a violation (纠正违法通知书).",
                  payload: [
                      required("agency", .identifier, "The agency to correct."),
                      required("reason", .text, "What is to be corrected."),
                  ]),
        EventType("SupervisionConcluded", stream: "supervision", kinds: [.procuratorate], roles: [.prosecutor],
                  summary: "Concludes the supervision with its outcome and findings.",
                  rule: "nothing follows the conclusion",
                  payload: [
                      required("outcome", .one(of: SupervisionOutcome.self), "How it ended."),
                      required("findings", .text, "What was found."),
                  ]),
    ]
}
