import Foundation
import XCTest
import LedgerCore
@testable import LedgerStore

/// One writer at a time, across processes; a hung writer is reported, never waited for forever.
final class LockTests: StoreTestCase {
    /// Starts `ledger-torture hold` and waits until it holds the lock.
    func holder(_ ledger: FileLedger, seconds: Double) throws -> Torture.Running {
        let holder = try Torture.start(["hold", "--ledger", ledger.directory, "--seconds", "\(seconds)"], output: path("holder"))
        let deadline = Date().addingTimeInterval(20)
        while holder.outputLines.first != "locked" {
            guard Date() < deadline, holder.process.isRunning else {
                holder.kill()
                XCTFail("the holder did not take the lock: \(holder.stderr)")
                throw StoreError.lockTimeout(path: ledger.directory, seconds: 20)
            }
            usleep(5_000)
        }
        return holder
    }

    func testAHungWriterMakesOthersFailAfterTheTimeout() throws {
        let ledger = try makeLedger()
        try ledger.append(Drafts.draft(1))
        let log = bytes(ledger.eventsPath)
        let hung = try holder(ledger, seconds: 60)
        defer { hung.kill(); hung.wait(timeout: 10) }

        let started = Date()
        XCTAssertThrowsError(try ledger.append(Drafts.draft(2), lockTimeout: 0.5)) { error in
            XCTAssertEqual(error as? StoreError, .lockTimeout(path: path("ledger/ledger.lock"), seconds: 0.5))
            let text = "\(error)"
            XCTAssertTrue(text.contains("ledger.lock") && text.contains("0.5 s") && text.contains("another writer"), text)
        }
        let waited = Date().timeIntervalSince(started)
        XCTAssertGreaterThanOrEqual(waited, 0.5)
        XCTAssertLessThan(waited, 3, "the timeout is kept, give or take a poll")
        XCTAssertEqual(bytes(ledger.eventsPath), log)

        // Recovery takes the lock too.
        XCTAssertThrowsError(try FileLedger.open(directory: ledger.directory, lockTimeout: 0.2)) {
            guard case .lockTimeout? = $0 as? StoreError else { return XCTFail("\($0)") }
        }
        // Readers take no lock.
        XCTAssertEqual(try FileLedger(directory: ledger.directory).count(), 1)

        // The kernel releases the lock of a process that dies, however it dies.
        hung.kill(SIGKILL)
        hung.wait(timeout: 10)
        XCTAssertEqual(try ledger.append(Drafts.draft(2), lockTimeout: 2).record.seq, 2)
    }

    func testAWriterWaitsForAShortHolder() throws {
        let ledger = try makeLedger()
        let busy = try holder(ledger, seconds: 0.6)
        defer { busy.wait(timeout: 10) }
        let started = Date()
        XCTAssertEqual(try ledger.append(Drafts.draft(1), lockTimeout: 15).record.seq, 1)
        XCTAssertGreaterThan(Date().timeIntervalSince(started), 0.2, "it waited for the holder")
        XCTAssertEqual(busy.wait(timeout: 10), 0)
    }

    func testALockHeldInThisProcessExcludesToo() throws {
        // flock belongs to the open file, so two ledgers in one process exclude each other.
        let a = try makeLedger()
        let b = try FileLedger(directory: a.directory)
        try a.append { _ in
            XCTAssertThrowsError(try b.append(Drafts.draft(1), lockTimeout: 0.1)) {
                guard case .lockTimeout? = $0 as? StoreError else { return XCTFail("\($0)") }
            }
        }
        XCTAssertEqual(try b.append(Drafts.draft(1)).record.seq, 1)
    }

    func testThreadsOfOneLedgerTakeTheLockInTurn() throws {
        // One ledger keeps one descriptor of `ledger.lock` for its appends, and flock would
        // let every thread holding it in: its threads wait for each other as processes do.
        let ledger = try makeLedger()
        try ledger.append(Drafts.draft(1))
        let inside = DispatchSemaphore(value: 0), leave = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            _ = try? ledger.append { _ in
                inside.signal()
                leave.wait()
            }
            done.signal()
        }
        XCTAssertEqual(inside.wait(timeout: .now() + 20), .success)
        let started = Date()
        XCTAssertThrowsError(try ledger.append(Drafts.draft(2), lockTimeout: 0.3)) {
            XCTAssertEqual($0 as? StoreError, .lockTimeout(path: path("ledger/ledger.lock"), seconds: 0.3))
        }
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.3)
        leave.signal()
        XCTAssertEqual(done.wait(timeout: .now() + 20), .success)
        XCTAssertEqual(try ledger.append(Drafts.draft(2), lockTimeout: 2).record.seq, 2)
    }

    func testTheTimeoutCountsTheWaitForThisLedgersOtherThreads() throws {
        // Another holder keeps the lock. A thread of the ledger waits 0.6 s for it; an append
        // on another thread, begun 0.1 s later with a timeout of 1 s, waits first for that
        // thread, then for the holder, and gives up 1 s after it began, not 1 s after the
        // ledger's own thread let go.
        let ledger = try makeLedger()
        try ledger.append(Drafts.draft(1))
        let lockPath = path("ledger/ledger.lock")
        let other = try FileLock(path: lockPath, timeout: 1)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            _ = try? ledger.append(Drafts.draft(2), lockTimeout: 0.6)
            done.signal()
        }
        Thread.sleep(forTimeInterval: 0.1)
        let started = Date()
        XCTAssertThrowsError(try ledger.append(Drafts.draft(2), lockTimeout: 1)) {
            XCTAssertEqual($0 as? StoreError, .lockTimeout(path: lockPath, seconds: 1), "the timeout the caller gave")
        }
        let waited = Date().timeIntervalSince(started)
        XCTAssertEqual(done.wait(timeout: .now() + 20), .success)
        XCTAssertGreaterThanOrEqual(waited, 0.95)
        XCTAssertLessThan(waited, 1.35, "the wait for the ledger's own thread counts against the timeout")
        other.release()
        XCTAssertEqual(try ledger.append(Drafts.draft(2), lockTimeout: 5).record.seq, 2)
    }

    func testALockFileDeletedBetweenAppendsIsNotTrusted() throws {
        // The ledger's kept descriptor names the deleted file; whoever opens the path now
        // locks a new one, and that is the lock the next append must wait for.
        let ledger = try makeLedger()
        try ledger.append(Drafts.draft(1))
        XCTAssertEqual(unlink(path("ledger/ledger.lock")), 0)
        let other = try FileLock(path: path("ledger/ledger.lock"), timeout: 1)
        XCTAssertThrowsError(try ledger.append(Drafts.draft(2), lockTimeout: 0.2)) {
            guard case .lockTimeout? = $0 as? StoreError else { return XCTFail("\($0)") }
        }
        XCTAssertEqual(try FileLedger(directory: ledger.directory).count(), 1, "nothing was appended")
        other.release()
        XCTAssertEqual(try ledger.append(Drafts.draft(2), lockTimeout: 2).record.seq, 2)
        // And the next holder elsewhere excludes this ledger's appends on the new file.
        let again = try FileLock(path: path("ledger/ledger.lock"), timeout: 1)
        XCTAssertThrowsError(try ledger.append(Drafts.draft(3), lockTimeout: 0.1))
        again.release()
        XCTAssertEqual(try ledger.append(Drafts.draft(3), lockTimeout: 2).record.seq, 3)
    }

    func testAnAppendAfterATimedOutWaitTakesTheLockAgain() throws {
        // A wait that timed out keeps the descriptor until its flock returns: the ledger's
        // next append opens the lock file anew.
        let ledger = try makeLedger()
        try ledger.append(Drafts.draft(1))
        let other = try FileLock(path: path("ledger/ledger.lock"), timeout: 1)
        XCTAssertThrowsError(try ledger.append(Drafts.draft(2), lockTimeout: 0.1))
        other.release()
        XCTAssertEqual(try ledger.append(Drafts.draft(2), lockTimeout: 2).record.seq, 2)
        let third = try FileLock(path: path("ledger/ledger.lock"), timeout: 1)
        XCTAssertThrowsError(try ledger.append(Drafts.draft(3), lockTimeout: 0.1), "the new descriptor is excluded too")
        third.release()
    }

    func testVerifyWaitsForAnAppendInProgressInsteadOfCallingItTorn() throws {
        let ledger = try makeLedger()
        for n in 1...3 { try ledger.append(Drafts.draft(n)) }
        let next = Drafts.draft(4).record(seq: 4, version: 4, recorded: "2026-01-01T00:00:00Z",
                                           prev: try ledger.head().hex, defaultID: "x").canonicalBytes + [0x0a]
        let verified = DispatchSemaphore(value: 0)
        let outcome = Box<Result<LogVerification.Summary, Error>>()
        // A writer holds the lock and has written half a line when verify looks.
        try ledger.append { _ in
            try self.append(Array(next[..<40]), to: ledger.eventsPath)
            DispatchQueue.global().async {
                outcome.set(Result { try LogVerification.verify(logAt: ledger.eventsPath) })
                verified.signal()
            }
            usleep(300_000)
            XCTAssertNil(outcome.get(), "verify waits while the writer holds the lock")
            try self.append(Array(next[40...]), to: ledger.eventsPath)
        }
        XCTAssertEqual(verified.wait(timeout: .now() + 20), .success)
        XCTAssertEqual(try outcome.get()?.get().events, 4, "the finished line is verified, not reported torn")

        // A writer that never finishes: after the timeout the torn tail is reported, saying why.
        try ledger.append { _ in
            try self.append(Array(next[..<40]), to: ledger.eventsPath)
            XCTAssertThrowsError(try LogVerification.verify(logAt: ledger.eventsPath, lockTimeout: 0.2)) { error in
                let defect = error as? LogDefect
                XCTAssertEqual(defect?.line, 5)
                XCTAssertEqual(defect?.kind, .unterminatedLine)
                XCTAssertTrue(defect?.message.contains("held the ledger's lock") ?? false, "\(error)")
            }
        }
    }
}
