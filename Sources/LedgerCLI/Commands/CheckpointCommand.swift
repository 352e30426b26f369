import LedgerCore
import LedgerStore

/// `ipledger checkpoint`: pin the log as it is now, for the agencies to keep.
struct CheckpointCommand: Command {
    static let name = "checkpoint"
    static let abstract = "Print a checkpoint of the log as it is now (size, head, Merkle root), and with --append store it."
    static let usage = "ipledger checkpoint [--ledger DIR] [--append]"
    static let help = """
    OPTIONS:
      --ledger DIR  The ledger directory (else $IPLEDGER_DIR, else EventLog/ledger).
      --append      Also append it to checkpoints.jsonl in the ledger directory, durably
                    (fsync), under the writers' lock, after checking that the log extends
                    the last checkpoint stored there (exit 3 if it does not).

    Prints one line of canonical JSON, {"head","recorded","root","size"}: the number of
    events, the event hash of the last one, the RFC 9162 Merkle root of all of them, and
    the time now (UTC). Give it to the auditors, the procuratorate and the courts: with it,
    `verify --checkpoint` proves that the log still holds every event it pins, unchanged.
    The Merkle hashes are kept in merkle/ beside the log, checked against the log's last
    lines and caught up before answering; the first checkpoint of a large log builds them.
    `verify --checkpoint` recomputes every hash from the log itself.

    EXAMPLE:
      ipledger checkpoint --ledger EventLog/sample --append >> my-checkpoints.jsonl
    """

    static func run(_ arguments: inout Arguments, _ context: CommandContext) throws {
        let append = arguments.flag("append")
        let directory = try LedgerLocation.directory(&arguments, context)
        _ = try arguments.finish()
        let ledger = try LedgerLocation.open(directory)
        let progress = Progress(context, label: "building the Merkle tree")
        defer { progress.finish() }
        let checkpoint = try merkleCall {
            try ledger.checkpoint(recorded: context.recordedNow, store: append, warn: context.warning, progress: progress.update)
        }
        context.standardOutput.write(CanonicalJSON.encode(checkpoint.json) + [0x0a])
    }
}
