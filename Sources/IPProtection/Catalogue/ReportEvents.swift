/// The `report/<id>` stream's types: complaint and report intake, shared between agencies.
enum ReportEvents {
    static let intake: [Role] = [.clerk, .investigator]

    static let types: [EventType] = [
        EventType("ReportReceived", stream: "report", roles: intake,
                  summary: "A complaint or report received by an agency (投诉举报).",
                  rule: "opens the stream; a market-supervision agency decides within 7 working days (市场监督管理投诉举报处理暂行办法 第14条)",
                  payload: [
                      required("channel", .one(of: ReportChannel.self), "How the report came in."),
                      required("reporter", .object([
                          required("name", .name, "The reporter's name (匿名 for an anonymous report)."),
                          required("kind", .one(of: ReporterKind.self), "Who the reporter is."),
                          required("privateEnterprise", .boolean, "Whether the reporter is a private enterprise."),
                      ]), "Who reported."),
                      required("respondent", .party, "Whom the report is about."),
                      required("ipType", .one(of: IPType.self), "The IP right concerned."),
                      required("sector", .one(of: Sector.self), "The sector concerned."),
                      required("summary", .text, "What was reported."),
                      optional("externalNo", .name, "The number another system gave it, e.g. a 12315 ticket."),
                  ]),
        EventType("ReportShared", stream: "report", roles: intake,
                  summary: "Shares a report with other agencies (投诉举报信息共享).",
                  rule: "registered agencies only; recorded by an agency that holds the report",
                  payload: [
                      required("agencies", .list(.identifier), "The agencies it is shared with."),
                      optional("note", .text, "A note for them."),
                  ]),
        EventType("ReportAccepted", stream: "report", kinds: [.amr], roles: intake,
                  summary: "A market-supervision agency accepts the report.",
                  rule: "within 7 working days of receipt (市场监督管理投诉举报处理暂行办法 第14条)",
                  payload: [
                      optional("note", .text, "A note on the acceptance."),
                  ]),
        EventType("ReportDeclined", stream: "report", kinds: [.amr], roles: intake,
                  summary: "A market-supervision agency declines the report.",
                  rule: "a decline needs a reason; within 7 working days of receipt (市场监督管理投诉举报处理暂行办法 第14条)",
                  payload: [
                      required("reason", .text, "Why it was declined."),
                  ]),
        EventType("ReportClosed", stream: "report", roles: intake,
                  summary: "Closes the report with its outcome.",
                  rule: "a report closed because a case was opened names that case; nothing follows a close",
                  payload: [
                      required("outcome", .one(of: ReportOutcome.self), "How the report ended."),
                      optional("case", .stream("case"), "The case opened on it."),
                      optional("reason", .text, "Why, in words."),
                  ]),
    ]
}
