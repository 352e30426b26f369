import LedgerCore
import Projections

/// `ipledger status [STREAM]`: the case status board, or one item in detail.
struct StatusCommand: Command {
    static let name = "status"
    static let abstract = "Show each report, case, supervision and mediation: its stage, who must act next, by when, and its flags."
    static let usage = "ipledger status [STREAM] [--kind K] [--agency A] [--open] [--flag F] [--as-of SEQ|TIME] [--lang zh|en] [--json]"
    static let help = """
    ARGUMENTS:
      STREAM            One item in detail, e.g. case/FLE-2024-0007: its parties, its flags
                        and every statutory deadline it started, judged.

    OPTIONS:
      --kind K          Only items of kind K: report, case, supervision, mediation.
      --agency A        Only items agency A holds or must act in.
      --open            Only items that have not ended.
      --flag F          Only items flagged F: overdue, late, shouldTransfer, repeatOffender,
                        disputed, supervised, missingDocuments, materialsPending, privateEnterprise.
    \(ProjectionQuery.optionsHelp)

    With --json: one JSON object per item (JSON lines) with the members stream, kind,
    stage, opened, ended, holders, ipType, sector, case, next {agency, rule, due,
    overdue} and flags; with STREAM, one object that adds deadlines[].

    EXAMPLE:
      ipledger status --open --flag overdue
      ipledger status case/FLE-2024-0007 --as-of 2024-09-19
    """

    static func run(_ arguments: inout Arguments, _ context: CommandContext) throws {
        let query = try ProjectionQuery.parse(&arguments, context)
        let kind = try arguments.option("kind")
        if let kind, ItemKind(rawValue: kind) == nil {
            throw CLIError.usage("--kind takes report, case, supervision or mediation, not \"\(kind)\"")
        }
        let agency = try arguments.option("agency")
        let openOnly = arguments.flag("open")
        let flag = try arguments.option("flag")
        let stream = try arguments.finish(maxPositionals: 1).first
        // One item: fold only the streams its row depends on, when that gives the same answer.
        let focused = try stream.flatMap { item in try query.focusedAnswer(context, scope: { CaseStatusBoard.scope(of: item, in: $0) }) }
        let answer = try focused ?? query.answer(context)
        var timing = Timing(context)
        let alerts = AlertList.alerts(answer.projections, judgedAt: answer.judgedAt)
        timing.note("alerts")
        let labels = query.labels
        let offset = answer.utcOffset

        if let stream {
            guard let row = CaseStatusBoard.row(answer.projections, stream: stream, judgedAt: answer.judgedAt, alerts: alerts) else {
                throw CLIError(.usage, "there is no report, case, supervision or mediation \(stream) in the ledger")
            }
            if query.json {
                context.print(CanonicalJSON.string(row.json(utcOffset: offset, detail: true)))
            } else {
                context.standardOutput.write(detail(row, answer, query))
            }
            return
        }
        let rows = CaseStatusBoard.rows(answer.projections, judgedAt: answer.judgedAt, alerts: alerts).filter { row in
            (kind == nil || row.kind.rawValue == kind) && (!openOnly || row.isOpen) && (flag == nil || row.flags.contains(flag!))
                && (agency == nil || row.holders.contains(agency!) || row.deadlines.contains { $0.isOpen && $0.agency == agency })
        }
        if query.json {
            query.printLines(rows.map { $0.json(utcOffset: offset) }, context)
            return
        }
        var table = TextTable(headers: ["stream", "kind", "stage", "holders", "next", "due", "flags"].map(labels.header))
        for row in rows {
            table.add([
                row.stream, labels.value(row.kind.rawValue, .itemKind), labels.value(row.stage, stageVocabulary(row.kind)),
                row.holders.joined(separator: " "),
                row.next.map { ($0.agency.map { $0 + " " } ?? "") + labels.value($0.rule, .rule) } ?? "–",
                row.next.map { labels.time($0.due, offset) } ?? "–",
                row.flags.map { labels.value($0, .flag) }.joined(separator: ", "),
            ])
        }
        context.print(query.heading(answer))
        context.print()
        context.standardOutput.write(table.render())
        context.print()
        context.print(labels.text(zh: "共 \(rows.count) 项 items", en: "\(rows.count) item\(rows.count == 1 ? "" : "s")"))
    }

    static func stageVocabulary(_ kind: ItemKind) -> Labels.Vocabulary {
        switch kind {
        case .report: return .reportStage
        case .case: return .caseStage
        case .supervision: return .supervisionStage
        case .mediation: return .mediationStage
        }
    }

    /// One item: its facts as `label: value` lines, then its deadlines as a table.
    static func detail(_ row: StatusRow, _ answer: ProjectionQuery.Answer, _ query: ProjectionQuery) -> String {
        let labels = query.labels
        let offset = answer.utcOffset
        let registry = answer.projections.domain.registry
        func agency(_ id: String) -> String { registry.agency(id).map { "\(id) (\($0.name))" } ?? id }
        var facts: [(String, String)] = [
            ("stream", row.stream), ("kind", labels.value(row.kind.rawValue, .itemKind)),
            ("stage", labels.value(row.stage, stageVocabulary(row.kind))),
            ("opened", row.opened.map { "\(labels.time($0.at, offset)) (seq \($0.seq))" } ?? "–"),
        ]
        if let ended = row.ended {
            facts.append(("ended", "\(labels.time(ended.at, offset)) (seq \(ended.seq), \(labels.value(ended.type, .eventType)))"))
        }
        facts.append(("holders", row.holders.map(agency).joined(separator: ", ")))
        if let ipType = row.ipType { facts.append(("ipType", labels.value(ipType, .ipType))) }
        if let sector = row.sector { facts.append(("sector", labels.value(sector, .sector))) }
        if let caseName = row.caseName { facts.append(("case", caseName)) }
        let next = row.next.map { d -> String in
            var text = (d.agency.map { $0 + " " } ?? "") + labels.value(d.rule, .rule)
            text += ", " + labels.header("due") + " " + labels.time(d.due, offset)
            if d.state == .overdue { text += ", " + labels.value("overdue", .flag) }
            return text
        }
        facts.append(("next", next ?? "–"))
        facts.append(("flags", row.flags.isEmpty ? "–" : row.flags.map { labels.value($0, .flag) }.joined(separator: ", ")))
        let width = facts.map { TextTable.displayWidth(labels.header($0.0)) }.max() ?? 0
        var text = query.heading(answer) + "\n\n"
        for (code, value) in facts {
            let label = labels.header(code)
            text += label + ":" + String(repeating: " ", count: width - TextTable.displayWidth(label) + 1) + value + "\n"
        }
        text += "\n"
        var table = TextTable(headers: ["rule", "agency", "started", "due", "state", "taken", "citation"].map(labels.header))
        for d in row.deadlines {
            table.add([
                labels.value(d.rule, .rule), d.agency ?? "–", "\(labels.time(d.startedBy.at, offset)) (seq \(d.startedBy.seq))",
                labels.time(d.due, offset), labels.value(d.state.rawValue, .deadlineState),
                d.taken == nil ? "–" : labels.taken(d.taken, of: d), d.citation,
            ])
        }
        text += table.render()
        return text
    }
}
