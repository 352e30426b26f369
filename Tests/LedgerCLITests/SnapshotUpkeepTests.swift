import Foundation
import LedgerCore
import LedgerFixtures
import XCTest

/// The projection snapshot the commands keep in `projections/`: tagged with the log line it
/// reflects, caught up before every answer, set aside when it does not fit the log.
final class SnapshotUpkeepTests: XCTestCase {
    static let lines = ScenarioLedger.logBytes().split(separator: 0x0a, omittingEmptySubsequences: false).dropLast().map { Array($0) }
    static let june = Date(timeIntervalSince1970: 1_718_596_800)

    func snapshotTag(_ dir: String) throws -> JSONValue {
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: dir + "/projections/snapshot.jsonl"))
        return try JSONParser.parse(Array(bytes[..<bytes.firstIndex(of: 0x0a)!]))
    }

    func testAQueryKeepsASnapshotTaggedWithTheLineItReflects() throws {
        let dir = try CLIHarness.temporaryDirectory(self)
        try CLIHarness.writeLedger(Self.lines, in: dir)
        XCTAssertEqual(CLIHarness.run(["status", "--ledger", dir], now: Self.june).code, 0)
        let tag = try snapshotTag(dir)
        XCTAssertEqual(tag["name"], "projections")
        XCTAssertEqual(tag["seq"]?.intValue, Self.lines.count)
        XCTAssertEqual(tag["head"]?.stringValue, SHA256.hash(Self.lines.last!).hex)
        XCTAssertEqual(tag["length"]?.intValue, Self.lines.last!.count)
        XCTAssertEqual(tag["offset"]?.intValue, Self.lines.dropLast().reduce(0) { $0 + $1.count + 1 })
    }

    func testAnActRecordedAfterTheSnapshot_isInTheNextAnswer() throws {
        let dir = try CLIHarness.temporaryDirectory(self)
        try CLIHarness.writeLedger(Self.lines, in: dir)
        let before = CLIHarness.run(["alerts", "--json", "--kind", "overdue", "--ledger", dir], now: Self.june)
        XCTAssertTrue(before.out.contains("materialsHandover"), before.out)
        let action = """
        {"type": "MaterialsHandedOver", "stream": "\(ScenarioLedger.transferredCase)", "at": "2024-06-17T10:00:00+08:00",
         "actor": {"agency": "fle-amr", "officer": "fle-amr-clerk1"}, "payload": {"items": ["涉案电热水壶 320 台"]}}
        """
        let recorded = CLIHarness.run(["record", "--ledger", dir], stdin: Array(action.utf8), now: Self.june)
        XCTAssertEqual(recorded.code, 0, recorded.err)
        let after = CLIHarness.run(["alerts", "--json", "--kind", "overdue", "--ledger", dir], now: Self.june)
        XCTAssertFalse(after.out.contains("materialsHandover"), after.out)
        XCTAssertEqual(after.err, "")
        let trail = CLIHarness.run(["trail", ScenarioLedger.transferredCase, "--ledger", dir, "--lang", "en"], now: Self.june)
        let handover = trail.out.split(separator: "\n").first { $0.contains("MaterialsHandedOver") }.map(String.init) ?? ""
        XCTAssertTrue(handover.contains("fle-amr-clerk1      materialsHandover        70/3 d  late"), handover)
        XCTAssertTrue(trail.out.contains("pending: none"), trail.out)
        XCTAssertEqual(CLIHarness.run(["rebuild", "--ledger", dir]).code, 0)
    }

    func testASnapshotOfAnotherLog_isSetAside_andTheAnswerIsRight() throws {
        let dir = try CLIHarness.temporaryDirectory(self)
        try CLIHarness.writeLedger(Self.lines, in: dir)
        let right = CLIHarness.run(["stats", "--json", "--ledger", dir], now: Self.june).out
        // Another ledger's snapshot, copied in by mistake.
        let other = try CLIHarness.temporaryDirectory(self)
        var generated: [[UInt8]] = []
        LogGenerator(LogGenerator.Options(events: Self.lines.count + 50, seed: 9)).generate { _, line in generated.append(line) }
        try CLIHarness.writeLedger(generated, in: other)
        XCTAssertEqual(CLIHarness.run(["stats", "--ledger", other]).code, 0)
        try FileManager.default.removeItem(atPath: dir + "/projections")
        try FileManager.default.copyItem(atPath: other + "/projections", toPath: dir + "/projections")

        let result = CLIHarness.run(["stats", "--json", "--ledger", dir], now: Self.june)
        XCTAssertEqual(result.out, right)
        XCTAssertTrue(result.err.hasPrefix("Warning: \(dir)/projections/snapshot.jsonl was taken at seq \(generated.count), which this log " +
            "does not hold as it was; the projections are folded again from the log"), result.err)
        XCTAssertEqual(try snapshotTag(dir)["seq"]?.intValue, Self.lines.count, "replaced by this log's")
        XCTAssertEqual(CLIHarness.run(["stats", "--json", "--ledger", dir], now: Self.june).err, "")
    }

    func testADamagedSnapshot_isSetAside_andTheAnswerIsRight() throws {
        let dir = try CLIHarness.temporaryDirectory(self)
        try CLIHarness.writeLedger(Self.lines, in: dir)
        let right = CLIHarness.run(["workload", "--json", "--ledger", dir], now: Self.june).out
        let path = dir + "/projections/snapshot.jsonl"
        var bytes = try XCTUnwrap(FileManager.default.contents(atPath: path))
        bytes.removeLast(1000)  // cut short
        try bytes.write(to: URL(fileURLWithPath: path))
        let result = CLIHarness.run(["workload", "--json", "--ledger", dir], now: Self.june)
        XCTAssertEqual(result.out, right)
        XCTAssertTrue(result.err.contains("cannot be used: its body does not have the length and SHA-256 its tag gives"), result.err)
        try Data("not a snapshot\n".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(CLIHarness.run(["workload", "--json", "--ledger", dir], now: Self.june).out, right)
    }

    func testADamagedBodyUnderAMatchingTag_isRefusedByItsChecksum_andTheAnswerIsRight() throws {
        let dir = try CLIHarness.temporaryDirectory(self)
        try CLIHarness.writeLedger(Self.lines, in: dir)
        let right = CLIHarness.run(["transfers", "--json", "--ledger", dir], now: Self.june).out
        // A bit flipped inside the body, the tag rewritten to match (as a bug or a hand would):
        // only the body's own checksum can tell.
        let path = dir + "/projections/snapshot.jsonl"
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: path))
        let newline = try XCTUnwrap(bytes.firstIndex(of: 0x0a))
        var body = Array(bytes[(newline + 1)...].dropLast())
        body[body.count / 2] ^= 0x04
        var tag = try JSONParser.parse(Array(bytes[..<newline]))
        if case .object(var m) = tag {
            m["body"] = ["bytes": .number(Double(body.count)), "sha256": .string(SHA256.hash(body).hex)]
            tag = .object(m)
        }
        try Data(CanonicalJSON.encode(tag) + [0x0a] + body + [0x0a]).write(to: URL(fileURLWithPath: path))
        let result = CLIHarness.run(["transfers", "--json", "--ledger", dir], now: Self.june)
        XCTAssertEqual(result.out, right)
        XCTAssertTrue(result.err.hasPrefix("Warning: \(path) cannot be used (damaged snapshot: the snapshot's checksum does not match " +
            "its bytes (damaged)); the projections are folded again from the log"), result.err)
        XCTAssertEqual(CLIHarness.run(["transfers", "--json", "--ledger", dir], now: Self.june).err, "", "replaced by a sound one")
    }

    func testADeletedSnapshotIsSimplyFoldedAgain() throws {
        let dir = try CLIHarness.temporaryDirectory(self)
        try CLIHarness.writeLedger(Self.lines, in: dir)
        let first = CLIHarness.run(["mediations", "--json", "--ledger", dir], now: Self.june)
        try FileManager.default.removeItem(atPath: dir + "/projections")
        let again = CLIHarness.run(["mediations", "--json", "--ledger", dir], now: Self.june)
        XCTAssertEqual(first.out, again.out)
        XCTAssertEqual(again.err, "")
    }
}
