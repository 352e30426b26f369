import LedgerCore
import LedgerFixtures
import Projections
import XCTest

/// Given the scenario's events, the supervision trail of the transferred case.
final class SupervisionTrailTests: XCTestCase {
    func trail(upTo seq: Int? = nil, at instant: String) -> SupervisionTrail {
        let set = Scenario.projections(upTo: seq)
        let streams = Set(SupervisionTrail.streams(of: ScenarioLedger.transferredCase, in: set))
        let acts = Scenario.records.filter { streams.contains($0.stream) && $0.seq <= set.lastSeq }.map { ($0, Scenario.hash($0)) }
        return SupervisionTrail(caseName: ScenarioLedger.transferredCase, acts: acts, set: set, judgedAt: Scenario.instant(instant))
    }

    func testGivenTheScenario_thenEveryActWithWhoWhenRuleTakenAndHash() {
        let trail = trail(at: "2024-06-17T12:00")
        Expected.assertMatches(CanonicalJSON.string(trail.json(utcOffset: Scenario.offset)) + "\n", "trail-case.json")
        XCTAssertEqual(Set(trail.acts.map(\.record.stream)), [ScenarioLedger.report, ScenarioLedger.transferredCase, ScenarioLedger.supervision])
        XCTAssertEqual(trail.acts.map(\.record.seq), trail.acts.map(\.record.seq).sorted(), "log order")
        let explanation = trail.acts.first { $0.record.type == "ExplanationGiven" }
        XCTAssertEqual(explanation?.answered.map(\.state), [.late], "9 days of 7")
        XCTAssertEqual(explanation?.answered.first?.taken, 9)
        let transfer = trail.acts.first { $0.record.type == "CaseTransferred" }
        XCTAssertEqual(transfer?.answered.map(\.rule), ["transferAfterApproval", "penaltyDecision"], "met first, then ended")
        XCTAssertEqual(trail.pending.map(\.rule), ["materialsHandover"])
        for act in trail.acts { XCTAssertEqual(act.hash, SHA256.hash(act.record.canonicalBytes).hex) }
    }

    func testAsOfTheExplanationRequest_theExplanationIsPending() {
        let trail = trail(upTo: 124, at: "2024-03-20T11:00")
        XCTAssertEqual(trail.acts.last?.record.type, "ExplanationRequested")
        XCTAssertEqual(trail.acts.last?.started.map(\.rule), ["explanation"])
        XCTAssertEqual(trail.pending.map(\.rule), ["explanation"])
        XCTAssertEqual(trail.pending.map(\.state), [.open])
    }
}
