import LedgerCore
import LedgerStore
import Projections

/// `ipledger trail CASE`: the supervision trail of one case.
struct TrailCommand: Command {
    static let name = "trail"
    static let abstract = "Show every act of a case in order: who, when, under which rule, days taken against the limit, on time or " +
        "late, and its hash."
    static let usage = "ipledger trail CASE [--as-of SEQ|TIME] [--lang zh|en] [--json]"
    static let help = """
    ARGUMENTS:
      CASE              The case, e.g. case/FLE-2024-0007 (or FLE-2024-0007).

    OPTIONS:
    \(ProjectionQuery.optionsHelp)

    The acts of the report the case came from, the case itself and its supervisions, in
    log order. For each act: its time, agency and officer, the statutory rule it
    answered with the time taken against the limit and whether it came on time or late,
    and its event hash (SHA-256 of its line in events.jsonl), which an auditor can check
    with `ipledger prove` or their own tools. Deadlines still open follow. With --json:
    one object {"case", "acts": [{seq, stream, type, at, recorded, agency, officer, hash,
    answered[], started[]}], "pending": []}.

    EXAMPLE:
      ipledger trail case/FLE-2024-0007
      ipledger trail case/FLE-2024-0007 --as-of 2024-03-20 --lang en
    """

    static func run(_ arguments: inout Arguments, _ context: CommandContext) throws {
        let query = try ProjectionQuery.parse(&arguments, context)
        guard let given = try arguments.finish(maxPositionals: 1).first else {
            throw CLIError.usage("trail needs a CASE, e.g. case/FLE-2024-0007")
        }
        let caseName = given.hasPrefix("case/") ? given : "case/" + given
        // The trail's streams only, when that gives the same answer.
        let focused = try query.focusedAnswer(context, scope: { SupervisionTrail.scope(of: caseName, in: $0) })
        let answer = try focused ?? query.answer(context)
        let set = answer.projections
        guard set.domain.cases[caseName]?.exists == true else {
            throw CLIError(.usage, "there is no case \(caseName) in the ledger")
        }
        var acts: [(record: LedgerRecord, hash: String)] = []
        try storeCall {
            for stream in SupervisionTrail.streams(of: caseName, in: set) {
                for record in try query.ledger.records(inStream: stream) where answer.includes(record) {
                    let line = try query.ledger.line(seq: record.seq)
                    acts.append((record, SHA256.hash(line).hex))
                }
            }
        }
        let trail = SupervisionTrail(caseName: caseName, acts: acts, set: set, judgedAt: answer.judgedAt)
        let offset = answer.utcOffset
        if query.json {
            context.print(CanonicalJSON.string(trail.json(utcOffset: offset)))
            return
        }
        let labels = query.labels
        let headers = ["seq", "time", "stream", "act", "agency", "officer", "rule", "taken", "result", "hash"]
        var table = TextTable(headers: headers.map(labels.header),
                              alignments: [.right, .left, .left, .left, .left, .left, .left, .right, .left, .left])
        for act in trail.acts {
            let at = Timestamp(rfc3339: act.record.at).map { labels.time($0, offset) } ?? act.record.at
            let head = [String(act.record.seq), at, act.record.stream, labels.value(act.record.type, .eventType),
                        act.record.actor.agency, act.record.actor.officer]
            let judged = act.answered.isEmpty ? [nil] : act.answered.map { Optional($0) }
            for (i, d) in judged.enumerated() {
                let rule = d.map { labels.value($0.rule, .rule) } ?? "–"
                let taken = d.map { $0.taken == nil ? "–" : labels.taken($0.taken, of: $0) } ?? "–"
                let result = d.map { labels.value($0.state.rawValue, .deadlineState) } ?? "–"
                table.add((i == 0 ? head : head.map { _ in "" }) + [rule, taken, result, i == 0 ? act.hash : ""])
            }
        }
        context.print(query.heading(answer))
        context.print()
        context.print(labels.text(zh: "监督轨迹 supervision trail: \(caseName)", en: "supervision trail: \(caseName)"))
        context.print()
        context.standardOutput.write(table.render())
        context.print()
        if trail.pending.isEmpty {
            context.print(labels.text(zh: "待办 pending: –", en: "pending: none"))
            return
        }
        context.print(labels.text(zh: "待办 pending:", en: "pending:"))
        context.print()
        var pending = TextTable(headers: ["rule", "agency", "started", "due", "state", "citation"].map(labels.header))
        for d in trail.pending {
            pending.add([labels.value(d.rule, .rule), d.agency ?? "–", "\(labels.time(d.startedBy.at, offset)) (seq \(d.startedBy.seq))",
                         labels.time(d.due, offset), labels.value(d.state.rawValue, .deadlineState), d.citation])
        }
        context.standardOutput.write(pending.render())
    }
}
