import Foundation
import LedgerCore

extension LogVerification {
    /// What `verify(logAt:checkpoints:)` found.
    public struct CheckpointReport {
        /// The chain pass: its summary, or the first bad line.
        public var chain: Result<Summary, LogDefect>
        /// The first checkpoint (by position in the list given) that the log does not extend, and why.
        public var failure: (position: Int, reason: String)?
        /// How many complete lines the Merkle tree was built over (every complete line, even after a bad one).
        public var size: Int
        /// The Merkle root of those lines.
        public var root: SHA256.Digest
    }

    /// `verify(logAt:)`, and in the same pass the Merkle tree of the log, built afresh in
    /// memory from the verifier's own copy; then checks that the log extends each checkpoint.
    ///
    /// A bad line ends the chain checks but not the tree, so both questions get an answer:
    /// is the log sound, and does it extend the checkpoints held elsewhere. For each
    /// checkpoint the log must hold its lines, the event hash of its last line must be its
    /// `head`, the root of its lines its `root`, and an RFC 9162 consistency proof from it
    /// to the whole log must verify against its root (`MerkleStore.mismatch(with:)`).
    ///
    /// - Throws: `StoreError.io` when the file cannot be read.
    public static func verify(logAt path: String, checkpoints: [Checkpoint],
                              progress: (Int, Int) -> Void = { _, _ in }) throws -> CheckpointReport {
        var verifier = ChainVerifier()
        var defect: LogDefect?
        let tree = MerkleStore(inMemoryFor: path)
        let size = try POSIXFile(path: path, flags: O_RDONLY).size
        let end = try LogReader(path: path).forEachCountedBlock(limit: size, readers: ChainVerifier.workers) { block, number, blockOffset in
            // The chain checks run on every core, as in `verify(logAt:)`; the tree takes each line in turn.
            if defect == nil {
                do {
                    try verifier.accept(lines: block, firstLineNumber: number)
                } catch let bad as LogDefect {
                    defect = bad
                }
            }
            let base = block.baseAddress!
            var start = 0
            var lines = 0
            while start < block.count {
                let length = base.distance(to: UnsafeRawPointer(memchr(base + start, 0x0a, block.count - start)!)) - start
                try tree.append(line: UnsafeRawBufferPointer(start: base + start, count: length), offset: blockOffset + start)
                start += length + 1
                lines += 1
            }
            progress(blockOffset + block.count, size)
            return lines
        }
        if defect == nil && end.trailingBytes > 0 {
            defect = LogDefect(line: end.lines + 1, kind: .unterminatedLine,
                               message: "the last \(end.trailingBytes) bytes do not end in a newline (a torn write, or a changed last byte); the next append moves them to the quarantine")
        }
        var failure: (Int, String)?
        for (position, checkpoint) in checkpoints.enumerated() {
            if let reason = try tree.mismatch(with: checkpoint) {
                failure = (position, reason)
                break
            }
        }
        let chain: Result<Summary, LogDefect> = defect.map { .failure($0) }
            ?? .success(Summary(events: verifier.count, streams: verifier.streamCount, head: verifier.head, bytes: end.offset))
        return CheckpointReport(chain: chain, failure: failure, size: tree.size, root: try tree.root())
    }
}
