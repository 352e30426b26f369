/// The `mediation/<id>` types of judicial confirmation (司法确认) of a mediation agreement.
///
/// 民事诉讼法 (2023) 第205条: the parties apply together within 30 days of the agreement taking
/// effect. 最高人民法院关于人民调解协议司法确认程序的若干规定 (法释〔2011〕5号) 第4条: the court
/// decides within 3 days whether to accept; 第5条: it decides within 15 days of accepting, 10
/// more when its president extends the period. 民诉解释 第355条: an agreement that confirms
/// ownership of an IP right is never confirmed.
enum ConfirmationEvents {
    static let types: [EventType] = [
        EventType("ConfirmationApplied", stream: "mediation", kinds: [.center, .court], roles: [.clerk],
                  summary: "Every party applies together for judicial confirmation of the agreement, at the center or the court.",
                  rule: "after a settlement, once; every party applies; to the mediation's court where a court delegated, entrusted " +
                      "or invited it; within 30 days of the agreement taking effect (民事诉讼法 2023 第205条); a late application " +
                      "is recorded and flagged",
                  payload: [
                      required("court", .identifier, "The court applied to."),
                      required("applicants", .list(.name, minItems: 2), "The parties applying, by name: every party."),
                  ]),
        EventType("ConfirmationAccepted", stream: "mediation", kinds: [.court], roles: MediationEvents.courtStaff,
                  summary: "The court accepts the application (受理).",
                  rule: "by the court applied to, within 3 days (法释〔2011〕5号 第4条); it decides within 15 days (第5条)",
                  payload: [
                      optional("caseNo", .name, "The confirmation case number."),
                      optional("note", .text, "A note on the acceptance."),
                  ]),
        EventType("ConfirmationExtended", stream: "mediation", kinds: [.court], roles: [.head],
                  summary: "The court's president extends the decision period (经本院院长批准延长).",
                  rule: "once, by at most 10 days, after acceptance and before the decision (法释〔2011〕5号 第5条)",
                  payload: [
                      required("days", .integer(minimum: 1, maximum: 10), "The days added: 10 at most."),
                      optional("reason", .text, "The special circumstances."),
                  ]),
        EventType("ConfirmationGranted", stream: "mediation", kinds: [.court], roles: [.judge],
                  summary: "The court rules the agreement valid (裁定调解协议有效).",
                  rule: "after acceptance, by the court applied to, within 15 days (+10 if extended) (法释〔2011〕5号 第5条); never for " +
                      "an agreement that confirms ownership of an IP right (民诉解释 第355条)",
                  payload: [
                      required("rulingNo", .name, "The ruling's number."),
                  ]),
        EventType("ConfirmationDenied", stream: "mediation", kinds: [.court], roles: [.judge],
                  summary: "The court refuses to accept or dismisses the application (不予受理, 驳回申请).",
                  rule: "after the application, by the court applied to, within 3 days if not accepted (法释〔2011〕5号 第4条), else " +
                      "within 15 days (+10) of acceptance (第5条; 民诉解释 第355、358条)",
                  payload: [
                      required("reason", .one(of: ConfirmationDenialReason.self), "Why."),
                      required("detail", .text, "The court's reasoning."),
                      optional("rulingNo", .name, "The ruling's number."),
                  ]),
    ]
}
