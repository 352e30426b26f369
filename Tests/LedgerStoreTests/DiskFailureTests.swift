import Foundation
import XCTest
import LedgerCore
@testable import LedgerStore

/// A full disk and a read-only ledger: a clear error, and nothing half-written.
///
/// The full disk is a file size limit (`ulimit -f`, RLIMIT_FSIZE) on a writer process,
/// so its `write` stops part way and then fails with EFBIG, as it would with ENOSPC.
final class DiskFailureTests: StoreTestCase {
    /// Every file of the ledger directory, with its size and SHA-256.
    func snapshot(_ ledger: FileLedger) throws -> [String: String] {
        var out: [String: String] = [:]
        let root = ledger.directory
        for case let name as String in FileManager.default.enumerator(atPath: root)! {
            var isDirectory: ObjCBool = false
            let full = (root as NSString).appendingPathComponent(name)
            _ = FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory)
            let content = bytes(full)
            out[name] = isDirectory.boolValue ? "directory" : "\(content.count) bytes, \(SHA256.hash(content).hex.prefix(16))"
        }
        return out
    }

    func ledgerWithEvents(_ count: Int) throws -> FileLedger {
        let ledger = try makeLedger()
        try ledger.append(batch: (1...count).map { Drafts.draft($0, stream: "s/\($0 % 3)") })
        return ledger
    }

    /// Runs one `ledger-torture write` step under a file size limit just above the log's size.
    func writeUnderSizeLimit(_ ledger: FileLedger, headroom: Int, _ arguments: [String]) throws -> Torture.Running {
        let blocks = (try ledger.logSize() + headroom) / 512 + 1   // dash counts 512-byte blocks
        let writer = try Torture.start(["write", "--ledger", ledger.directory, "--writer", "F"] + arguments,
                                       output: path("limited"),
                                       via: ["/bin/sh", "-c", "ulimit -f \(blocks) && exec \"$0\" \"$@\""])
        XCTAssertNotNil(writer.wait(timeout: 60), "the writer finished")
        return writer
    }

    func testFullDiskDuringABatchLeavesTheLogAsItWas() throws {
        let ledger = try ledgerWithEvents(20)
        let before = try snapshot(ledger)
        // 50 events of about 1.3 KB: the write stops at the limit, part way through the batch.
        let writer = try writeUnderSizeLimit(ledger, headroom: 3000,
                                             ["--count", "50", "--batch-every", "1", "--batch-size", "50", "--pad", "1000"])
        XCTAssertEqual(writer.process.terminationStatus, 4, writer.stderr)
        XCTAssertEqual(writer.outputLines, [], "nothing acknowledged")
        XCTAssertTrue(writer.stderr.contains("File too large") && writer.stderr.contains("events.jsonl") &&
                      writer.stderr.contains("nothing was appended"), writer.stderr)
        XCTAssertEqual(try snapshot(ledger), before, "the log byte for byte, and no intent or quarantine left")

        XCTAssertEqual(try LogVerification.verify(logAt: ledger.eventsPath).events, 20)
        XCTAssertEqual(try FileLedger(directory: ledger.directory).append(Drafts.draft(21)).record.seq, 21)
    }

    func testFullDiskDuringASingleAppendLeavesTheLogAsItWas() throws {
        let ledger = try ledgerWithEvents(5)
        let before = try snapshot(ledger)
        let writer = try writeUnderSizeLimit(ledger, headroom: 600, ["--count", "1", "--pad", "4000"])
        XCTAssertEqual(writer.process.terminationStatus, 4, writer.stderr)
        XCTAssertEqual(writer.outputLines, [])
        XCTAssertTrue(writer.stderr.contains("File too large") && writer.stderr.contains("nothing was appended"), writer.stderr)
        XCTAssertEqual(try snapshot(ledger), before)
        XCTAssertEqual(try LogVerification.verify(logAt: ledger.eventsPath).events, 5)
    }

    /// A large batch's index entries are added while its lines are written: when the write
    /// fails, the writer that tried it (in this process) must not keep them.
    func testAWriterWhoseLargeBatchFailed_readsAndAppendsAsIfItHadNeverTried() throws {
        let ledger = try ledgerWithEvents(20)
        _ = try ledger.records(inStream: "s/1")  // the writer's index is in memory, and in use
        let count = 2 * FileLedger.entriesAddedAside
        let batch = (1...count).map { Drafts.draft(20 + $0, stream: $0 % 2 == 0 ? "s/1" : "big/\($0)") }

        let oldHandler = signal(SIGXFSZ, SIG_IGN)
        var oldLimit = rlimit()
        getrlimit(Int32(RLIMIT_FSIZE.rawValue), &oldLimit)
        var limit = oldLimit
        limit.rlim_cur = rlim_t(try ledger.logSize() + 4096)
        XCTAssertEqual(setrlimit(Int32(RLIMIT_FSIZE.rawValue), &limit), 0)
        let failure: Error?
        do {
            try ledger.append(batch: batch)
            failure = nil
        } catch {
            failure = error
        }
        XCTAssertEqual(setrlimit(Int32(RLIMIT_FSIZE.rawValue), &oldLimit), 0)
        signal(SIGXFSZ, oldHandler)
        XCTAssertTrue("\(failure.map { "\($0)" } ?? "no error")".contains("nothing was appended"), "\(String(describing: failure))")
        // The index this writer keeps in memory holds no entry of a line the log does not hold.
        XCTAssertEqual(ledger.index.map { $0.count } ?? 20, 20)

        XCTAssertEqual(try ledger.version(ofStream: "s/1"), 7)
        XCTAssertEqual(try ledger.version(ofStream: "big/1"), 0)
        XCTAssertEqual(try ledger.records(inStream: "s/1").map(\.seq), [1, 4, 7, 10, 13, 16, 19])
        XCTAssertThrowsError(try ledger.record(seq: 21))
        XCTAssertNil(try ledger.record(withID: "big/1@1"))
        let next = try ledger.append(Drafts.draft(21, stream: "s/1")).record
        XCTAssertEqual([next.seq, next.version], [21, 8])
        XCTAssertEqual(try ledger.records(inStream: "s/1").map(\.seq), [1, 4, 7, 10, 13, 16, 19, 21])
        XCTAssertEqual(try LogVerification.verify(logAt: ledger.eventsPath).events, 21)
        XCTAssertEqual(try FileLedger(directory: ledger.directory).version(ofStream: "s/1"), 8)
    }

    func testAppendsThatFitStillSucceedUnderTheLimit() throws {
        // The limit alone is not an error: a small append below it goes through.
        let ledger = try ledgerWithEvents(5)
        let writer = try writeUnderSizeLimit(ledger, headroom: 4000, ["--count", "1", "--pad", "10"])
        XCTAssertEqual(writer.process.terminationStatus, 0, writer.stderr)
        XCTAssertEqual(writer.outputLines.count, 1)
        XCTAssertEqual(try LogVerification.verify(logAt: ledger.eventsPath).events, 6)
    }

    func testReadOnlyLedgerGivesAClearErrorAndWritesNothing() throws {
        let ledger = try ledgerWithEvents(10)
        let before = try snapshot(ledger)
        if getuid() == 0 {
            // root ignores permissions: write as nobody, to a ledger root owns.
            let writer = try Torture.start(["write", "--ledger", ledger.directory, "--writer", "R", "--count", "1"],
                                           output: path("readonly"),
                                           via: ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"])
            XCTAssertNotNil(writer.wait(timeout: 60))
            XCTAssertEqual(writer.process.terminationStatus, 4, writer.stderr)
            XCTAssertEqual(writer.outputLines, [])
            XCTAssertTrue(writer.stderr.contains("Permission denied") && writer.stderr.contains("events.jsonl") &&
                          writer.stderr.contains("nothing was appended"), writer.stderr)
        } else {
            chmod(ledger.eventsPath, 0o444)
            chmod(ledger.directory, 0o555)
            defer { chmod(ledger.directory, 0o755); chmod(ledger.eventsPath, 0o644) }
            XCTAssertThrowsError(try FileLedger(directory: ledger.directory).append(Drafts.draft(11))) { error in
                let text = "\(error)"
                XCTAssertTrue(text.contains("Permission denied") && text.contains("nothing was appended"), text)
            }
        }
        XCTAssertEqual(try snapshot(ledger), before)
        XCTAssertEqual(try LogVerification.verify(logAt: ledger.eventsPath).events, 10)
    }
}
