import IPProtection
import LedgerCore
import LedgerFixtures
import XCTest

/// The generator writes what the domain accepts: every act of a generated log, decided
/// again through the recorder as `ipledger record` would, is accepted and stored as the
/// same line.
final class GeneratedLogTests: XCTestCase {
    func testEveryGeneratedActIsAcceptedByTheDomain() throws {
        let generated = LogGenerator(LogGenerator.Options(events: 15_000, seed: 7)).records()
        XCTAssertEqual(generated.count, 15_000)
        let ledger = InMemoryLedger()
        let recorder = Recorder(source: ledger)
        var types: Set<String> = []
        for record in generated {
            let json: JSONValue = ["type": .string(record.type), "stream": .string(record.stream), "at": .string(record.at),
                                   "actor": record.actor.json, "payload": .object(record.payload), "id": .string(record.id)]
            let action = try Action(json: json)
            do {
                let draft = try recorder.decide(action, now: Timestamp(rfc3339: record.recorded)!)
                let stored = ledger.append(draft, recorded: record.recorded)
                recorder.apply(stored)
                XCTAssertEqual(stored, record)
            } catch {
                XCTFail("seq \(record.seq) \(record.type) in \(record.stream) refused: \(error)")
                return
            }
            types.insert(record.type)
        }
        let missing = Set(Catalogue.all.map(\.name)).subtracting(types).subtracting(["OfficerRetired", "TransferOpinionIssued"])
        XCTAssertEqual(missing, [], "types the generator never writes")
    }

    func testTheSameOptionsGiveTheSameLog() {
        let a = LogGenerator(LogGenerator.Options(events: 2_000, seed: 3)).logBytes()
        let b = LogGenerator(LogGenerator.Options(events: 2_000, seed: 3)).logBytes()
        let c = LogGenerator(LogGenerator.Options(events: 2_000, seed: 4)).logBytes()
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
    }
}
