import LedgerCore
import Projections

/// `ipledger workload`: open, overdue and finished items per agency and officer.
struct WorkloadCommand: Command {
    static let name = "workload"
    static let abstract = "Show each agency's and officer's open items by kind, overdue items, and items finished per month."
    static let usage = "ipledger workload [--agency A] [--no-officers] [--as-of SEQ|TIME] [--lang zh|en] [--json]"
    static let help = """
    OPTIONS:
      --agency A        Only agency A and its officers.
      --no-officers     Agencies only.
    \(ProjectionQuery.optionsHelp)

    An item (a report, case, supervision or mediation) is open for an agency that holds
    it or must act in it, until it ends; for an officer, when the officer was the last of
    the agency's officers to act in it. Overdue items have one of the agency's statutory
    deadlines past due. Finished items are counted in the month of the act that ended
    them, for the agency and officer that recorded it.

    With --json: one JSON object per agency or officer (JSON lines) with the members
    agency, officer (null for the agency), name, agencyKind, open {report, case,
    supervision, mediation}, openTotal, overdue and finished {"YYYY-MM": n}.

    EXAMPLE:
      ipledger workload --agency fle-psb
      ipledger workload --as-of 2024-06-30 --json
    """

    static func run(_ arguments: inout Arguments, _ context: CommandContext) throws {
        let query = try ProjectionQuery.parse(&arguments, context)
        let agency = try arguments.option("agency")
        let officers = !arguments.flag("no-officers")
        _ = try arguments.finish()
        let answer = try query.answer(context)
        let rows = AgencyWorkloadView.rows(answer.projections, judgedAt: answer.judgedAt).filter {
            (agency == nil || $0.agency == agency) && (officers || $0.officer == nil)
        }
        if query.json {
            query.printLines(rows.map { $0.json() }, context)
            return
        }
        let labels = query.labels
        let kinds = ItemKind.allCases
        var table = TextTable(headers: ["agency", "officer", "name"].map(labels.header) + kinds.map { labels.header($0.rawValue) }
                                  + ["overdue", "finished"].map(labels.header),
                              alignments: [.left, .left, .left] + kinds.map { _ in .right } + [.right, .right])
        var months = TextTable(headers: ["agency", "officer", "month", "count"].map(labels.header),
                               alignments: [.left, .left, .left, .right])
        for row in rows {
            let finished = row.finished.values.reduce(0, +)
            table.add([row.officer == nil ? row.agency : "", row.officer ?? "", row.name] + kinds.map { String(row.open[$0] ?? 0) }
                      + [String(row.overdue), String(finished)])
            for month in row.finished.keys.sorted() {
                months.add([row.agency, row.officer ?? "", month, String(row.finished[month]!)])
            }
        }
        context.print(query.heading(answer))
        context.print()
        context.standardOutput.write(table.render())
        if !months.rows.isEmpty {
            context.print()
            context.print(labels.text(zh: "每月办结 finished per month", en: "finished per month"))
            context.print()
            context.standardOutput.write(months.render())
        }
    }
}
