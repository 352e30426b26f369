import LedgerCore
import Projections

/// `ipledger alerts`: overdue deadlines and threshold alerts.
struct AlertsCommand: Command {
    static let name = "alerts"
    static let abstract = "Show overdue statutory deadlines, cases that should have been transferred, and repeat offenders."
    static let usage = "ipledger alerts [--kind K] [--agency A] [--as-of SEQ|TIME] [--lang zh|en] [--json]"
    static let help = """
    OPTIONS:
      --kind K          Only alerts of kind K: overdue, shouldTransfer, repeatOffender.
      --agency A        Only alerts for agency A to act on.
    \(ProjectionQuery.optionsHelp)

    Oldest first. With --json: one JSON object per alert (JSON lines) with the members
    kind, stream, case, agency, agencyKind, since, rule, citation, message and source
    {seq, type, at}.

    EXAMPLE:
      ipledger alerts --agency fle-psb
      ipledger alerts --as-of 2024-09-19
    """

    static func run(_ arguments: inout Arguments, _ context: CommandContext) throws {
        let query = try ProjectionQuery.parse(&arguments, context)
        let kind = try arguments.option("kind")
        let agency = try arguments.option("agency")
        _ = try arguments.finish()
        let answer = try query.answer(context)
        let offset = answer.utcOffset
        let alerts = AlertList.alerts(answer.projections, judgedAt: answer.judgedAt).filter {
            (kind == nil || $0.kind.rawValue == kind) && (agency == nil || $0.agency == agency)
        }
        if query.json {
            query.printLines(alerts.map { $0.json(utcOffset: offset) }, context)
            return
        }
        let labels = query.labels
        let last = labels.language == .zh ? "citation" : "message"
        var table = TextTable(headers: ["kind", "stream", "agency", "rule", "since", last].map(labels.header))
        for alert in alerts {
            table.add([labels.value(alert.kind.rawValue, .alertKind), alert.stream, alert.agency ?? alert.agencyKind.rawValue,
                       labels.value(alert.rule, .rule), labels.time(alert.since, offset),
                       labels.language == .zh ? alert.citation : alert.message])
        }
        context.print(query.heading(answer))
        context.print()
        context.standardOutput.write(table.render())
        context.print()
        context.print(labels.text(zh: "共 \(alerts.count) 条提示 alerts", en: "\(alerts.count) alert\(alerts.count == 1 ? "" : "s")"))
    }
}
