import LedgerCore
import Projections

/// `ipledger mediations`: the mediation and judicial confirmation docket.
struct MediationsCommand: Command {
    static let name = "mediations"
    static let abstract = "Show the mediation docket: periods, extensions, agreements, confirmation windows and judicial confirmations."
    static let usage = "ipledger mediations [--open] [--window open|closing|closed|applied|late] [--court C] [--as-of SEQ|TIME] [--lang " +
        "zh|en] [--json]"
    static let help = """
    OPTIONS:
      --open            Only mediations not yet finished (confirmation decided, the case
                        registered after a failed delegation, another mediation failed, or
                        settled with no confirmation applied for).
      --window W        Only mediations whose confirmation window is W: open, closing (its
                        last 5 days), closed (ended with no application), applied, late.
      --court C         Only mediations court C delegated, entrusted or invited, or was
                        applied to for confirmation.
    \(ProjectionQuery.optionsHelp)

    The mediation period (最高人民法院关于人民法院特邀调解的规定 第27条: 30 days delegated, 15
    entrusted, 7 in summary procedure, from the mediator's assignment, longer when the
    parties agreed to extend it), the 30-day window for applying for judicial
    confirmation (民事诉讼法 2023 第205条), and the court's acceptance and decision
    (法释〔2011〕5号). With --json: one JSON object per mediation (JSON lines) with the
    members stream, kind, court, courtCaseNo, organization, mediator, parties, ipType,
    stage, nextAgency, period, extensions[], sessions, agreement, failed, window {due,
    state, start}, confirmation {court, applied, accepted, acceptance, decision,
    extensionDays, state, rulingNo, denialReason} and flags.

    EXAMPLE:
      ipledger mediations --window closing
      ipledger mediations --as-of 2025-06-30 --json
    """

    static func run(_ arguments: inout Arguments, _ context: CommandContext) throws {
        let query = try ProjectionQuery.parse(&arguments, context)
        let openOnly = arguments.flag("open")
        let window = try arguments.option("window")
        if let window, MediationRow.WindowState(rawValue: window) == nil {
            throw CLIError.usage("--window takes open, closing, closed, applied or late, not \"\(window)\"")
        }
        let court = try arguments.option("court")
        _ = try arguments.finish()
        let answer = try query.answer(context)
        let offset = answer.utcOffset
        let ended = { (stream: String) in answer.projections.domain.mediations[stream].map { MediationDocket.isFinished($0) } ?? true }
        let rows = MediationDocket.rows(answer.projections, judgedAt: answer.judgedAt).filter {
            (!openOnly || !ended($0.stream)) && (window == nil || $0.windowState?.rawValue == window)
                && (court == nil || $0.court == court || $0.confirmation?.court == court)
        }
        if query.json {
            query.printLines(rows.map { $0.json(utcOffset: offset) }, context)
            return
        }
        let labels = query.labels
        func deadline(_ d: DeadlineRow?) -> String {
            guard let d else { return "–" }
            var text = labels.date(d.due, offset)
            if d.taken != nil { text += " " + labels.taken(d.taken, of: d) }
            if d.state != .onTime && d.state != .open { text += " " + labels.value(d.state.rawValue, .deadlineState) }
            return text
        }
        var table = TextTable(headers: ["stream", "kind", "court", "organization", "mediator", "stage", "period", "extensions",
                                        "agreement", "window", "confirmation", "flags"].map(labels.header))
        for row in rows {
            let window = row.window.map { w in
                labels.date(w.due, offset) + (row.windowState.map { " " + labels.value($0.rawValue, .windowState) } ?? "")
            } ?? "–"
            let confirmation = row.confirmation.map { c in
                var text = c.court
                if let state = row.confirmationState { text += " " + labels.value(state, .confirmationState) }
                if row.confirmationState == "pending", let d = row.decision ?? row.acceptance { text += " " + deadline(d) }
                return text
            } ?? "–"
            table.add([
                row.stream, labels.value(row.kind, .mediationKind), row.court ?? "–", row.organization, row.mediator ?? "–",
                labels.value(row.stage, .mediationStage), deadline(row.period),
                row.extensions.isEmpty ? "–" : row.extensions.map { "+\($0.days)" }.joined(separator: " "),
                row.agreement?.agreementNo ?? "–", window, confirmation,
                row.flags.isEmpty ? "" : row.flags.map { labels.value($0, .flag) }.joined(separator: ", "),
            ])
        }
        context.print(query.heading(answer))
        context.print()
        context.standardOutput.write(table.render())
        context.print()
        context.print(labels.text(zh: "共 \(rows.count) 件调解 mediations", en: "\(rows.count) mediation\(rows.count == 1 ? "" : "s")"))
    }
}
