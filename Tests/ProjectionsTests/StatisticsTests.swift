import LedgerCore
import LedgerFixtures
import Projections
import XCTest

/// Given the scenario's events, the statistics by sector, IP type, agency and month.
final class StatisticsTests: XCTestCase {
    func testGivenTheScenario_thenCountsByEveryDimension() {
        let statistics = Scenario.projections().statistics
        Expected.assertMatches(CanonicalJSON.string(statistics.json()) + "\n", "stats.json")
        XCTAssertEqual(statistics.total.named.map(\.value), [2, 3, 1, 1, 2, 1, 1])
        XCTAssertEqual(statistics.bySector["unspecified"]?.mediationsSettled, 1, "the entrusted mediation names no sector")
        XCTAssertEqual(statistics.byMonth["2024-04"]?.typicalCasesPublished, 1)
    }

    func testAnActCountsInTheMonthOfItsAt_evenWhenRecordedLater() {
        // The back-dated evidence does not count; the cases count in February and March.
        let statistics = Scenario.projections().statistics
        XCTAssertEqual(statistics.byMonth["2024-02"]?.cases, 1)
        XCTAssertEqual(statistics.byMonth["2024-03"]?.cases, 2)
    }

    func testOnlyWhatTheDomainFoldedCounts() {
        // A second opening of the same case is ignored by the domain, so by the statistics too.
        var records = Scenario.records
        let opening = records.first { $0.type == "CaseOpened" }!
        var again = opening
        again.seq = records.count + 1
        again.version = 99
        records.append(again)
        XCTAssertEqual(ProjectionSet.replay(records).statistics.total.cases, 3)
    }
}
