import LedgerCore

/// Why the store could not do what was asked. Nothing is half-written in any of these cases.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    /// The directory holds no ledger (no `events.jsonl`).
    case notALedger(path: String)
    /// `init` was asked to create a ledger where one already is.
    case alreadyALedger(path: String)
    /// A file operation failed: what was done, on which file, and the system's reason.
    case io(operation: String, path: String, reason: String)
    /// Another writer held the ledger's lock for longer than the timeout.
    case lockTimeout(path: String, seconds: Double)
    /// The stream moved on since the submitter read it (optimistic concurrency).
    case versionConflict(stream: String, expected: Int, actual: Int)
    /// The id was used before for a different act.
    case idConflict(id: String, seq: Int)
    /// A chosen id whose index key is that of the event's default id (`stream@version`),
    /// which the index could not tell apart; a different id will do.
    case idKeyTaken(id: String, defaultID: String)
    /// The log itself is damaged; the store will not append onto it.
    case damaged(LogDefect)
    /// An argument out of range, e.g. a `seq` past the end of the log.
    case outOfRange(String)

    public var description: String {
        switch self {
        case .notALedger(let path):
            return "\(path) is not a ledger directory (it has no events.jsonl); create one with `ipledger init`"
        case .alreadyALedger(let path):
            return "\(path) already holds a ledger; a ledger is opened once and never re-initialised"
        case .io(let operation, let path, let reason):
            return "cannot \(operation) \(path): \(reason)"
        case .lockTimeout(let path, let seconds):
            return "another writer has held the ledger lock \(path) for more than \(formatSeconds(seconds)) s; try again, or raise --lock-timeout"
        case .versionConflict(let stream, let expected, let actual):
            return "stream \(stream) is at version \(actual), not the expected \(expected): someone recorded in it meanwhile; read it again and retry"
        case .idConflict(let id, let seq):
            return "id \"\(id)\" was already used by event \(seq) for a different act; an id may be reused only to retry the same act"
        case .idKeyTaken(let id, let defaultID):
            return "id \"\(id)\" hashes to the same index key as this event's default id \"\(defaultID)\"; " +
                "the index could not tell the two apart: choose another id"
        case .damaged(let defect):
            return "the log is damaged at \(defect); nothing was appended (run `ipledger verify`)"
        case .outOfRange(let message):
            return message
        }
    }
}

private func formatSeconds(_ s: Double) -> String {
    s == s.rounded() ? String(Int(s)) : String(s)
}
