import Foundation
import IPProtection
import LedgerCore
import LedgerFixtures
import Projections
import XCTest

/// The snapshot encoding: what is encoded is read back equal, by our decoder and by any JSON reader.
final class SnapshotCodecTests: XCTestCase {
    func testGivenAGeneratedLedger_whenEncodedAndDecoded_thenEveryProjectionIsEqual() throws {
        let set = ProjectionSet.replay(LogGenerator(LogGenerator.Options(events: 20_000, seed: 11)).records())
        let bytes = try set.snapshotBytes()
        let decoded = try ProjectionSet(snapshotBytes: bytes)
        XCTAssertEqual(decoded.differences(from: set), [])
        XCTAssertEqual(try decoded.snapshotBytes().count, bytes.count)
        // Every kind of state is in there.
        XCTAssertFalse(decoded.domain.mediations.isEmpty)
        XCTAssertFalse(decoded.domain.supervisions.isEmpty)
        XCTAssertEqual(decoded.domain.cases, set.domain.cases)
        XCTAssertEqual(decoded.domain.mediations, set.domain.mediations)
        XCTAssertEqual(decoded.domain.registry, set.domain.registry)
        XCTAssertEqual(decoded.domain.registry.clock(atSeq: 50), set.domain.registry.clock(atSeq: 50), "the calendars in force by seq")
    }

    func testTheEncodingIsPlainJSON_thatFoundationReadsAlike() throws {
        let set = Scenario.projections()
        let ours = try set.snapshotBytes()
        let viaFoundation = try JSONDecoder().decode(ProjectionSet.self, from: Data(ours))
        XCTAssertEqual(viaFoundation.differences(from: set), [])
        // And our decoder reads what Foundation writes (members in another order, escaped slashes).
        let theirs = try JSONEncoder().encode(set)
        XCTAssertEqual(try ProjectionSet(snapshotBytes: Array(theirs)).differences(from: set), [])
    }

    func testEventIdsChosenBySubmittersRoundTrip_asWellAsTheLedgersDefaultOnes() throws {
        let records = Scenario.records.map { record -> LedgerRecord in
            var r = record
            if r.seq % 3 == 0 { r.id = "idem-\(r.seq)" }
            if r.seq % 7 == 0 { r.id = "\(r.stream)@0\(r.version)" }  // looks default, is not
            return r
        }
        let set = ProjectionSet.replay(records)
        let decoded = try ProjectionSet(snapshotBytes: try set.snapshotBytes())
        XCTAssertEqual(decoded.differences(from: set), [])
        let ids = { (s: ProjectionSet) in s.domain.cases.values.flatMap { $0.deadlines.all.map(\.startedBy.id) }.sorted() }
        XCTAssertEqual(ids(decoded), ids(set))
        XCTAssertTrue(ids(set).contains { $0.hasPrefix("idem-") })
    }

    func testStringsNeedingEscapesRoundTrip() throws {
        struct Sample: Codable, Equatable {
            var text: String
            var numbers: [Int]
            var nested: [String: [String?]]
            var flag: Bool?
        }
        let sample = Sample(text: "引号\" 反斜杠\\ 换行\n 制表\t \u{1} 表情\u{1F4C4} /", numbers: [0, -1, Int.max, Int.min + 1],
                            nested: ["a\"b": ["x", nil, ""], "": []], flag: nil)
        let bytes = try SnapshotEncoder.encode(sample)
        XCTAssertEqual(try SnapshotDecoder.decode(Sample.self, from: bytes), sample)
        XCTAssertEqual(try JSONDecoder().decode(Sample.self, from: Data(bytes)), sample)
    }

    func testMalformedBytesAreRefused_notTrusted() {
        for bad in ["", "{", "{\"domain\":", "[1,2", "{\"a\" 1}", "nul", "{\"a\":1}x"] {
            XCTAssertThrowsError(try ProjectionSet(snapshotBytes: Array(bad.utf8)), bad)
        }
        XCTAssertThrowsError(try ProjectionSet(snapshotBytes: Array("{}".utf8)), "a member missing")
    }
}
