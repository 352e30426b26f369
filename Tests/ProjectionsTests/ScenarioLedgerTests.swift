import IPProtection
import LedgerCore
import LedgerFixtures
import XCTest

/// The scenario the projection tests compare whole answers against is one the domain
/// accepts, act by act, as `ipledger record` would decide it.
final class ScenarioLedgerTests: XCTestCase {
    func testEveryActOfTheScenarioIsAcceptedByTheDomain() throws {
        let ledger = InMemoryLedger()
        let recorder = Recorder(source: ledger)
        for record in ScenarioLedger.records() {
            let json: JSONValue = ["type": .string(record.type), "stream": .string(record.stream), "at": .string(record.at),
                                   "actor": record.actor.json, "payload": .object(record.payload), "id": .string(record.id)]
            do {
                let draft = try recorder.decide(try Action(json: json), now: Timestamp(rfc3339: record.recorded)!)
                let stored = ledger.append(draft, recorded: record.recorded)
                recorder.apply(stored)
                XCTAssertEqual(stored, record)
            } catch {
                XCTFail("seq \(record.seq) \(record.type) in \(record.stream) refused: \(error)")
                return
            }
        }
        XCTAssertEqual(ledger.logBytes, ScenarioLedger.logBytes())
    }
}
