import Foundation
import LedgerCore
import LedgerFixtures
@testable import Projections
import XCTest

/// `ipledger rebuild`: every projection from the first event, the log verified on the way,
/// compared with the snapshot kept incrementally.
final class RebuildCommandTests: XCTestCase {
    static let generated: [[UInt8]] = {
        var lines: [[UInt8]] = []
        LogGenerator(LogGenerator.Options(events: 10_000, seed: 5)).generate { _, line in lines.append(line) }
        return lines
    }()

    func ledger(_ lines: [[UInt8]]) throws -> String {
        let dir = try CLIHarness.temporaryDirectory(self)
        try CLIHarness.writeLedger(lines, in: dir)
        return dir
    }

    func json(_ text: String) throws -> JSONValue { try JSONParser.parse(text.trimmingCharacters(in: .newlines)) }

    func testTheFirstRebuildWritesTheSnapshot_theNextFindsItMatches() throws {
        let dir = try ledger(Self.generated)
        let first = CLIHarness.run(["rebuild", "--ledger", dir])
        XCTAssertEqual(first.code, 0, first.err)
        let lines = first.out.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines[0].hasPrefix("rebuilt the projections from 10000 events in "), lines[0])
        XCTAssertTrue(lines[0].contains(" events/s, "), lines[0])
        XCTAssertTrue(lines[0].hasSuffix("log verified, head \(SHA256.hash(Self.generated.last!).hex)"), lines[0])
        XCTAssertTrue(lines[1].hasPrefix("snapshot: \(dir)/projections/snapshot.jsonl (seq 10000), "), lines[1])
        XCTAssertEqual(lines[2], "incremental: no earlier snapshot to compare with")
        XCTAssertEqual(first.err, "")

        let second = CLIHarness.run(["rebuild", "--ledger", dir, "--json"])
        XCTAssertEqual(second.code, 0, second.err)
        let summary = try json(second.out)
        XCTAssertEqual(summary["events"]?.intValue, 10_000)
        XCTAssertEqual(summary["head"]?.stringValue, SHA256.hash(Self.generated.last!).hex)
        XCTAssertEqual(summary["incremental"], ["from": 10_000, "matched": true, "differences": []])
        XCTAssertNotNil(summary["eventsPerSecond"]?.doubleValue)
        XCTAssertNotNil(summary["seconds"]?["pass"]?.doubleValue)

        // The snapshot the first rebuild wrote is compared by its bytes, without decoding it.
        let third = CLIHarness.run(["rebuild", "--ledger", dir], environment: ["IPLEDGER_TIMING": "1"])
        XCTAssertEqual(third.code, 0, third.err)
        XCTAssertTrue(third.err.contains("compared by bytes with the snapshot of seq 10000: equal"), third.err)
        XCTAssertFalse(third.err.contains("load and catch up"), third.err)
    }

    /// The snapshot file's inode and modification time: a rename or a write changes them.
    func fileIdentity(_ path: String) throws -> String {
        var st = stat()
        guard stat(path, &st) == 0 else { throw CocoaError(.fileNoSuchFile) }
        return "\(st.st_ino) \(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)"
    }

    func testASnapshotFileThatAlreadyHoldsTheRebuild_isLeftAsItIs() throws {
        let dir = try ledger(Self.generated)
        let path = dir + "/projections/snapshot.jsonl"
        let first = CLIHarness.run(["rebuild", "--ledger", dir, "--json"])
        XCTAssertEqual(first.code, 0, first.err)
        XCTAssertEqual(try json(first.out)["snapshotWritten"], .bool(true))
        let written = try XCTUnwrap(FileManager.default.contents(atPath: path))
        let identity = try fileIdentity(path)

        let second = CLIHarness.run(["rebuild", "--ledger", dir])
        XCTAssertEqual(second.code, 0, second.err)
        XCTAssertTrue(second.out.contains("snapshot: \(path) (seq 10000), unchanged, "), second.out)
        XCTAssertEqual(try fileIdentity(path), identity, "not written again")
        XCTAssertEqual(FileManager.default.contents(atPath: path), written)

        // The same body under a tag that says otherwise (here its `recorded`, with the body's
        // length and SHA-256 still right) is not what the rebuild would write: it is replaced.
        let newline = try XCTUnwrap(written.firstIndex(of: 0x0a))
        guard case .object(var tag) = try JSONParser.parse(Array(written[..<newline])) else { return XCTFail("no tag") }
        tag["recorded"] = "2020-01-01T00:00:00.000Z"
        try Data(CanonicalJSON.encode(.object(tag)) + written[newline...]).write(to: URL(fileURLWithPath: path))
        let third = CLIHarness.run(["rebuild", "--ledger", dir, "--json"])
        XCTAssertEqual(third.code, 0, third.err)
        XCTAssertEqual(try json(third.out)["snapshotWritten"], .bool(true))
        XCTAssertEqual(FileManager.default.contents(atPath: path), written)

        // A snapshot behind the log's end is written anew.
        try CLIHarness.writeLedger(Array(Self.generated.prefix(9_000)), in: dir)
        try? FileManager.default.removeItem(atPath: path)
        XCTAssertEqual(CLIHarness.run(["rebuild", "--ledger", dir]).code, 0)
        try CLIHarness.writeLedger(Self.generated, in: dir)
        let fourth = CLIHarness.run(["rebuild", "--ledger", dir])
        XCTAssertEqual(fourth.code, 0, fourth.err)
        XCTAssertTrue(fourth.out.contains("snapshot: \(path) (seq 10000), written, "), fourth.out)
        XCTAssertEqual(FileManager.default.contents(atPath: path), written)
    }

    func testTheSnapshotKeptByQueriesIsCaughtUpAndCompared() throws {
        let dir = try ledger(Array(Self.generated.prefix(7_500)))
        XCTAssertEqual(CLIHarness.run(["alerts", "--json", "--ledger", dir]).code, 0)  // keeps a snapshot at 7,500
        try CLIHarness.writeLedger(Self.generated, in: dir)
        let result = CLIHarness.run(["rebuild", "--ledger", dir, "--jobs", "1"], environment: ["IPLEDGER_TIMING": "1"])
        XCTAssertEqual(result.code, 0, result.err)
        XCTAssertTrue(result.out.contains("incremental: the snapshot of seq 7500, caught up to seq 10000, matches the rebuild"), result.out)
        XCTAssertTrue(result.out.contains("1 job); log verified"), result.out)
        // Compared with the rebuild as it stood at seq 7,500, by bytes.
        XCTAssertTrue(result.err.contains("compared by bytes with the snapshot of seq 7500: equal"), result.err)
    }

    func testAnIncrementalStateThatDrifted_isReported_andReplaced() throws {
        let dir = try ledger(Self.generated)
        XCTAssertEqual(CLIHarness.run(["rebuild", "--ledger", dir]).code, 0)
        // Tamper with the snapshot's body as a bug in upkeep would: one report fewer in the statistics.
        let path = dir + "/projections/snapshot.jsonl"
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: path))
        let newline = try XCTUnwrap(bytes.firstIndex(of: 0x0a))
        var tag = try JSONParser.parse(Array(bytes[..<newline]))
        var drifted = try ProjectionSet(snapshotBytes: Array(bytes[(newline + 1)...].dropLast()))
        drifted.statistics.total.reports -= 1
        let bodyBytes = try drifted.snapshotBytes()
        if case .object(var m) = tag {
            m["body"] = ["bytes": .number(Double(bodyBytes.count)), "sha256": .string(SHA256.hash(bodyBytes).hex)]
            tag = .object(m)
        }
        try Data(CanonicalJSON.encode(tag) + [0x0a] + bodyBytes + [0x0a]).write(to: URL(fileURLWithPath: path))

        let result = CLIHarness.run(["rebuild", "--ledger", dir])
        XCTAssertEqual(result.code, 3)
        XCTAssertTrue(result.out.contains("incremental: the snapshot of seq 10000, caught up to seq 10000, differs from the rebuild:\n" +
            "  - statistics: totals differ\n"), result.out)
        XCTAssertEqual(result.err, "Error: the projections kept incrementally since seq 10000 differ from the rebuild in 1 place; the " +
            "rebuilt snapshot replaces them\n")
        XCTAssertEqual(CLIHarness.run(["rebuild", "--ledger", dir]).code, 0, "the rebuilt snapshot replaced the drifted one")
    }

    func testADamagedLogStopsTheRebuild_namingTheLine_andNothingIsWritten() throws {
        var lines = Self.generated
        lines[6_344][40] ^= 0x01  // line 6,345
        let dir = try ledger(lines)
        let result = CLIHarness.run(["rebuild", "--ledger", dir])
        XCTAssertEqual(result.code, 3)
        XCTAssertTrue(result.err.hasPrefix("Error: \(dir)/events.jsonl line 6345: "), result.err)
        XCTAssertTrue(result.err.hasSuffix("; the projections were not rebuilt\n"), result.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/projections/snapshot.jsonl"))
        XCTAssertEqual(result.out, "")
    }

    func testRebuildFindsTheSameFirstBadLineAsVerify() throws {
        for (line, change) in [(7_001, { (l: inout [UInt8]) in l[l.count - 3] = 0x20 }), (9_999, { (l: inout [UInt8]) in l.append(0x20) })] {
            var lines = Self.generated
            change(&lines[line - 1])
            let dir = try ledger(lines)
            let verify = CLIHarness.run(["verify", "--ledger", dir])
            let rebuild = CLIHarness.run(["rebuild", "--ledger", dir])
            XCTAssertEqual(verify.code, 3)
            XCTAssertEqual(rebuild.code, 3)
            XCTAssertTrue(rebuild.err.contains("line \(line)"), rebuild.err)
            XCTAssertTrue(verify.err.contains("line \(line)"), verify.err)
        }
    }

    func testAnUnterminatedLastLineIsRefusedAsVerifyDoes() throws {
        let dir = try ledger(Array(Self.generated.prefix(100)))
        try CLIHarness.writeLedger(Array(Self.generated.prefix(101)), in: dir, terminated: false)
        let result = CLIHarness.run(["rebuild", "--ledger", dir])
        XCTAssertEqual(result.code, 3)
        XCTAssertTrue(result.err.contains("line 101: the last"), result.err)
    }
}
