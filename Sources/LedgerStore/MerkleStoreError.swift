/// Why the stored Merkle tree (`merkle/`) could not answer, or a checkpoint could not be taken.
///
/// The store is derived data, so `logChanged`, `logShorter` and `damaged` are first
/// answered by rebuilding it from the log (`FileLedger.withMerkleTree`); they reach a
/// person only when the log itself keeps changing under the reader.
public enum MerkleStoreError: Error, Equatable, CustomStringConvertible {
    /// Lines of the log no longer hash to what the store holds for them.
    case logChanged(firstSeq: Int, lastSeq: Int)
    /// The log ends before a byte the store needs.
    case logShorter(expectedBytes: Int, size: Int)
    /// A file of the store is missing, short or inconsistent.
    case damaged(String)
    /// More lines were asked for than the log holds.
    case beyondLog(size: Int, available: Int)
    /// The checkpoint about to be stored does not extend the last one in `checkpoints.jsonl`.
    case doesNotExtendStoredCheckpoint(line: Int, size: Int, reason: String)
    /// A line of `checkpoints.jsonl` is not a checkpoint, or the file does not end in a newline.
    case malformedCheckpoints(path: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .logChanged(let first, let last):
            let lines = first == last ? "line \(first)" : "lines \(first) to \(last)"
            return "the log's \(lines) no longer hash to the Merkle hashes stored for them"
        case .logShorter(let expected, let size):
            return "the log has \(size) bytes where at least \(expected) were expected"
        case .damaged(let reason):
            return "the stored Merkle hashes are damaged: \(reason)"
        case .beyondLog(let size, let available):
            return "a tree of \(size) events was asked for, but the log holds \(available)"
        case .doesNotExtendStoredCheckpoint(let line, let size, let reason):
            return "the log does not extend the checkpoint on line \(line) of checkpoints.jsonl (size \(size)): \(reason); nothing was stored"
        case .malformedCheckpoints(let path, let line, let reason):
            return "\(path) line \(line): \(reason)"
        }
    }
}
