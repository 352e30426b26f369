import LedgerCore
import LedgerStore

/// `ipledger export-case`: one case's events with their proofs, for a court.
struct ExportCaseCommand: Command {
    static let name = "export-case"
    static let abstract = "Write a case bundle: the case's events and those of the streams that refer to it, with inclusion proofs."
    static let usage = "ipledger export-case CASE [--ledger DIR] [--out FILE] [--checkpoint FILE]"
    static let help = """
    ARGUMENTS:
      CASE               The case's stream, case/<id>, or just <id>.

    OPTIONS:
      --out FILE         Write the bundle to FILE instead of standard output.
      --checkpoint FILE  Prove against the last checkpoint in FILE (e.g. the ledger's own
                         checkpoints.jsonl, or one the court holds) instead of a fresh
                         checkpoint of the whole log; the log must extend it (exit 3).
      --ledger DIR       The ledger directory (else $IPLEDGER_DIR, else EventLog/ledger).

    The bundle (format ipledger-case-bundle/1, EventLog/README.md) holds every event of
    the case's stream, and every event of each stream (supervision/..., mediation/...)
    in which some event's payload has "case": CASE or "cases": [..., CASE, ...]; each
    event is an RFC 9162 inclusion proof against the bundle's one checkpoint. It reveals
    nothing of the ledger's other events. `ipledger check-bundle` and
    EventLog/check_bundle.py check it offline.

    EXAMPLE:
      ipledger export-case case/FLE-2024-0007 --ledger EventLog/sample --out FLE-2024-0007.bundle.json
    """

    static func run(_ arguments: inout Arguments, _ context: CommandContext) throws {
        let out = try arguments.option("out")
        let checkpointPath = try arguments.option("checkpoint")
        let directory = try LedgerLocation.directory(&arguments, context)
        guard let argument = try arguments.finish(maxPositionals: 1).first, !argument.isEmpty else {
            throw CLIError.usage("name the case, e.g. case/FLE-2024-0007")
        }
        let ledger = try LedgerLocation.open(directory)
        let caseStream = caseStreamName(argument)
        let stored = try checkpointPath.map { try CheckpointFile.read($0, context).last! }
        let progress = Progress(context, label: "building the Merkle tree")
        let bundle: CaseBundle = try merkleCall {
            let count = try ledger.count()
            if let stored, stored.checkpoint.size > count {
                throw CLIError(.integrity, "the log holds \(count) events, fewer than the \(stored.checkpoint.size) of the checkpoint on line \(stored.line) of \(checkpointPath!): it was cut back")
            }
            return try ledger.withMerkleTree(size: count, warn: context.warning, progress: progress.update) { tree in
                progress.finish()
                let checkpoint: Checkpoint
                if let stored {
                    if let reason = try tree.mismatch(with: stored.checkpoint) {
                        throw CLIError(.integrity, "the log does not extend the checkpoint on line \(stored.line) of \(checkpointPath!): \(reason)")
                    }
                    checkpoint = stored.checkpoint
                } else {
                    checkpoint = try tree.checkpoint(recorded: context.recordedNow)
                }
                let seqs = try ledger.caseEventSeqs(caseStream, size: checkpoint.size)
                guard !seqs.isEmpty else {
                    throw CLIError(.refused, "the log has no event of \(caseStream)" + (stored == nil ? "" : " among its first \(checkpoint.size)"))
                }
                if stored != nil, checkpoint.size < count {
                    let later = try ledger.caseEventSeqs(caseStream, size: count).filter { $0 > checkpoint.size }.count
                    if later > 0 {
                        context.warning("\(later) event\(later == 1 ? "" : "s") of the case came after the checkpoint and \(later == 1 ? "is" : "are") not in the bundle")
                    }
                }
                let events = try seqs.map { seq in
                    try InclusionProof(leaf: String(decoding: try tree.line(seq: seq), as: UTF8.self),
                                       index: seq - 1, size: checkpoint.size, source: tree)
                }
                return CaseBundle(caseStream: caseStream, checkpoint: checkpoint, events: events)
            }
        }
        // Never hand out a bundle that would not pass check-bundle.
        let entries: [CaseBundle.Entry]
        do { entries = try bundle.verify() } catch let error as CaseBundleError {
            throw CLIError(.integrity, "the bundle made from the log does not check: \(error)")
        }
        try context.write(CanonicalJSON.encode(bundle.json) + [0x0a], to: out)
        if let out, out != "-" {
            let streams = Set(entries.map(\.record.stream)).count
            let others = streams - 1
            context.print("wrote \(out): \(entries.count) events in \(streams) stream\(streams == 1 ? "" : "s") (\(caseStream)"
                          + (others == 0 ? "" : " and \(others) that refer\(others == 1 ? "s" : "") to it")
                          + "), proven against the checkpoint of \(bundle.checkpoint.size) events")
        }
    }
}
