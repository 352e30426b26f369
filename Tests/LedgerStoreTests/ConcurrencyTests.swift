import Foundation
import XCTest
import LedgerCore
@testable import LedgerStore

/// Several writer processes at once: nothing lost, duplicated or interleaved, and every
/// expected-version conflict reported.
final class ConcurrencyTests: StoreTestCase {
    func testFourProcessesAppendingFiveHundredEachToSharedAndOwnStreams() throws {
        let ledger = try makeLedger()
        let writers = ["W0", "W1", "W2", "W3"]
        // Each writer appends 500 events: every 25th step a batch of 5 to its own stream,
        // otherwise one event, every other one to the shared stream, each carrying the
        // version the writer last saw; after a conflict it retries with the actual version.
        let running = try writers.map { name in
            try Torture.start(["write", "--ledger", ledger.directory, "--writer", name, "--count", "500",
                               "--shared-every", "2", "--batch-every", "25", "--batch-size", "5", "--expect", "--pad", "40"],
                              output: path(name))
        }
        for (name, process) in zip(writers, running) {
            XCTAssertEqual(process.wait(timeout: 120), 0, "\(name): \(process.stderr)")
        }

        // The log: sound, gapless, 2000 events.
        let summary = try LogVerification.verify(logAt: ledger.eventsPath)
        XCTAssertEqual(summary.events, 2000)
        let log = try records(of: ledger)
        XCTAssertEqual(log.map(\.seq), Array(1...2000))
        let byID = Dictionary(grouping: log, by: \.id)
        XCTAssertEqual(byID.count, 2000, "no id twice")
        for record in log {
            // Not interleaved: every line whole, its payload the writer's own.
            let writer = record.payload["writer"]?.stringValue ?? "?"
            XCTAssertTrue(record.id.hasPrefix(writer + "-"), record.id)
            XCTAssertEqual(record.payload["pad"], .string(String(repeating: "x", count: 40)))
        }

        var sharedAcks: [Ack] = []
        var conflicts: [Ack] = []
        for (name, process) in zip(writers, running) {
            let lines = process.outputLines
            let acks = lines.compactMap(Ack.init).filter { $0.kind == "ack" }
            XCTAssertEqual(lines.compactMap(Ack.init).count, lines.count, "\(name) printed only acks and conflicts")
            XCTAssertEqual(acks.count, 500, name)
            XCTAssertEqual(Set(acks.map(\.id)), Set((1...500).map { "\(name)-\($0)" }), "\(name): every event acknowledged once")
            XCTAssertEqual(acks.map(\.seq), acks.map(\.seq).sorted(), "\(name): its own acks in log order")
            for ack in acks {
                let stored = try XCTUnwrap(byID[ack.id]?.first, ack.id)
                XCTAssertEqual(stored.seq, ack.seq, ack.id)
                XCTAssertEqual(stored.stream, ack.stream, ack.id)
                XCTAssertEqual(stored.version, ack.version, ack.id)
                if let expected = ack.expected {
                    XCTAssertEqual(ack.version, expected + 1, "\(ack.id): appended only when the stream was where the writer expected")
                }
            }
            let own = log.filter { $0.stream == "own/\(name)" }
            XCTAssertEqual(own.map(\.version), Array(1...own.count), "own/\(name)")
            sharedAcks += acks.filter { $0.stream == "shared/all" }
            conflicts += lines.compactMap(Ack.init).filter { $0.kind == "conflict" }
        }

        // The shared stream: each version once, by exactly one acknowledged append.
        let shared = log.filter { $0.stream == "shared/all" }
        XCTAssertEqual(shared.map(\.version), Array(1...shared.count))
        XCTAssertEqual(sharedAcks.count, shared.count)
        XCTAssertEqual(Set(sharedAcks.map(\.version)).count, shared.count)

        // Every conflict reported was real, with the stream's true version at that moment:
        // the number of shared events among the `committed` events the writer saw.
        XCTAssertGreaterThan(conflicts.count, 0, "four writers on one stream must collide")
        let sharedSeqs = shared.map(\.seq)
        for conflict in conflicts {
            XCTAssertEqual(conflict.stream, "shared/all")
            let truth = sharedSeqs.filter { $0 <= conflict.committed }.count
            XCTAssertEqual(conflict.actual, truth, "\(conflict.id) at \(conflict.committed) events")
            XCTAssertNotEqual(conflict.actual, conflict.expected)
        }
        var switches = 0
        for (a, b) in zip(log, log.dropFirst()) where a.payload["writer"] != b.payload["writer"] { switches += 1 }
        print("concurrency: \(switches) switches between writers in the log; \(shared.count) shared appends, \(conflicts.count) conflicts reported and retried")
    }
}
