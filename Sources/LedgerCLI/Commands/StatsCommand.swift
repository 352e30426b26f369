import LedgerCore
import Projections

/// `ipledger stats`: counts by sector, IP type, agency and month.
struct StatsCommand: Command {
    static let name = "stats"
    static let abstract = "Count reports, cases, transfers, filings, settled mediations, confirmations and typical cases by sector, IP " +
        "type, agency and month."
    static let usage = "ipledger stats [--by sector|ipType|agency|month] [--as-of SEQ|TIME] [--lang zh|en] [--json]"
    static let help = """
    OPTIONS:
      --by D            Only the breakdown by D: sector, ipType, agency or month.
    \(ProjectionQuery.optionsHelp)

    Each act counts once, in the month of its `at` (the ledger's time zone), for the
    agency that recorded it and the sector and IP type of its case or report. With
    --json: one object {"total", "bySector", "byIPType", "byAgency", "byMonth"}, each
    count under its stable name: reports, cases, transfers, filings, mediationsSettled,
    confirmationsGranted, typicalCasesPublished.

    EXAMPLE:
      ipledger stats --by month
      ipledger stats --as-of 2024-12-31 --json
    """

    static func run(_ arguments: inout Arguments, _ context: CommandContext) throws {
        let query = try ProjectionQuery.parse(&arguments, context)
        let by = try arguments.option("by").map { text -> Statistics.Dimension in
            guard let d = Statistics.Dimension(rawValue: text) else {
                throw CLIError.usage("--by takes sector, ipType, agency or month, not \"\(text)\"")
            }
            return d
        }
        _ = try arguments.finish()
        let answer = try query.answer(context)
        let statistics = answer.projections.statistics
        if query.json {
            context.print(CanonicalJSON.string(statistics.json(only: by)))
            return
        }
        let labels = query.labels
        context.print(query.heading(answer))
        for dimension in Statistics.Dimension.allCases where by == nil || by == dimension {
            let vocabulary: Labels.Vocabulary? = dimension == .sector ? .sector : dimension == .ipType ? .ipType : nil
            var table = TextTable(headers: [labels.header(dimension.rawValue)] + Statistics.Counts.names.map(labels.header),
                                  alignments: [.left] + Statistics.Counts.names.map { _ in .right })
            let counts = statistics.counts(by: dimension)
            for key in counts.keys.sorted() {
                table.add([vocabulary.map { labels.value(key, $0) } ?? key] + counts[key]!.named.map { String($0.value) })
            }
            table.add([labels.header("total")] + statistics.total.named.map { String($0.value) })
            context.print()
            context.standardOutput.write(table.render())
        }
    }
}
