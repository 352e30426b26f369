import Foundation
import LedgerCore

extension FileLedger {
    /// The stored Merkle tree's directory, `merkle/` in the ledger directory.
    public var merkleDirectory: String { (directory as NSString).appendingPathComponent("merkle") }

    /// The stored checkpoints, `checkpoints.jsonl` in the ledger directory.
    public var checkpointsPath: String { (directory as NSString).appendingPathComponent(FileLedger.checkpointsFileName) }

    /// Opens the stored Merkle tree and catches it up with the log, to `size` lines or all of them.
    ///
    /// The tree is checked against the log as it opens, rebuilt when it does not match
    /// (saying why through `warn`), caught up by reading only the lines it lacks, and saved.
    /// It keeps `merkle/` locked until it is released. A ledger whose directory cannot be
    /// written (a read-only copy) gets a tree built in memory, with a warning.
    ///
    /// - Parameters:
    ///   - size: how many lines the tree must cover at least; all complete lines by default.
    ///   - progress: lines done and lines to do, while catching up.
    /// - Throws: `StoreError` (I/O, lock, a damaged log), `MerkleStoreError`.
    public func merkleTree(size: Int? = nil, chunkLevel: Int = MerkleStore.defaultChunkLevel, lockTimeout: Double = 10,
                           warn: (String) -> Void = { _ in }, progress: (Int, Int) -> Void = { _, _ in }) throws -> MerkleStore {
        let target = try size ?? count()
        let store: MerkleStore
        if let (opened, discarded) = try MerkleStore.open(directory: merkleDirectory, logPath: eventsPath,
                                                          chunkLevel: chunkLevel, lockTimeout: lockTimeout) {
            if let discarded { warn("\(merkleDirectory) did not match the log (\(discarded)); rebuilding it from the log") }
            store = opened
        } else {
            warn("\(merkleDirectory) cannot be written; building the Merkle tree in memory")
            store = MerkleStore(inMemoryFor: eventsPath, chunkLevel: chunkLevel)
        }
        do {
            try catchUp(store, to: target, progress: progress)
        } catch let error where MerkleStore.isMismatch(error) {
            warn("\(merkleDirectory) did not match the log (\(error)); rebuilding it from the log")
            try store.discard()
            try catchUp(store, to: target, progress: progress)
        }
        return store
    }

    /// Runs `body` on the stored Merkle tree caught up to `size` lines (all by default); if the
    /// tree turns out not to match the log, rebuilds it from the log and runs `body` once more.
    ///
    /// Proofs check themselves as they are made, so a stored hash that is wrong shows up as
    /// a proof that fails, and costs a rebuild rather than a wrong answer.
    public func withMerkleTree<T>(size: Int? = nil, chunkLevel: Int = MerkleStore.defaultChunkLevel, lockTimeout: Double = 10,
                                  warn: (String) -> Void = { _ in }, progress: (Int, Int) -> Void = { _, _ in },
                                  _ body: (MerkleStore) throws -> T) throws -> T {
        let target = try size ?? count()
        let store = try merkleTree(size: target, chunkLevel: chunkLevel, lockTimeout: lockTimeout, warn: warn, progress: progress)
        do {
            return try body(store)
        } catch let error where MerkleStore.isMismatch(error) {
            warn("\(merkleDirectory) did not match the log (\(error)); rebuilding it from the log")
            try store.discard()
            try catchUp(store, to: target, progress: progress)
            return try body(store)
        }
    }

    /// Adds the log's lines after the store's last one, up to line `target`, and saves.
    func catchUp(_ store: MerkleStore, to target: Int, progress: (Int, Int) -> Void = { _, _ in }) throws {
        guard store.size < target else { return }
        var misplaced: MerkleStoreError?
        try forEachLine(fromSeq: store.size + 1) { line, number, offset in
            guard offset == store.end else {
                misplaced = .damaged("line \(number) starts at byte \(offset) of the log, not at \(store.end)")
                return false
            }
            try store.append(line: line, offset: offset)
            if number & 0xffff == 0 { progress(number, target) }
            return number < target
        }
        if let misplaced { throw misplaced }
        guard store.size >= target else { throw MerkleStoreError.beyondLog(size: target, available: store.size) }
        try store.save()
    }

    // MARK: Checkpoints

    /// A checkpoint of the log as it is now; with `store`, also appended durably to
    /// `checkpoints.jsonl`.
    ///
    /// Storing happens under the writers' lock (so the checkpoint is of acknowledged lines
    /// only, and checkpoints are stored in order), after checking that the log extends the
    /// last checkpoint stored there: the ledger never hands out a checkpoint that
    /// contradicts one it gave before. The tree is caught up before the lock is taken, so a
    /// first build does not hold writers up.
    ///
    /// - Parameter recorded: the time to write in the checkpoint, RFC 3339 UTC.
    /// - Throws: `MerkleStoreError.doesNotExtendStoredCheckpoint` or `.malformedCheckpoints`
    ///   (nothing stored); `StoreError` for I/O, the lock, or a damaged log.
    public func checkpoint(recorded: String, store: Bool = false, lockTimeout: Double = 10,
                           warn: (String) -> Void = { _ in }, progress: (Int, Int) -> Void = { _, _ in }) throws -> Checkpoint {
        try withMerkleTree(lockTimeout: lockTimeout, warn: warn, progress: progress) { tree in
            guard store else { return try tree.checkpoint(recorded: recorded) }
            let lock = try FileLock(path: lockPath, timeout: lockTimeout)
            defer { withExtendedLifetime(lock) {} }
            let size = try count()
            try catchUp(tree, to: size)
            let checkpoint = try tree.checkpoint(size: size, recorded: recorded)
            try appendCheckpoint(checkpoint, tree: tree)
            return checkpoint
        }
    }

    /// Reads checkpoint lines (FORMAT.md: canonical JSON, one a line, each ending in `\n`).
    static func parseCheckpoints(_ bytes: [UInt8], path: String) throws -> [(line: Int, checkpoint: Checkpoint)] {
        var lines = bytes.split(separator: 0x0a, omittingEmptySubsequences: false)
        guard lines.last?.isEmpty ?? true else {
            throw MerkleStoreError.malformedCheckpoints(path: path, line: lines.count,
                                                        reason: "the line does not end in a newline (a torn write?); look at the file before storing more")
        }
        lines.removeLast()
        return try lines.enumerated().map { i, line in
            do {
                return (i + 1, try Checkpoint(json: JSONParser.parse(Array(line))))
            } catch let error as JSONError {
                throw MerkleStoreError.malformedCheckpoints(path: path, line: i + 1, reason: "not JSON (\(error))")
            } catch let error as ProofJSONError {
                throw MerkleStoreError.malformedCheckpoints(path: path, line: i + 1, reason: error.description)
            }
        }
    }

    /// Appends `checkpoint` to `checkpoints.jsonl` durably, if the log extends the last one there.
    private func appendCheckpoint(_ checkpoint: Checkpoint, tree: MerkleStore) throws {
        let existing = FileManager.default.contents(atPath: checkpointsPath).map { Array($0) } ?? []
        if let last = try Self.parseCheckpoints(existing, path: checkpointsPath).last,
           let reason = try tree.mismatch(with: last.checkpoint, atSize: checkpoint.size) {
            throw MerkleStoreError.doesNotExtendStoredCheckpoint(line: last.line, size: last.checkpoint.size, reason: reason)
        }
        let file = try POSIXFile(path: checkpointsPath, flags: O_WRONLY | O_CREAT)
        try file.write(CanonicalJSON.encode(checkpoint.json) + [0x0a], at: existing.count)
        try file.sync()
        if existing.isEmpty { try POSIXFile.syncDirectory(directory) }
    }
}

extension MerkleStore {
    /// Why the first `size` lines (all by default) do not extend `checkpoint`, or `nil` when they do.
    ///
    /// Checked directly (the tree must hold at least the checkpoint's lines, the event hash of
    /// its last line must be its `head` and the root of its lines its `root`), then as an
    /// auditor holding only the checkpoint would: an RFC 9162 consistency proof from the
    /// checkpoint's size to `size`, verified against the checkpoint's root.
    public func mismatch(with checkpoint: Checkpoint, atSize size: Int? = nil) throws -> String? {
        let n = size ?? self.size
        guard checkpoint.size <= n else {
            return "the log holds \(n) events, fewer than the checkpoint's \(checkpoint.size): it was cut back"
        }
        var differences: [String] = []
        let root = try self.root(size: checkpoint.size)
        if root != checkpoint.root {
            differences.append("the root of the first \(checkpoint.size) lines is \(root.hex), not \(checkpoint.root.hex)")
        }
        let head = try eventHash(seq: checkpoint.size)
        if head != checkpoint.head {
            differences.append("the event hash of line \(checkpoint.size) is \(head.hex), not \(checkpoint.head.hex)")
        }
        if differences.isEmpty && checkpoint.size > 0 {
            let proof = try ConsistencyProof(from: checkpoint.size, to: n, source: self)
            do {
                try MerkleTree.verifyConsistency(from: checkpoint.size, to: n, fromRoot: checkpoint.root,
                                                 toRoot: proof.toRoot, path: proof.path)
            } catch let error as MerkleProofError {
                differences.append("the consistency proof from \(checkpoint.size) to \(n) events fails: \(error)")
            }
        }
        return differences.isEmpty ? nil : differences.joined(separator: "; ")
    }

    /// Whether `error` says the store does not match the log (so a rebuild is the answer).
    static func isMismatch(_ error: Error) -> Bool {
        switch error {
        case let error as MerkleStoreError:
            switch error {
            case .logChanged, .logShorter, .damaged: return true
            default: return false
            }
        case let error as MerkleProofError:
            switch error {
            case .rootMismatch, .fromRootMismatch, .toRootMismatch, .leafMismatch: return true
            default: return false
            }
        default:
            return false
        }
    }
}
