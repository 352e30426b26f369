import Foundation
import XCTest
import LedgerCore
@testable import LedgerStore

/// An action may carry an id: the same id with the same act is a retry, with another act an error.
final class IdempotencyTests: StoreTestCase {
    func testRetryWithTheSameIDReturnsTheStoredEvent() throws {
        let ledger = try makeLedger()
        let draft = Drafts.draft(1, stream: "case/FLE-1", id: "agency-A/req-0001")
        let first = try ledger.append(draft)
        XCTAssertTrue(first.isNew)
        try ledger.append(Drafts.draft(2, stream: "case/FLE-1"))
        let log = bytes(ledger.eventsPath)

        let retry = try ledger.append(draft, now: Drafts.clock(start: 1_900_000_000))
        XCTAssertEqual(retry, .existing(first.record), "the event already stored, with its seq and recorded")
        XCTAssertFalse(retry.isNew)
        XCTAssertEqual(bytes(ledger.eventsPath), log, "no duplicate")

        // Another process, its index read from disk, and one rebuilt from the log.
        XCTAssertEqual(try FileLedger(directory: ledger.directory).append(draft), .existing(first.record))
        try FileManager.default.removeItem(atPath: path("ledger/index"))
        XCTAssertEqual(try FileLedger(directory: ledger.directory).append(draft), .existing(first.record))
        XCTAssertEqual(bytes(ledger.eventsPath), log)
    }

    func testRetryIsNotRefusedBecauseTheStreamMovedOn() throws {
        let ledger = try makeLedger()
        let draft = Drafts.draft(1, stream: "case/X", id: "req-1")
        let first = try ledger.append(draft, expectedVersion: 0)
        try ledger.append(Drafts.draft(2, stream: "case/X"), expectedVersion: 1)
        // The submitter never saw its acknowledgement and sends the same action again.
        XCTAssertEqual(try ledger.append(draft, expectedVersion: 0), .existing(first.record))
        XCTAssertEqual(try ledger.count(), 2)
    }

    func testTheSameIDForAnotherActIsRefused() throws {
        let ledger = try makeLedger()
        let draft = Drafts.draft(1, stream: "case/X", id: "req-1")
        try ledger.append(draft)
        try ledger.append(Drafts.draft(2, stream: "case/Y", id: "req-2"))
        let log = bytes(ledger.eventsPath)

        var variants: [(String, EventDraft)] = []
        var d = draft; d.payload["n"] = 99; variants.append(("payload", d))
        d = draft; d.stream = "case/Y"; variants.append(("stream", d))
        d = draft; d.type = "Tock"; variants.append(("type", d))
        d = draft; d.schema = 2; variants.append(("schema", d))
        d = draft; d.at = "2024-03-05T09:30:00+08:00"; variants.append(("at", d))
        d = draft; d.actor = Actor(agency: "OTHER", officer: "officer-7"); variants.append(("actor", d))
        for (what, variant) in variants {
            XCTAssertThrowsError(try ledger.append(variant), what) { error in
                XCTAssertEqual(error as? StoreError, .idConflict(id: "req-1", seq: 1), what)
                let text = "\(error)"
                XCTAssertTrue(text.contains("\"req-1\"") && text.contains("event 1") && text.contains("different act"), text)
            }
        }
        XCTAssertEqual(bytes(ledger.eventsPath), log, "nothing written")
    }

    func testAConflictingIDRefusesTheWholeBatch() throws {
        let ledger = try makeLedger()
        try ledger.append(Drafts.draft(1, id: "req-1"))
        let log = bytes(ledger.eventsPath)
        var changed = Drafts.draft(1, id: "req-1")
        changed.payload["extra"] = true
        XCTAssertThrowsError(try ledger.append(batch: [Drafts.draft(2, id: "req-2"), Drafts.draft(3, id: "req-3"), changed])) {
            XCTAssertEqual($0 as? StoreError, .idConflict(id: "req-1", seq: 1))
        }
        XCTAssertEqual(bytes(ledger.eventsPath), log)
    }

    func testIDsRepeatedWithinOneBatch() throws {
        let ledger = try makeLedger()
        let outcomes = try ledger.append(batch: [Drafts.draft(1, id: "a"), Drafts.draft(2, id: "b"), Drafts.draft(1, id: "a")])
        XCTAssertEqual(outcomes.map(\.isNew), [true, true, false])
        XCTAssertEqual(outcomes[2].record, outcomes[0].record)
        XCTAssertEqual(try ledger.count(), 2)

        XCTAssertThrowsError(try ledger.append(batch: [Drafts.draft(3, id: "c"), Drafts.draft(4, id: "c")])) {
            XCTAssertEqual($0 as? StoreError, .idConflict(id: "c", seq: 3), "the staged event's seq")
        }
        XCTAssertEqual(try ledger.count(), 2)
    }

    func testDefaultIDsWithinOneBatch() throws {
        let ledger = try makeLedger()
        // s/2's first and second events take s/2@1 and s/2@2; the third names s/2@1 as its id, for the same act.
        let outcomes = try ledger.append(batch: [Drafts.draft(1, stream: "s/2"), Drafts.draft(2, stream: "s/2"),
                                                 Drafts.draft(1, stream: "s/2", id: "s/2@1")])
        XCTAssertEqual(outcomes.map(\.isNew), [true, true, false])
        XCTAssertEqual(outcomes[2].record, outcomes[0].record)
        // The same id for another act, staged or stored, is refused.
        for stored in [false, true] {
            let first = stored ? [] : [Drafts.draft(3, stream: "s/4")]
            XCTAssertThrowsError(try ledger.append(batch: first + [Drafts.draft(5, stream: "s/9", id: stored ? "s/2@2" : "s/4@1")])) {
                XCTAssertEqual($0 as? StoreError, stored ? .idConflict(id: "s/2@2", seq: 2) : .idConflict(id: "s/4@1", seq: 3))
            }
        }
        // An id chosen in the batch in the form of a default id takes it from the event that would have had it.
        XCTAssertThrowsError(try ledger.append(batch: [Drafts.draft(6, stream: "s/1", id: "s/7@1"), Drafts.draft(7, stream: "s/7")])) {
            XCTAssertEqual($0 as? StoreError, .idConflict(id: "s/7@1", seq: 3))
        }
        XCTAssertEqual(try ledger.count(), 2)
    }

    func testRetryingABatchReturnsEveryStoredEvent() throws {
        let ledger = try makeLedger()
        let batch = (1...20).map { Drafts.draft($0, stream: "bulk/\($0 % 3)", id: "load-\($0)") }
        let first = try ledger.append(batch: batch)
        let log = bytes(ledger.eventsPath)
        let retry = try ledger.append(batch: batch)
        XCTAssertEqual(retry, first.map { .existing($0.record) })
        XCTAssertEqual(bytes(ledger.eventsPath), log)

        // A retry that adds to what was stored appends only the new part.
        let more = try ledger.append(batch: batch + [Drafts.draft(21, stream: "bulk/0", id: "load-21")])
        XCTAssertEqual(more.filter(\.isNew).map(\.record.id), ["load-21"])
        XCTAssertEqual(try ledger.count(), 21)
    }

    func testALedgerMadeIDCannotBeTakenByAnotherAct() throws {
        let ledger = try makeLedger()
        // A submitter uses, as its own key, the id the ledger would make for case/Z's first event.
        try ledger.append(Drafts.draft(1, stream: "case/Q", id: "case/Z@1"))
        XCTAssertThrowsError(try ledger.append(Drafts.draft(2, stream: "case/Z"))) {
            XCTAssertEqual($0 as? StoreError, .idConflict(id: "case/Z@1", seq: 1))
        }
        XCTAssertEqual(try ledger.count(), 1)
    }

    func testLookupsAgreeBeforeAndAfterTheLedgerBuildsItsHashMaps() throws {
        // A long-lived ledger scans the index for its first lookups, then builds hash maps
        // once and extends them with each append; retries must be found either way.
        let ledger = try makeLedger()
        var stored: [LedgerRecord] = []
        for n in 1...40 { stored.append(try ledger.append(Drafts.draft(n, stream: "s/\(n % 5)", id: "k-\(n)")).record) }
        for n in 1...40 {
            XCTAssertEqual(try ledger.append(Drafts.draft(n, stream: "s/\(n % 5)", id: "k-\(n)")), .existing(stored[n - 1]))
        }
        for n in 41...50 { try ledger.append(Drafts.draft(n, stream: "s/\(n % 5)", id: "k-\(n)")) }
        XCTAssertEqual(try ledger.record(withID: "k-45")?.seq, 45)
        XCTAssertEqual(try ledger.records(inStream: "s/0").map(\.version), Array(1...10))
        XCTAssertEqual(try ledger.count(), 50)
    }
}
