import Foundation
import LedgerCore
import XCTest

/// `verify --checkpoint FILE`: the log must extend every checkpoint an agency holds.
final class VerifyCheckpointTests: XCTestCase {
    /// Twenty events, and the checkpoints an agency was given at 5, 12 and 20.
    private func setUp(_ log: [[UInt8]]? = nil) throws -> (dir: String, lines: [[UInt8]], held: String) {
        let lines = CLIHarness.sampleLines(20)
        let dir = try ProofFixtures.ledger(log ?? lines, self)
        let held = dir + "/held.jsonl"
        try ProofFixtures.write([5, 12, 20].map { ProofFixtures.json(ProofFixtures.checkpoint(lines, size: $0)) + "\n" }.joined(), held)
        return (dir, lines, held)
    }

    private func bytes(_ lines: [[UInt8]]) -> Int { lines.reduce(0) { $0 + $1.count + 1 } }

    func testTheLogExtendsEveryCheckpoint() throws {
        let (dir, lines, held) = try setUp()
        let result = CLIHarness.run(["verify", "--ledger", dir, "--checkpoint", held])
        XCTAssertEqual(result.code, 0, result.err)
        let root = MerkleTree.root(ofLeaves: lines).hex
        XCTAssertEqual(result.out, "verified 20 events in 4 streams; head \(SHA256.hash(lines[19]).hex)\n"
                       + "extends all 3 checkpoints in \(held); Merkle root \(root)\n")
        let json = CLIHarness.run(["verify", "--ledger", dir, "--checkpoint", held, "--json"])
        XCTAssertEqual(json.out, "{\"bytes\":\(bytes(lines)),\"checkpoints\":3,\"events\":20,\"head\":\"\(SHA256.hash(lines[19]).hex)\","
                       + "\"ok\":true,\"root\":\"\(root)\",\"streams\":4}\n")
        // The empty log's checkpoint is extended by every log.
        try ProofFixtures.write(ProofFixtures.json(ProofFixtures.checkpoint(lines, size: 0)) + "\n", dir + "/zero.jsonl")
        XCTAssertEqual(CLIHarness.run(["verify", "--ledger", dir, "--checkpoint", dir + "/zero.jsonl"]).code, 0)
    }

    /// The last line has no successor whose `prev` would change: only a checkpoint catches it.
    func testAChangedLastLineIsCaughtByTheCheckpoint() throws {
        var log = CLIHarness.sampleLines(20)
        let text = String(decoding: log[19], as: UTF8.self).replacingOccurrences(of: "\"amountFen\":1900", with: "\"amountFen\":9100")
        log[19] = Array(text.utf8)
        let (dir, lines, held) = try setUp(log)
        XCTAssertEqual(CLIHarness.run(["verify", "--ledger", dir]).code, 0, "the chain alone cannot see it")
        let result = CLIHarness.run(["verify", "--ledger", dir, "--checkpoint", held])
        XCTAssertEqual(result.code, 3)
        XCTAssertEqual(result.err, "Error: the log does not extend the checkpoint on line 3 of \(held) (size 20): "
                       + "the root of the first 20 lines is \(MerkleTree.root(ofLeaves: log).hex), not \(MerkleTree.root(ofLeaves: lines).hex); "
                       + "the event hash of line 20 is \(SHA256.hash(log[19]).hex), not \(SHA256.hash(lines[19]).hex)\n")
    }

    func testARemovedLineIsCaughtByTheChainAndTheCheckpoints() throws {
        var log = CLIHarness.sampleLines(20)
        log.remove(at: 6)
        let (dir, _, held) = try setUp(log)
        let result = CLIHarness.run(["verify", "--ledger", dir, "--checkpoint", held])
        XCTAssertEqual(result.code, 3)
        XCTAssertTrue(result.err.hasPrefix("Error: \(dir)/events.jsonl line 7: seq is 8, expected 7; "
                                           + "and the log does not extend the checkpoint on line 2 of \(held) (size 12): the root of the first 12 lines is"),
                      result.err)
    }

    func testReorderedLinesAreCaught() throws {
        var log = CLIHarness.sampleLines(20)
        log.swapAt(14, 15)
        let (dir, _, held) = try setUp(log)
        let result = CLIHarness.run(["verify", "--ledger", dir, "--checkpoint", held])
        XCTAssertEqual(result.code, 3)
        XCTAssertTrue(result.err.hasPrefix("Error: \(dir)/events.jsonl line 15: seq is 16, expected 15; "
                                           + "and the log does not extend the checkpoint on line 3 of \(held) (size 20):"), result.err)
    }

    /// A log cut back before a checkpoint is a sound log: only the checkpoint shows events are gone.
    func testALogCutBackBeforeACheckpointIsCaught() throws {
        let (dir, _, held) = try setUp(Array(CLIHarness.sampleLines(20)[0..<10]))
        XCTAssertEqual(CLIHarness.run(["verify", "--ledger", dir]).code, 0)
        let result = CLIHarness.run(["verify", "--ledger", dir, "--checkpoint", held])
        XCTAssertEqual(result.code, 3)
        XCTAssertEqual(result.err, "Error: the log does not extend the checkpoint on line 2 of \(held) (size 12): "
                       + "the log holds 10 events, fewer than the checkpoint's 12: it was cut back\n")
    }

    /// The operator cuts the log back to 10 events and writes different history after them,
    /// with a sound chain: `verify` alone passes, the checkpoints agencies hold do not.
    func testHistoryRewrittenWithASoundChainIsCaught() throws {
        let rewritten = InMemoryLedger()
        for (i, line) in CLIHarness.sampleLines(10).enumerated() {
            let record = try LedgerRecord(json: JSONParser.parse(line))
            var draft = EventDraft(id: record.id, stream: record.stream, type: record.type, at: record.at, actor: record.actor, payload: record.payload)
            draft.id = record.id
            rewritten.append(draft, recorded: record.recorded)
            XCTAssertEqual(rewritten.lines[i], line)
        }
        for i in 10..<20 {
            rewritten.append(EventDraft(stream: "case/FLE-2024-\(i % 4)", type: "CaseNotified", at: "2024-04-26T09:59:00+08:00",
                                        actor: Actor(agency: "amr-fle", officer: "wang.li"), payload: ["note": "改写"]),
                             recorded: "2024-04-26T01:59:00Z")
        }
        let (dir, lines, held) = try setUp(rewritten.lines)
        XCTAssertEqual(CLIHarness.run(["verify", "--ledger", dir]).code, 0)
        let result = CLIHarness.run(["verify", "--ledger", dir, "--checkpoint", held])
        XCTAssertEqual(result.code, 3)
        XCTAssertEqual(result.err, "Error: the log does not extend the checkpoint on line 2 of \(held) (size 12): "
                       + "the root of the first 12 lines is \(MerkleTree.root(ofLeaves: rewritten.lines.prefix(12)).hex), "
                       + "not \(MerkleTree.root(ofLeaves: lines.prefix(12)).hex); "
                       + "the event hash of line 12 is \(SHA256.hash(rewritten.lines[11]).hex), not \(SHA256.hash(lines[11]).hex)\n")
    }

    /// One changed byte in any line but the last: the chain names the next line, and the
    /// first checkpoint at or after the changed line is named too.
    func testAChangedByteInAnyLineIsCaught() throws {
        let lines = CLIHarness.sampleLines(20)
        for changed in [0, 4, 5, 11, 18] {
            var log = lines
            let text = String(decoding: log[changed], as: UTF8.self)
            log[changed] = Array(text.replacingOccurrences(of: "\"ok\":", with: "\"ol\":").utf8)
            let (dir, _, held) = try setUp(log)
            let result = CLIHarness.run(["verify", "--ledger", dir, "--checkpoint", held])
            XCTAssertEqual(result.code, 3)
            let firstHeld = changed < 5 ? (1, 5) : changed < 12 ? (2, 12) : (3, 20)
            XCTAssertTrue(result.err.hasPrefix("Error: \(dir)/events.jsonl line \(changed + 2): prev is"), result.err)
            XCTAssertTrue(result.err.contains("; and the log does not extend the checkpoint on line \(firstHeld.0) of \(held) (size \(firstHeld.1)): "),
                          "line \(changed + 1): \(result.err)")
        }
    }

    func testMalformedCheckpointFilesAreRefusedNamingLineAndMember() throws {
        let (dir, lines, held) = try setUp()
        let good = ProofFixtures.json(ProofFixtures.checkpoint(lines, size: 5))
        let cases: [(String, String)] = [
            (good + "\n{\"head\":1}\n", "line 2: checkpoint: member \"recorded\" is missing"),
            (good + "\n" + good.replacingOccurrences(of: "\"size\":5", with: "\"size\":-5") + "\n",
             "line 2: checkpoint: \"size\" must be an integer from 0 to 2^53, found -5.0"),
            ("\n" + good.replacingOccurrences(of: "Z\"", with: "+08:00\""),
             "line 2: checkpoint: \"recorded\" must be an RFC 3339 UTC time like 2024-04-26T01:30:00Z, found \"2026-05-28T20:26:40+08:00\""),
            ("{\"size\":", "line 1: not JSON: "),
            ("", "holds no checkpoint"),
        ]
        for (text, message) in cases {
            try ProofFixtures.write(text, held)
            let result = CLIHarness.run(["verify", "--ledger", dir, "--checkpoint", held])
            XCTAssertEqual(result.code, 1, text)
            XCTAssertTrue(result.err.hasPrefix("Error: \(held) \(message)"), "\(text): \(result.err)")
        }
        XCTAssertEqual(CLIHarness.run(["verify", "--ledger", dir, "--checkpoint", dir + "/nowhere"]).code, 4)
    }
}
