import LedgerCore
import LedgerStore

extension VerifyCommand {
    /// `verify --checkpoint FILE`: the whole-log check, and that the log extends every checkpoint in FILE.
    static func verify(_ ledger: FileLedger, against checkpointPath: String, json: Bool, _ context: CommandContext) throws {
        let checkpoints = try CheckpointFile.read(checkpointPath, context)
        let progress = Progress(context, label: "verifying")
        let report: LogVerification.CheckpointReport
        do {
            report = try LogVerification.verify(logAt: ledger.eventsPath, checkpoints: checkpoints.map(\.checkpoint),
                                                progress: progress.update)
            progress.finish()
        } catch {
            progress.finish()
            throw error
        }
        let failure = report.failure.map { position, reason in
            let (line, checkpoint) = checkpoints[position]
            return "the log does not extend the checkpoint on line \(line) of \(checkpointPath) (size \(checkpoint.size)): \(reason)"
        }
        switch report.chain {
        case .failure(let defect):
            throw CLIError(.integrity, "\(ledger.eventsPath) \(defect)" + (failure.map { "; and \($0)" } ?? ""))
        case .success(let summary):
            if let failure { throw CLIError(.integrity, failure) }
            if json {
                let value: JSONValue = ["ok": true, "events": .number(Double(summary.events)),
                                        "streams": .number(Double(summary.streams)), "head": .string(summary.head.hex),
                                        "bytes": .number(Double(summary.bytes)), "root": .string(report.root.hex),
                                        "checkpoints": .number(Double(checkpoints.count))]
                context.print(CanonicalJSON.string(value))
            } else {
                context.print("verified \(summary.events) events in \(summary.streams) streams; head \(summary.head.hex)")
                let n = checkpoints.count
                context.print("extends \(n == 1 ? "the checkpoint" : "all \(n) checkpoints") in \(checkpointPath); Merkle root \(report.root.hex)")
            }
        }
    }
}
