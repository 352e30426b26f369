import LedgerCore
import LedgerStore

/// `ipledger verify`: the auditor's whole-log check.
struct VerifyCommand: Command {
    static let name = "verify"
    static let abstract = "Check the whole log: canonical form, sequence, stream versions and the hash chain."
    static let usage = "ipledger verify [--ledger DIR] [--json]"
    static let help = """
    OPTIONS:
      --ledger DIR  The ledger directory (else $IPLEDGER_DIR, else EventLog/ledger).
      --json        Print the summary as one JSON object.

    One streaming pass over events.jsonl. On success it prints the number of events
    and streams and the head hash (exit 0). On the first bad line it names the line
    and what is wrong (exit 3). It reads only; it never changes the log.

    EXAMPLE:
      ipledger verify --ledger EventLog/sample
    """

    static func run(_ arguments: inout Arguments, _ context: CommandContext) throws {
        let json = arguments.flag("json")
        let ledger = try LedgerLocation.open(&arguments, context)
        _ = try arguments.finish()
        let progress = Progress(context, label: "verifying")
        let summary: LogVerification.Summary
        do {
            summary = try LogVerification.verify(logAt: ledger.eventsPath, progress: progress.update)
            progress.finish()
        } catch let defect as LogDefect {
            progress.finish()
            throw CLIError(.integrity, "\(ledger.eventsPath) \(defect)")
        } catch let error as StoreError {
            progress.finish()
            throw error.cliError
        }
        if json {
            let value: JSONValue = ["ok": true, "events": .number(Double(summary.events)),
                                    "streams": .number(Double(summary.streams)), "head": .string(summary.head.hex),
                                    "bytes": .number(Double(summary.bytes))]
            context.print(CanonicalJSON.string(value))
        } else {
            context.print("verified \(summary.events) event\(summary.events == 1 ? "" : "s") in \(summary.streams) stream\(summary.streams == 1 ? "" : "s"); head \(summary.head.hex)")
        }
    }
}
