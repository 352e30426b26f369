import Foundation
import IPProtection
import LedgerCore
import LedgerFixtures
import Projections
import XCTest

/// A projection set counts each stream's events in its state's `version`, not in the
/// `versions` dictionary the recorder keeps: the versions read the same either way.
final class StreamVersionsTests: XCTestCase {
    func testTheVersionsOfASetAreTheVersionsTheDomainKeeps() throws {
        var records = LogGenerator(LogGenerator.Options(events: 6_000, seed: 5)).records()
        // Streams no state holds count too: a second registry stream and a kind the domain does not fold.
        let extra = [("registry/other", "AgencyRegistered"), ("memo/1", "MemoWritten"), ("memo/1", "MemoWritten")]
        for (i, (stream, type)) in extra.enumerated() {
            let last = records[records.count - 1]
            records.append(LedgerRecord(seq: last.seq + 1 + i, id: "x\(i)", stream: stream, version: 1, type: type, schema: 1,
                                        at: last.at, recorded: last.recorded, actor: last.actor, payload: [:], prev: last.prev))
        }
        let kept = DomainState.replay(records)
        let set = ProjectionSet.replay(records)
        XCTAssertEqual(set.domain.versions, kept.versions)
        XCTAssertEqual(kept.versions["memo/1"], 2)
        XCTAssertEqual(kept.versions["registry/other"], 1)
        for stream in Set(records.map(\.stream)).union(["case/none", "registry/none", "nothing"]) {
            XCTAssertEqual(set.domain.version(of: stream), kept.versions[stream] ?? 0, stream)
            XCTAssertEqual(kept.version(of: stream), kept.versions[stream] ?? 0, stream)
        }
        // Encoded, decoded and folded on, the versions still agree.
        let half = records.count / 2
        var decoded = try ProjectionSet(snapshotBytes: try ProjectionSet.replay(records[..<half]).snapshotBytes())
        for record in records[half...] { decoded.apply(record) }
        XCTAssertEqual(decoded.domain.versions, kept.versions)
        XCTAssertEqual(decoded.differences(from: set), [])
    }

    func testADecodedStateWhoseVersionsDisagreeWithItsStatesKeepsTheVersionsItWasGiven() throws {
        let records = LogGenerator(LogGenerator.Options(events: 500, seed: 9)).records()
        let kept = DomainState.replay(records)
        let stream = try XCTUnwrap(kept.cases.keys.sorted().first)
        var json = try XCTUnwrap(try JSONSerialization.jsonObject(with: JSONEncoder().encode(kept)) as? [String: Any])
        var versions = try XCTUnwrap(json["versions"] as? [String: Int])
        versions[stream] = 99
        json["versions"] = versions
        var decoded = try JSONDecoder().decode(DomainState.self, from: JSONSerialization.data(withJSONObject: json))
        decoded.countsVersionsInStates()
        XCTAssertEqual(decoded.versions[stream], 99)
        XCTAssertEqual(decoded.version(of: stream), 99)
    }
}
