import LedgerCore
import LedgerStore

/// `ipledger verify`: the auditor's whole-log check.
struct VerifyCommand: Command {
    static let name = "verify"
    static let abstract = "Check the whole log: canonical form, sequence, stream versions and the hash chain."
    static let usage = "ipledger verify [--ledger DIR] [--checkpoint FILE] [--json]"
    static let help = """
    OPTIONS:
      --ledger DIR       The ledger directory (else $IPLEDGER_DIR, else EventLog/ledger).
      --checkpoint FILE  Also prove the log extends every checkpoint in FILE (one JSON
                         object a line, as `checkpoint` prints): naming the first it does not.
      --json             Print the summary as one JSON object.

    One streaming pass over events.jsonl. On success it prints the number of events
    and streams and the head hash (exit 0). On the first bad line it names the line
    and what is wrong (exit 3). It reads only; it never changes the log.

    With --checkpoint, the same pass builds the Merkle tree of the log afresh, and for
    each checkpoint the log must hold its lines, with the head and root it pins, and a
    consistency proof from it to the whole log must hold. A line changed, removed,
    inserted or reordered, or a log cut back, is caught even where the chain cannot be.

    EXAMPLE:
      ipledger verify --ledger EventLog/sample
      ipledger verify --ledger EventLog/sample --checkpoint my-checkpoints.jsonl
    """

    static func run(_ arguments: inout Arguments, _ context: CommandContext) throws {
        let json = arguments.flag("json")
        let checkpointPath = try arguments.option("checkpoint")
        let directory = try LedgerLocation.directory(&arguments, context)
        _ = try arguments.finish()
        let ledger = try LedgerLocation.open(directory)
        if let checkpointPath { return try verify(ledger, against: checkpointPath, json: json, context) }
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
