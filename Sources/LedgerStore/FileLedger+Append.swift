import Foundation
import LedgerCore

extension FileLedger {
    /// Runs `body` under the ledger's lock and appends what it staged, all or nothing,
    /// durably: one `write` of every line, one `fsync` (a group commit), and only then success.
    ///
    /// Before the body runs, what a crash left is recovered (its warnings go to `warn`):
    /// a torn tail, or a batch cut short, is moved to the quarantine. A batch of more than
    /// one line is announced in `append.intent` first, so that recovery can tell a batch
    /// cut short by a crash from one that was written whole.
    ///
    /// - Parameters:
    ///   - lockTimeout: seconds to wait for another writer before failing.
    ///   - now: the clock, for `recorded`.
    /// - Returns: what each staged draft came to, in order.
    /// - Throws: whatever the body throws (nothing is written), or a `StoreError`:
    ///   `.lockTimeout`, `.damaged` (the log has an unsound line; nothing is appended after
    ///   it), `.io` (the disk is full, the directory read-only ...; nothing was appended).
    @discardableResult
    public func append(lockTimeout: Double = 10, now: @escaping () -> Timestamp = Timestamp.now,
                       warn: (String) -> Void = { _ in },
                       _ body: (AppendTransaction) throws -> Void) throws -> [AppendOutcome] {
        // The writers' locks first (this instance's, then the file's), then its state's:
        // threads reading through this ledger do not wait while one of its appends waits
        // for another writer.
        try withWriterLock(timeout: lockTimeout) {
            state.lock()
            defer { state.unlock() }
            return try appendUnderLock(now: now, warn: warn, body)
        }
    }

    /// `append`'s work, under both locks.
    private func appendUnderLock(now: @escaping () -> Timestamp, warn: (String) -> Void,
                                 _ body: (AppendTransaction) throws -> Void) throws -> [AppendOutcome] {
        let (log, size) = try openForAppending()
        let (warnings, start) = try recoverUnderLock(log, size: size, now: now)
        for warning in warnings { warn(warning) }
        let index: EventIndex
        // Lines known from our own last appends: moved out, so that the transaction adds to
        // them without copying; they come back only if this append succeeds.
        var known: [Int: LedgerRecord] = [:]
        swap(&known, &ownRecords)
        if let own = self.index, own.end == start, ownAppendEnd == start {
            // Our own last append ends the log: nothing was written since, and what we
            // acknowledged is never taken away, so the index needs no check against the log.
            index = own
        } else {
            ownAppendEnd = nil
            known = [:]
            index = try currentIndex(logSize: start)
        }
        guard index.end == start else {
            throw StoreError.io(operation: "append to", path: eventsPath,
                                reason: "the log ends at \(start) but its last complete line at \(index.end); nothing was appended")
        }
        let transaction = AppendTransaction(ledger: self, index: index, log: log, now: now, known: known)
        try body(transaction)
        guard !transaction.staged.isEmpty else { return transaction.outcomes }

        let bytes = transaction.stagedBytes
        let usesIntent = transaction.staged.count > 1
        if usesIntent {
            // The lines' event hashes, hashed: as strong a check of the batch's bytes as
            // their own SHA-256, at a sixteenth of the cost (32 bytes per line, already hashed).
            var lines = SHA256()
            for hash in transaction.stagedHashes { lines.update(hash) }
            let intent: JSONValue = ["start": .number(Double(start)), "end": .number(Double(start + bytes.count)),
                                     "count": .number(Double(transaction.staged.count)),
                                     "first": .string(transaction.stagedHashes[0].hex),
                                     "last": .string(transaction.head.hex),
                                     "lines": .string(lines.finalize().hex)]
            do {
                try POSIXFile.writeAtomically(CanonicalJSON.encode(intent) + [0x0a], to: intentPath, durable: true)
            } catch {
                try? POSIXFile.removeDurably(intentPath)
                throw appendFailure(error, count: transaction.staged.count, restored: true)
            }
        }
        // The index's entries of a large batch are added on another core while its lines
        // are written and synced. Should the write fail, that index, which then holds entries
        // of lines the log does not, is dropped: the next reader loads it from its files,
        // which are saved only after the lines are durable.
        let firstPosition = index.count
        func addEntries() {
            var offset = start
            for (i, record) in transaction.staged.enumerated() {
                let length = transaction.stagedLengths[i]
                index.add(record, offset: offset, length: length, hash: transaction.stagedHashes[i], keys: transaction.stagedKeys[i])
                offset += length + 1
            }
        }
        let adding: DispatchGroup?
        if transaction.staged.count >= FileLedger.entriesAddedAside {
            let group = DispatchGroup()
            nonisolated(unsafe) let add = addEntries
            DispatchQueue.global(qos: .userInitiated).async(group: group) { add() }
            adding = group
        } else {
            adding = nil
        }
        do {
            try log.write(bytes, at: start)
            try log.sync()
            adding?.wait()
        } catch {
            if let adding {
                adding.wait()
                self.index = nil
            }
            appendLog = nil  // the next append opens the log afresh
            // Nothing half-written: cut the log back to where it was. Should that fail
            // too, the intent stays, and the next writer's recovery undoes the batch.
            var restored = true
            do {
                try log.truncate(to: start)
                try log.sync()
            } catch {
                restored = false
            }
            if usesIntent && restored { try? POSIXFile.removeDurably(intentPath) }
            throw appendFailure(error, count: transaction.staged.count, restored: restored)
        }
        // The batch is durable: a leftover intent would be found complete and kept.
        if usesIntent { unlink(intentPath) }

        if adding == nil { addEntries() }
        ownAppendEnd = index.end
        // A few acts (a writer of single acts): their lines, and those the transaction read,
        // are kept for the next append. A large batch's are let go.
        if transaction.staged.count <= 64 {
            known = transaction.takeRecordCache()
            if known.count + transaction.staged.count > 4_096 { known.removeAll(keepingCapacity: true) }
            for (i, record) in transaction.staged.enumerated() { known[firstPosition + i] = record }
            ownRecords = known
        }
        if index.count - index.persisted >= indexSaveInterval {
            do { try index.save(directory: directory) } catch {
                // The index is derived: a failure here costs a rebuild later, not an event.
                warn("the index could not be saved (\(error)); it will be caught up from the log")
            }
        }
        let outcomes = transaction.outcomes
        if transaction.staged.count >= 1_000 {
            // A large batch's staging (its bytes, records and lookups) is freed on another
            // thread: the caller has the outcomes, and need not wait. The transaction is
            // handed over (`consume`: this thread keeps no reference), so that it is the
            // other thread that lets go of the last one.
            let handoff = Handoff(consume transaction)
            DispatchQueue.global(qos: .utility).async { handoff.value = nil }
        }
        return outcomes
    }

    /// The number of lines from which an append adds their index entries on another core
    /// while it writes them (below it, starting the work costs more than it saves).
    static let entriesAddedAside = 256

    /// Saves what this ledger's appends added to the index and did not save yet (see
    /// `indexSaveInterval`), if the log still ends where its last append ended it; else
    /// the log has moved on, and whoever moved it saved or will catch up the index.
    ///
    /// - Throws: `StoreError.lockTimeout`, or the index's write error (nothing is lost:
    ///   the next writer catches the index up from the log).
    public func saveIndex(lockTimeout: Double = 10) throws {
        guard withState({ index.map { $0.persisted < $0.count && ownAppendEnd == $0.end } ?? false }) else { return }
        try withWriterLock(timeout: lockTimeout) {
            try withState {
                guard let index, index.persisted < index.count, ownAppendEnd == index.end,
                      try logSize() == index.end else { return }
                try index.save(directory: directory)
            }
        }
    }

    /// Runs `body` holding the ledger's exclusive lock, through the descriptor this instance
    /// keeps open (`writerLock`), one of its threads at a time.
    ///
    /// The kept descriptor is opened anew when `ledger.lock` was deleted or replaced since
    /// (a lock on the old file would exclude nobody), or when a wait for it timed out.
    ///
    /// - Throws: `StoreError.lockTimeout` when another thread of this process or another
    ///   process holds the lock for longer than `timeout` seconds, in all (the wait for this
    ///   instance's other writers counts); what `body` throws.
    func withWriterLock<T>(timeout: Double, _ body: () throws -> T) throws -> T {
        let deadline = Date(timeIntervalSinceNow: max(0, timeout))
        if !writers.try() {
            guard writers.lock(before: deadline) else {
                throw StoreError.lockTimeout(path: lockPath, seconds: timeout)
            }
        }
        defer { writers.unlock() }
        while true {
            let lock: FileLock
            if let kept = writerLock {
                lock = kept
            } else {
                lock = try FileLock(opening: lockPath)
                writerLock = lock
            }
            do {
                try lock.acquire(timeout: max(0, deadline.timeIntervalSinceNow))
            } catch {
                if !lock.isUsable { writerLock = nil }
                // The timeout named is the caller's, not what was left of it.
                if case StoreError.lockTimeout = error { throw StoreError.lockTimeout(path: lockPath, seconds: timeout) }
                throw error
            }
            // Checked once held: a file deleted or replaced before then is not the lock that
            // counts, which is on the file the path names now.
            guard lock.isUsable else {
                lock.release()
                writerLock = nil
                continue
            }
            defer { lock.release() }
            return try body()
        }
    }

    /// Appends one draft: a new event, or the one already stored under its id (a retry).
    ///
    /// - Parameter expectedVersion: the version the submitter last saw its stream at;
    ///   `StoreError.versionConflict` when the stream has moved on.
    @discardableResult
    public func append(_ draft: EventDraft, expectedVersion: Int? = nil, lockTimeout: Double = 10,
                       now: @escaping () -> Timestamp = Timestamp.now,
                       warn: (String) -> Void = { _ in }) throws -> AppendOutcome {
        try append(lockTimeout: lockTimeout, now: now, warn: warn) { try $0.stage(draft, expectedVersion: expectedVersion) }[0]
    }

    /// Appends drafts all or nothing, with one `fsync`.
    @discardableResult
    public func append(batch drafts: [EventDraft], lockTimeout: Double = 10,
                       now: @escaping () -> Timestamp = Timestamp.now,
                       warn: (String) -> Void = { _ in }) throws -> [AppendOutcome] {
        try append(lockTimeout: lockTimeout, now: now, warn: warn) { t in
            for draft in drafts { try t.stage(draft) }
        }
    }

    /// Runs recovery under the lock without appending (for opening, and `verify`).
    ///
    /// - Returns: one warning sentence per repair.
    public func recover(lockTimeout: Double = 10, now: Timestamp = .now()) throws -> [String] {
        try withWriterLock(timeout: lockTimeout) {
            try withState {
                let (log, size) = try openForAppending()
                return try recoverUnderLock(log, size: size, now: { now }).warnings
            }
        }
    }

    /// The log, opened for writing; a read-only file or directory is named as such.
    ///
    /// The descriptor is kept for the next append while `events.jsonl` still names the same
    /// file (one `stat` instead of an `open` and a `close`; and ext4 keeps the blocks it set
    /// aside for the file's growth until its last writable descriptor closes). A log replaced
    /// meanwhile is opened anew.
    private func openForAppending() throws -> (log: POSIXFile, size: Int) {
        var named = stat()
        if let kept = appendLog, stat(eventsPath, &named) == 0,
           UInt64(named.st_dev) == kept.device, UInt64(named.st_ino) == kept.inode {
            return (kept.file, Int(named.st_size))
        }
        appendLog = nil
        let log: POSIXFile
        do {
            log = try POSIXFile(path: eventsPath, flags: O_RDWR)
        } catch StoreError.io(_, let path, let reason) {
            throw StoreError.io(operation: "open for appending", path: path, reason: "\(reason); nothing was appended")
        }
        var opened = stat()
        guard fstat(log.fd, &opened) == 0 else { throw POSIXFile.error("stat", eventsPath) }
        appendLog = (log, UInt64(opened.st_dev), UInt64(opened.st_ino))
        return (log, Int(opened.st_size))
    }

    /// The error of a failed append, saying that nothing was appended (or what recovery will do).
    private func appendFailure(_ error: Error, count: Int, restored: Bool) -> Error {
        guard case StoreError.io(let operation, let path, let reason) = error else { return error }
        let what = count == 1 ? "the event" : "the batch of \(count) events"
        let outcome = restored
            ? "nothing was appended; the log is as it was"
            : "\(what) was not acknowledged and the log could not be cut back; the next writer moves its bytes to the quarantine"
        let full = [ENOSPC, EFBIG, EDQUOT].contains { String(cString: strerror($0)) == reason }
        let why = full ? "\(reason) (the disk is full, or a file size limit was reached)" : reason
        return StoreError.io(operation: operation, path: path, reason: "\(why); \(outcome)")
    }
}

extension Timestamp {
    /// The system clock, in UTC, to the millisecond.
    public static func now() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(seconds: Int64(ts.tv_sec), nanoseconds: Int32(ts.tv_nsec) / 1_000_000 * 1_000_000)
    }
}

/// A value passed to another thread to be let go there.
private final class Handoff: @unchecked Sendable {
    var value: AnyObject?
    init(_ value: AnyObject) { self.value = value }
}
