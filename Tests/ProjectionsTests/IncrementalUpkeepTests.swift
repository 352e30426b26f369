import IPProtection
import LedgerCore
import LedgerFixtures
import Projections
import XCTest

/// Incremental upkeep and the full rebuild agree: projections kept up from snapshots taken
/// along the way (encoded, decoded, then folded on) equal the projections folded from the
/// first event in one go.
final class IncrementalUpkeepTests: XCTestCase {
    func testGivenAGeneratedLogOf100000Events_incrementalUpkeepAndTheFullRebuildAgree() throws {
        let records = LogGenerator(LogGenerator.Options(events: 100_000, seed: 2024)).records()
        XCTAssertEqual(records.count, 100_000)
        var rebuilt = ProjectionSet()
        for record in records { rebuilt.apply(record) }

        // Snapshots after irregular stretches, as commands run now and then between appends.
        var incremental = ProjectionSet()
        var start = 0
        for end in [1, 137, 9_999, 31_416, 50_000, 77_777, 99_999, 100_000] {
            for record in records[start..<end] { incremental.apply(record) }
            incremental = try ProjectionSet(snapshotBytes: try incremental.snapshotBytes())
            start = end
        }
        XCTAssertEqual(incremental.differences(from: rebuilt), [])
        XCTAssertEqual(incremental.lastSeq, 100_000)

        // The answers agree too, judged at one instant.
        let now = Timestamp(rfc3339: "2026-06-01T12:00:00+08:00")!
        XCTAssertEqual(CaseStatusBoard.rows(incremental, judgedAt: now), CaseStatusBoard.rows(rebuilt, judgedAt: now))
        XCTAssertEqual(AgencyWorkloadView.rows(incremental, judgedAt: now), AgencyWorkloadView.rows(rebuilt, judgedAt: now))
        XCTAssertEqual(TransferPlatformView.rows(incremental, judgedAt: now), TransferPlatformView.rows(rebuilt, judgedAt: now))
        XCTAssertEqual(AlertList.alerts(incremental, judgedAt: now), AlertList.alerts(rebuilt, judgedAt: now))
        XCTAssertEqual(incremental.statistics, rebuilt.statistics)
    }

    func testAFoldThatMissedAnEventDiffers_andTheDifferenceNamesTheItem() {
        var records = Scenario.records
        let full = ProjectionSet.replay(records)
        let missed = records.firstIndex { $0.type == "ExplanationGiven" }!
        records.remove(at: missed)
        let partial = ProjectionSet.replay(records)
        let differences = full.differences(from: partial)
        XCTAssertEqual(differences.first, "the folds cover different events: \(Scenario.records.count) up to seq \(Scenario.records.count), " +
            "and \(Scenario.records.count - 1) up to seq \(Scenario.records.count)")
        XCTAssertTrue(differences.contains { $0.hasPrefix("supervision state \(ScenarioLedger.supervision): ") && $0.contains("explanation") },
                      "\(differences)")
        XCTAssertTrue(differences.contains("stream version \(ScenarioLedger.supervision): values differ"), "\(differences)")
    }
}
