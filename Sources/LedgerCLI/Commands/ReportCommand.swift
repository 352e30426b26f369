import Foundation
import LedgerCore
import Projections

/// `ipledger report --html`: one self-contained HTML file with charts.
struct ReportCommand: Command {
    static let name = "report"
    static let abstract = "Write a self-contained HTML report with charts of cases, transfers, mediations, workloads and alerts."
    static let usage = "ipledger report --html [--out FILE] [--as-of SEQ|TIME] [--lang zh|en] [--ledger DIR]"
    static let help = """
    OPTIONS:
      --html            Write HTML (the one format for now).
      --out FILE        Write to FILE instead of standard output.
    \(ProjectionQuery.optionsHelp)

    One file with inline CSS and SVG, no scripts and nothing fetched from elsewhere:
    counts, cases and transfers by month and sector, each transfer step's time against
    its statutory limit, mediation outcomes, agency workloads and the open alerts.

    EXAMPLE:
      ipledger report --html --out report.html --ledger EventLog/sample
      ipledger report --html --as-of 2025-04-26 --lang en > 426.html
    """

    static func run(_ arguments: inout Arguments, _ context: CommandContext) throws {
        guard arguments.flag("html") else { throw CLIError.usage("say which format: --html") }
        let out = try arguments.option("out")
        var query = try ProjectionQuery.parse(&arguments, context)
        _ = try arguments.finish()
        if query.json { throw CLIError.usage("report writes HTML; for JSON use the projection commands' --json") }
        query.json = false
        let answer = try query.answer(context)
        let head = try storeCall { answer.events > 0 ? SHA256.hash(try query.ledger.line(seq: answer.projections.lastSeq)).hex : SHA256.Digest.zero.hex }
        let html = HTMLReport(answer: answer, labels: query.labels, head: head, generated: Timestamp(date: context.now())).render()
        if let out {
            let path = context.absolutePath(out)
            do {
                try Data(html.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw CLIError(.environment, "cannot write \(out): \(error.localizedDescription)")
            }
            context.print(query.labels.text(zh: "已写入报告 report written: \(out)", en: "report written: \(out)"))
        } else {
            context.standardOutput.write(html)
        }
    }
}
