import LedgerCore
import Projections

/// `ipledger transfers`: the shared transfer platform view.
struct TransfersCommand: Command {
    static let name = "transfers"
    static let abstract = "Show every transfer to the police: each step's date, days taken against the limit, outcome, disputes, " +
        "supervision."
    static let usage = "ipledger transfers [--outcome O] [--agency A] [--as-of SEQ|TIME] [--lang zh|en] [--json]"
    static let help = """
    OPTIONS:
      --outcome O       Only transfers whose outcome is O: filed, declined, refused,
                        noTransfer or pending.
      --agency A        Only transfers agency A made or received.
    \(ProjectionQuery.optionsHelp)

    The view of the shared transfer information platform (两法衔接): every case with a
    transfer report or a transfer. Each step shows its date and, where a statutory
    period applied, the time taken against the limit (`1/3天`: one day of three), marked
    when late. With --json: one JSON object per transfer (JSON lines) with the members
    case, amr, transferredTo, police, stage, outcome, steps[] {step, seq, type, at, rule,
    limit, unit, taken, late, due}, missingDocuments[], disputes[] {raised, raisedBy,
    opinions, resolved, outcome}, supervisions[] {stream, kind, stage} and pending[].

    EXAMPLE:
      ipledger transfers --outcome declined
      ipledger transfers --as-of 2024-09-19 --json
    """

    static func run(_ arguments: inout Arguments, _ context: CommandContext) throws {
        let query = try ProjectionQuery.parse(&arguments, context)
        let outcome = try arguments.option("outcome")
        let agency = try arguments.option("agency")
        _ = try arguments.finish()
        let answer = try query.answer(context)
        let offset = answer.utcOffset
        let rows = TransferPlatformView.rows(answer.projections, judgedAt: answer.judgedAt).filter {
            (outcome == nil || $0.outcome == outcome) && (agency == nil || [$0.amr, $0.transferredTo, $0.police].contains(agency))
        }
        if query.json {
            query.printLines(rows.map { $0.json(utcOffset: offset) }, context)
            return
        }
        let labels = query.labels
        func cell(_ row: TransferRow, _ steps: [String]) -> String {
            guard let step = steps.lazy.compactMap({ row.step($0) }).first else { return "–" }
            var text = labels.date(step.act.at, offset)
            if let d = step.deadline, d.taken != nil {
                text += " " + labels.taken(d.taken, of: d)
                if d.state == .late { text += " " + labels.value("late", .deadlineState) }
            }
            return text
        }
        var table = TextTable(headers: ["case", "amr", "police", "reported", "approved", "transferred", "received", "decided",
                                        "outcome", "dispute", "supervision"].map(labels.header))
        for row in rows {
            let decided = cell(row, ["filing", "decline"])
            let decision = ["filing", "decline"].first { row.step($0) != nil }.map { labels.value($0, .step) } ?? ""
            let dispute = row.disputes.last.map { d in labels.value(d.outcome ?? "pending", .outcome) } ?? "–"
            table.add([
                row.caseName, row.amr ?? "–", row.police ?? "–", cell(row, ["report"]), cell(row, ["approval", "refusal"]),
                cell(row, ["transfer"]), cell(row, ["receipt"]),
                decided == "–" || decision.isEmpty ? decided : decided + " " + decision,
                labels.value(row.outcome, .outcome), dispute,
                row.supervisions.isEmpty ? "–" : row.supervisions.map(\.stream).joined(separator: " "),
            ])
        }
        context.print(query.heading(answer))
        context.print()
        context.standardOutput.write(table.render())
        context.print()
        context.print(labels.text(zh: "共 \(rows.count) 件移送 transfers", en: "\(rows.count) transfer\(rows.count == 1 ? "" : "s")"))
    }
}
