import Foundation
import XCTest
import LedgerCore
@testable import LedgerStore

/// Writers killed with SIGKILL at random moments, many times: after each kill the ledger
/// opens, verifies, and holds every acknowledged append exactly once.
final class CrashTests: StoreTestCase {
    /// A small, seeded generator, so that a failing run prints the seed it used.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9e3779b97f4a7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58476d1ce4e5b9
            z = (z ^ (z >> 27)) &* 0x94d049bb133111eb
            return z ^ (z >> 31)
        }
    }

    /// Simulates a power cut on top of the kill: the disk loses the end of what was
    /// written but not acknowledged, cut at a random byte. Only bytes written since the
    /// last check (`after`) are cut, and only what was never made durable could be lost:
    /// a batch whose intent is still there, or a last line that is a single append.
    /// Writers: S appends singles, B batches, M a batch at every third step.
    func cutUnacknowledgedTail(_ ledger: FileLedger, after floor: Int, acknowledged: [String: Int],
                               using random: inout SplitMix) throws -> Bool {
        let log = bytes(ledger.eventsPath)
        var from: Int
        if let intent = try? JSONParser.parse(bytes(path("ledger/append.intent"))), let start = intent["start"]?.intValue {
            from = start
        } else {
            guard log.count > floor, log.last == 0x0a else { return false }
            from = log[..<(log.count - 1)].lastIndex(of: 0x0a).map { $0 + 1 } ?? 0
            let last = try Array(log[from..<(log.count - 1)]).withUnsafeBytes { try ChainVerifier.decode($0, lineNumber: 0) }
            let n = Int(last.id.split(separator: "-").last!) ?? 0
            let single = last.id.hasPrefix("S-") || (last.id.hasPrefix("M-") && n % 3 != 0)
            guard single, acknowledged[last.id] == nil else { return false }
        }
        from = max(from, floor)
        guard from < log.count else { return false }
        try POSIXFile(path: ledger.eventsPath, flags: O_RDWR).truncate(to: Int.random(in: from..<log.count, using: &random))
        return true
    }

    func testWritersKilledAtRandomMomentsLoseNothingAcknowledged() throws {
        let seed = ProcessInfo.processInfo.environment["IPLEDGER_CRASH_SEED"].flatMap(UInt64.init) ?? UInt64(Date().timeIntervalSince1970 * 1000)
        var random = SplitMix(state: seed)
        let rounds = 25
        let ledger = try makeLedger()
        // Three kinds of writer: small single appends; batches of about 20 KB, several
        // pages each; a mix of batches and singles of larger lines.
        let writers: [(name: String, arguments: [String])] = [
            ("S", ["--pad", "30"]),
            ("B", ["--batch-every", "1", "--batch-size", "40", "--pad", "200"]),
            ("M", ["--batch-every", "3", "--batch-size", "4", "--pad", "1500"]),
        ]
        var next = Dictionary(uniqueKeysWithValues: writers.map { ($0.name, 1) })
        var acknowledged: [String: Int] = [:]   // id -> seq
        var repairs: [String] = []
        var retriesFound = 0
        var intentsLeft = 0
        var powerCuts = 0
        var previousLog: [UInt8] = []
        var seqOf: [String: Int] = [:]   // every id in the log -> its seq

        for round in 1...rounds {
            let running = try writers.map { writer in
                try Torture.start(["write", "--ledger", ledger.directory, "--writer", writer.name,
                                   "--from", "\(next[writer.name]!)", "--count", "0"] + writer.arguments,
                                  output: path("round\(round)-\(writer.name)"))
            }
            usleep(useconds_t.random(in: 30_000...130_000, using: &random))
            if Bool.random(using: &random) {
                for process in running { process.kill(SIGKILL) }
            } else {
                // One at a time: the survivors recover what the dead one left, while running.
                for process in running.shuffled(using: &random) {
                    process.kill(SIGKILL)
                    usleep(useconds_t.random(in: 0...30_000, using: &random))
                }
            }
            for process in running { process.process.waitUntilExit() }

            for (writer, process) in zip(writers, running) {
                XCTAssertEqual(process.process.terminationReason, .uncaughtSignal,
                               "round \(round), \(writer.name) died of the kill, not of an error: \(process.stderr)")
                for line in process.outputLines {
                    let ack = try XCTUnwrap(Ack(line), line)
                    XCTAssertTrue(ack.kind == "ack" || ack.kind == "dup", line)
                    if let earlier = acknowledged[ack.id] {
                        XCTAssertEqual(ack.kind, "dup", "\(ack.id) was acknowledged twice as new")
                        XCTAssertEqual(ack.seq, earlier, "\(ack.id): a retry returns the stored event")
                    }
                    if ack.kind == "dup" { retriesFound += 1 }
                    acknowledged[ack.id] = ack.seq
                    let n = try XCTUnwrap(Int(ack.id.split(separator: "-").last!))
                    next[writer.name] = max(next[writer.name]!, n + 1)
                }
            }

            if exists(path("ledger/append.intent")) { intentsLeft += 1 }
            if Bool.random(using: &random), try cutUnacknowledgedTail(ledger, after: previousLog.count,
                                                                     acknowledged: acknowledged, using: &random) {
                powerCuts += 1
            }
            // Opening recovers; the log verifies; every acknowledged event is there once, where it was.
            _ = try FileLedger.open(directory: ledger.directory, warn: { repairs.append("round \(round): \($0)") })
            let summary: LogVerification.Summary
            do {
                summary = try LogVerification.verify(logAt: ledger.eventsPath)
            } catch {
                return XCTFail("round \(round) (seed \(seed)): the log does not verify after a kill: \(error)")
            }
            // What survived one round's recovery is never taken away by a later one: the
            // log before this round is a prefix of the log now. So only new lines need reading.
            let log = bytes(ledger.eventsPath)
            let isPrefix = log.count >= previousLog.count && log.withUnsafeBytes { now in
                previousLog.withUnsafeBytes { before in memcmp(now.baseAddress!, before.baseAddress!, before.count) == 0 }
            }
            XCTAssertTrue(isPrefix, "round \(round) (seed \(seed)): recovery took away lines an earlier recovery had kept")
            var number = seqOf.count
            for line in log[previousLog.count...].split(separator: 0x0a) {
                number += 1
                let record = try Array(line).withUnsafeBytes { try ChainVerifier.decode($0, lineNumber: number) }
                XCTAssertNil(seqOf[record.id], "round \(round) (seed \(seed)): \(record.id) is in the log twice")
                seqOf[record.id] = record.seq
            }
            XCTAssertEqual(summary.events, seqOf.count)
            previousLog = log
            for (id, seq) in acknowledged where seqOf[id] != seq {
                XCTFail("round \(round) (seed \(seed)): acknowledged \(id) at seq \(seq) is \(seqOf[id].map { "at \($0)" } ?? "missing")")
            }
            // And a new writer can append after it.
            XCTAssertNoThrow(try FileLedger(directory: ledger.directory).count())
        }

        XCTAssertGreaterThan(acknowledged.count, rounds * 3, "the writers got work done between kills")
        for writer in writers {
            XCTAssertGreaterThan(next[writer.name]!, 1, "\(writer.name) was acknowledged at least once")
        }
        let quarantined = (try? FileManager.default.contentsOfDirectory(atPath: path("ledger/quarantine")))?.count ?? 0
        print("crash test (seed \(seed)): \(rounds) rounds, \(acknowledged.count) acknowledged events, \(try ledger.count()) in the log, \(retriesFound) retries found stored, \(intentsLeft) kills left a batch intent, \(powerCuts) power cuts simulated, \(repairs.count) repairs on opening, \(quarantined) files in quarantine/")
        for repair in repairs { print("  \(repair)") }
    }
}
