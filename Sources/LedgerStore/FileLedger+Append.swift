import Foundation
import LedgerCore

extension FileLedger {
    /// Runs `body` under the ledger's lock and appends what it staged, all or nothing,
    /// durably: one `write` of every line, one `fsync`, and only then success.
    ///
    /// Before the body runs, a torn tail left by a crash is moved to the quarantine
    /// (its warnings go to `warn`). A batch of more than one line is announced in
    /// `append.intent` first, so that recovery can undo a batch cut short by a crash.
    ///
    /// - Parameters:
    ///   - lockTimeout: seconds to wait for another writer before failing.
    ///   - now: the clock, for `recorded`.
    /// - Returns: what each staged draft came to, in order.
    /// - Throws: whatever the body throws (nothing is written), or a `StoreError`.
    @discardableResult
    public func append(lockTimeout: Double = 10, now: @escaping () -> Timestamp = Timestamp.now,
                       warn: (String) -> Void = { _ in },
                       _ body: (AppendTransaction) throws -> Void) throws -> [AppendOutcome] {
        let lock = try FileLock(path: lockPath, timeout: lockTimeout)
        defer { withExtendedLifetime(lock) {} }
        for warning in try recoverUnderLock(now: now()) { warn(warning) }
        var index = try currentIndex()
        let transaction = AppendTransaction(ledger: self, index: index, now: now)
        try body(transaction)
        guard !transaction.staged.isEmpty else { return transaction.outcomes }

        var bytes: [UInt8] = []
        bytes.reserveCapacity(transaction.stagedLines.reduce(0) { $0 + $1.count + 1 })
        for line in transaction.stagedLines {
            bytes += line
            bytes.append(0x0a)
        }
        let log = try POSIXFile(path: eventsPath, flags: O_RDWR)
        let start = index.end
        let usesIntent = transaction.staged.count > 1
        if usesIntent {
            let intent: JSONValue = ["start": .number(Double(start)), "end": .number(Double(start + bytes.count)),
                                     "count": .number(Double(transaction.staged.count)),
                                     "last": .string(transaction.head.hex)]
            try POSIXFile.writeAtomically(CanonicalJSON.encode(intent) + [0x0a], to: intentPath, durable: true)
        }
        do {
            try log.write(bytes, at: start)
            try log.sync()
        } catch {
            // Nothing half-written: cut the log back to where it was.
            _ = try? log.truncate(to: start)
            _ = try? log.sync()
            if usesIntent { unlink(intentPath) }
            throw error
        }
        if usesIntent { unlink(intentPath) }

        var offset = start
        for (record, line) in zip(transaction.staged, transaction.stagedLines) {
            index.add(record, offset: offset, length: line.count, hash: SHA256.hash(line))
            offset += line.count + 1
        }
        self.index = index
        do { try index.save(directory: directory) } catch {
            // The index is derived: a failure here costs a rebuild later, not an event.
            warn("the index could not be saved (\(error)); it will be rebuilt from the log")
        }
        return transaction.outcomes
    }

    /// Runs recovery under the lock without appending (for `verify` and opening).
    public func recover(lockTimeout: Double = 10, now: Timestamp = .now()) throws -> [String] {
        let lock = try FileLock(path: lockPath, timeout: lockTimeout)
        defer { withExtendedLifetime(lock) {} }
        return try recoverUnderLock(now: now)
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
