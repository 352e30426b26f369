import Foundation
import XCTest
import LedgerCore
@testable import IPProtection
import LedgerTestSupport

/// A `StreamSource` over an in-memory ledger that counts reads and can fail, to see what
/// the recorder reads and how it passes failures on.
final class CountingSource: StreamSource {
    struct ReadFailure: Error {}

    let base: InMemoryLedger
    var streamReads: [String: Int] = [:]
    var failing = false

    init(_ base: InMemoryLedger) { self.base = base }

    func records(inStream stream: String) throws -> [LedgerRecord] {
        if failing { throw ReadFailure() }
        streamReads[stream, default: 0] += 1
        return base.records(inStream: stream)
    }

    func record(withID id: String) throws -> LedgerRecord? {
        if failing { throw ReadFailure() }
        return base.record(withID: id)
    }
}

final class RecorderTests: XCTestCase {
    private func evidence(_ n: Int, _ f: Fixture) throws -> Action {
        try Action(json: f.action("EvidenceRecorded", "case/C1", "2024-03-06T10:00", Who.amrInv,
                                  Samples.payload("EvidenceRecorded", with: ["evidence": .string("E\(n)")])))
    }

    func testABatch_readsEachStreamOnce_andSeesItsOwnStagedActs() throws {
        let f = try Fixture()
        try f.givenCase()
        let source = CountingSource(f.ledger)
        let recorder = Recorder(source: source)
        for n in 1...500 {
            let draft = try recorder.decide(evidence(n, f), now: f.now)
            recorder.apply(f.ledger.append(draft, recorded: "2026-01-01T00:00:00Z"))
        }
        XCTAssertEqual(source.streamReads, ["registry": 1, "case/C1": 1])
        XCTAssertEqual(Result { try recorder.decide(self.evidence(7, f), now: f.now) }.refusal?.member, "payload.evidence",
                       "an act staged earlier in the batch is seen")
        XCTAssertEqual(recorder.state.cases["case/C1"], f.replayed.cases["case/C1"])
    }

    func testApply_ignoresRecordsAlreadyFolded_andRereadsAfterAGap() throws {
        let f = try Fixture()
        try f.givenCase()
        let recorder = Recorder(source: f.ledger)
        _ = try recorder.decide(evidence(1, f), now: f.now)
        let first = f.ledger.append(try recorder.decide(evidence(1, f), now: f.now), recorded: "2026-01-01T00:00:00Z")
        recorder.apply(first)
        recorder.apply(first)
        XCTAssertEqual(recorder.state.cases["case/C1"]?.version, 2)
        // Two appends the recorder never saw, then the third: it reads the stream again.
        f.ledger.append(try recorder.decide(evidence(2, f), now: f.now), recorded: "2026-01-01T00:00:00Z")
        f.ledger.append(try recorder.decide(evidence(3, f), now: f.now), recorded: "2026-01-01T00:00:00Z")
        let fourth = f.ledger.append(try recorder.decide(evidence(4, f), now: f.now), recorded: "2026-01-01T00:00:00Z")
        recorder.apply(fourth)
        XCTAssertEqual(Result { try recorder.decide(self.evidence(3, f), now: f.now) }.refusal?.member, "payload.evidence")
        XCTAssertEqual(recorder.state.cases["case/C1"], f.replayed.cases["case/C1"])
    }

    func testARetryWithTheSameID_returnsTheSameAct_andAnotherActUnderThatIDIsRefused() throws {
        let f = try Fixture()
        try f.givenReport()
        let payload: JSONValue = ["agencies": ["fle-psb"]]
        let first = try f.submit(f.action("ReportShared", "report/R1", "2024-03-01T10:00", Who.amrClerk, payload, id: "share-1"))
        let again = try f.recorder.decide(Action(json: f.action("ReportShared", "report/R1", "2024-03-01T10:00", Who.amrClerk, payload,
            id: "share-1")), now: f.now)
        XCTAssertTrue(again.sameContent(as: first))
        let clash = f.refusal(of: f.action("ReportShared", "report/R1", "2024-03-01T11:00", Who.amrClerk, payload, id: "share-1"))
        XCTAssertEqual(clash.kind, .idConflict)
        XCTAssertEqual(clash.member, "id")
    }

    func testExpectedVersion_mustBeTheStreamsVersion() throws {
        let f = try Fixture()
        XCTAssertEqual(f.refusal("ReportReceived", "report/R1", "2024-03-01T09:00", Who.amrClerk, Samples.payload("ReportReceived"),
            expectedVersion: 1).kind, .versionConflict)
        try f.record("ReportReceived", "report/R1", "2024-03-01T09:00", Who.amrClerk, Samples.payload("ReportReceived"), expectedVersion: 0)
        XCTAssertEqual(f.refusal("ReportAccepted", "report/R1", "2024-03-02T09:00", Who.amrClerk, expectedVersion: 0).kind,
            .versionConflict)
        try f.record("ReportAccepted", "report/R1", "2024-03-02T09:00", Who.amrClerk, expectedVersion: 1)
    }

    func testAnActDatedInTheFuture_isRefused() throws {
        let f = try Fixture()
        f.now = ts("2024-03-01T09:00")
        try f.record("ReportReceived", "report/R1", "2024-03-01T09:04", Who.amrClerk, Samples.payload("ReportReceived"))
        let refusal = f.refusal("ReportAccepted", "report/R1", "2024-03-01T09:06", Who.amrClerk)
        XCTAssertEqual(refusal.member, "at")
        XCTAssertTrue(refusal.message.contains("after the present"), refusal.message)
    }

    func testRollback_returnsToTheSavepoint() throws {
        let f = try Fixture()
        try f.givenCase()
        let recorder = Recorder(source: f.ledger)
        _ = try recorder.decide(evidence(1, f), now: f.now)
        let savepoint = recorder.savepoint()
        let staged = try recorder.decide(evidence(1, f), now: f.now)
        recorder.apply(staged.record(seq: 999, version: f.ledger.version(ofStream: "case/C1") + 1, recorded: "2026-01-01T00:00:00Z",
            prev: String(repeating: "0", count: 64), defaultID: "x"))
        XCTAssertNotNil(Result { try recorder.decide(self.evidence(1, f), now: f.now) }.refusal)
        recorder.rollback(to: savepoint)
        XCTAssertNoThrow(try recorder.decide(evidence(1, f), now: f.now))
    }

    func testAFailingSource_isPassedOnAsItsOwnError() throws {
        let f = try Fixture()
        try f.givenCase()
        let source = CountingSource(f.ledger)
        source.failing = true
        let recorder = Recorder(source: source)
        XCTAssertThrowsError(try recorder.decide(evidence(1, f), now: f.now)) { error in
            XCTAssertTrue(error is CountingSource.ReadFailure, "\(error)")
        }
        // A read that failed left nothing marked as read: once the source reads again, so does the recorder.
        source.failing = false
        XCTAssertNoThrow(try recorder.decide(evidence(1, f), now: f.now))
        XCTAssertEqual(source.streamReads, ["registry": 1, "case/C1": 1])
    }

    func testGenesisThroughTheRecorder_onAnEmptyLedger() throws {
        let f = try Fixture(open: false)
        try f.record("LedgerOpened", "registry", "2024-01-02T09:00", Who.admin, Samples.payload("LedgerOpened"))
        XCTAssertTrue(f.replayed.registry.isOpened)
    }

    /// Decides and applies 10,000 acts in one batch (no hashing: records are built directly).
    func testThroughput_tenThousandDecidesInOneBatch() throws {
        let f = try Fixture()
        try f.givenCase()
        let recorder = Recorder(source: f.ledger)
        let actions = try (1...10_000).map { try evidence($0, f) }
        var version = f.ledger.version(ofStream: "case/C1")
        let zeros = String(repeating: "0", count: 64)
        let start = Date()
        for (i, action) in actions.enumerated() {
            let draft = try recorder.decide(action, now: f.now)
            version += 1
            recorder.apply(draft.record(seq: 10_000 + i, version: version, recorded: "2026-01-01T00:00:00Z", prev: zeros,
                defaultID: "e\(i)"))
        }
        let seconds = Date().timeIntervalSince(start)
        let rate = Double(actions.count) / seconds
        print("recorder: \(Int(rate)) decides/s (\(String(format: "%.3f", seconds)) s for \(actions.count))")
        XCTAssertEqual(recorder.state.cases["case/C1"]?.evidence.count, 10_000)
        XCTAssertGreaterThan(rate, 2_000, "even a debug build decides thousands per second")
    }
}
