import Foundation
import LedgerCore
import XCTest

/// `export-case` and `check-bundle`: a case's file for a court, checked offline.
final class CaseBundleCommandTests: XCTestCase {
    private func export(_ dir: String, _ arguments: [String] = []) throws -> (bundle: [UInt8], value: JSONValue) {
        let result = CLIHarness.run(["export-case", "--ledger", dir] + arguments)
        XCTAssertEqual(result.code, 0, result.err)
        return (Array(result.out.utf8), try JSONParser.parse(Array(result.out.utf8)))
    }

    /// The case's stream, the supervision that refers to it by "case", the mediation that
    /// refers to it among "cases" (with its earlier event that does not), and nothing else.
    func testExportHoldsTheCaseAndTheStreamsThatReferToIt() throws {
        let lines = ProofFixtures.caseLines()
        let dir = try ProofFixtures.ledger(lines, self)
        let (bytes, value) = try export(dir, ["case/FLE-1"])
        let tree = InMemoryMerkleHashSource(leaves: lines)
        let checkpoint = ProofFixtures.checkpoint(lines, size: 12)
        let expected = CaseBundle(caseStream: "case/FLE-1", checkpoint: checkpoint, events: try [2, 4, 5, 6, 7, 8, 10].map {
            try InclusionProof(leaf: String(decoding: lines[$0 - 1], as: UTF8.self), index: $0 - 1, size: 12, source: tree)
        })
        XCTAssertEqual(bytes, CanonicalJSON.encode(expected.json) + [0x0a])
        XCTAssertEqual(value["format"], "ipledger-case-bundle/1")
        // A bare id names the case too; the other case has a publication and its own supervision.
        XCTAssertEqual(try export(dir, ["FLE-1"]).bundle, bytes)
        let other = try CaseBundle(json: export(dir, ["FLE-2"]).value)
        XCTAssertEqual(other.events.map { $0.index + 1 }, [3, 7, 8, 9, 11, 12])

        let out = CLIHarness.run(["export-case", "FLE-1", "--ledger", dir, "--out", dir + "/b.json"])
        XCTAssertEqual(out.out, "wrote \(dir)/b.json: 7 events in 3 streams (case/FLE-1 and 2 that refer to it), proven against the checkpoint of 12 events\n")
        XCTAssertEqual(try ProofFixtures.bytesOf(dir + "/b.json"), bytes)
    }

    func testCheckBundlePrintsTheTrail() throws {
        let lines = ProofFixtures.caseLines()
        let dir = try ProofFixtures.ledger(lines, self)
        let (bytes, _) = try export(dir, ["case/FLE-1"])
        let hash = { (seq: Int) in SHA256.hash(lines[seq - 1]).hex }
        let result = CLIHarness.run(["check-bundle", "--lang", "en"], stdin: bytes)
        XCTAssertEqual(result.code, 0, result.err)
        XCTAssertEqual(result.out, """
        bundle of case/FLE-1 holds: 7 events in 3 streams, each proven in the log of 12 events with root \(MerkleTree.root(ofLeaves: lines).hex)
        checkpoint: head \(hash(12)), recorded 2026-05-28T20:26:40Z; not compared with a checkpoint you hold (--checkpoint FILE)

        seq  at                         stream           version  type                  agency/officer      event hash
        ---  -------------------------  ---------------  -------  --------------------  ------------------  ----------------------------------------------------------------
          2  2024-05-11T10:00:00+08:00  case/FLE-1             1  CaseOpened            amr-fle/wang.li     \(hash(2))
          4  2024-05-13T10:00:00+08:00  supervision/S-1        1  SupervisionOpened     proc-fle/zhao.min   \(hash(4))
          5  2024-05-14T10:00:00+08:00  case/FLE-1             2  EvidenceRecorded      amr-fle/wang.li     \(hash(5))
          6  2024-05-15T10:00:00+08:00  supervision/S-1        2  ExplanationRequested  proc-fle/zhao.min   \(hash(6))
          7  2024-05-16T10:00:00+08:00  mediation/M-1          1  MediationApplied      ipcenter/chen.jing  \(hash(7))
          8  2024-05-17T10:00:00+08:00  mediation/M-1          2  MediationSettled      ipcenter/chen.jing  \(hash(8))
         10  2024-05-19T10:00:00+08:00  case/FLE-1             3  CaseClosed            amr-fle/wang.li     \(hash(10))

        """)
        let chinese = CLIHarness.run(["check-bundle"], stdin: bytes)
        XCTAssertTrue(chinese.out.contains("\n序号 seq  时间 at                    流 stream        版本 version  类型 type "), chinese.out)
        let json = CLIHarness.run(["check-bundle", "--json"], stdin: bytes)
        let value = try JSONParser.parse(json.out)
        XCTAssertEqual(value["ok"], true)
        XCTAssertEqual(value["events"]?.arrayValue?.count, 7)
        XCTAssertEqual(value["events"]?.arrayValue?.first, ["seq": 2, "at": "2024-05-11T10:00:00+08:00", "stream": "case/FLE-1",
                                                            "version": 1, "type": "CaseOpened", "agency": "amr-fle",
                                                            "officer": "wang.li", "hash": .string(hash(2))])
    }

    func testExportRefusesAnUnknownCase() throws {
        let dir = try ProofFixtures.ledger(ProofFixtures.caseLines(), self)
        let result = CLIHarness.run(["export-case", "FLE-9", "--ledger", dir])
        XCTAssertEqual(result.code, 1)
        XCTAssertEqual(result.err, "Error: the log has no event of case/FLE-9\n")
        XCTAssertEqual(CLIHarness.run(["export-case", "--ledger", dir]).code, 2)
    }

    /// Proving against a stored checkpoint: the bundle is that checkpoint's, the events after
    /// it are left out (with a warning), and a court holding the checkpoint can insist on it.
    func testExportAgainstAStoredCheckpoint() throws {
        let lines = ProofFixtures.caseLines()
        let dir = try ProofFixtures.ledger(Array(lines[0..<10]), self)
        XCTAssertEqual(CLIHarness.run(["checkpoint", "--ledger", dir, "--append"]).code, 0)
        try ProofFixtures.append(lines[10...], to: dir)
        let held = dir + "/checkpoints.jsonl"
        let result = CLIHarness.run(["export-case", "FLE-2", "--ledger", dir, "--checkpoint", held])
        XCTAssertEqual(result.code, 0, result.err)
        XCTAssertEqual(result.err, "warning: 2 events of the case came after the checkpoint and are not in the bundle\n")
        let bundle = try CaseBundle(json: JSONParser.parse(result.out))
        XCTAssertEqual(bundle.checkpoint, ProofFixtures.checkpoint(lines, size: 10))
        XCTAssertEqual(bundle.events.map { $0.index + 1 }, [3, 7, 8, 9])
        let checked = CLIHarness.run(["check-bundle", "--checkpoint", held], stdin: Array(result.out.utf8))
        XCTAssertEqual(checked.code, 0, checked.err)
        XCTAssertTrue(checked.out.contains("; it is the checkpoint on line 1 of \(held)\n"), checked.out)
        // A fresh bundle is not one the court holds.
        let fresh = try export(dir, ["FLE-2"]).bundle
        let refused = CLIHarness.run(["check-bundle", "--checkpoint", held], stdin: fresh)
        XCTAssertEqual(refused.code, 3)
        XCTAssertEqual(refused.err, "Error: standard input: the bundle's checkpoint is not one of the trusted checkpoints given\n")
        // A log that no longer extends the checkpoint gives no bundle.
        try CLIHarness.writeLedger(Array(lines[0..<9]), in: dir)
        let cut = CLIHarness.run(["export-case", "FLE-2", "--ledger", dir, "--checkpoint", held])
        XCTAssertEqual(cut.code, 3)
        XCTAssertEqual(cut.err, "Error: the log holds 9 events, fewer than the 10 of the checkpoint on line 1 of \(held): it was cut back\n")
    }

    /// Changes a court would care about, each refused with what is wrong, by both checkers.
    func testTamperedBundlesAreRefusedByBothCheckers() throws {
        let lines = ProofFixtures.caseLines()
        let dir = try ProofFixtures.ledger(lines, self)
        let good = try CaseBundle(json: export(dir, ["FLE-1"]).value)
        let tree = InMemoryMerkleHashSource(leaves: lines)
        func proof(_ seq: Int, size: Int = 12) throws -> InclusionProof {
            try InclusionProof(leaf: String(decoding: lines[seq - 1], as: UTF8.self), index: seq - 1, size: size, source: tree)
        }
        var cases: [(String, CaseBundle, String)] = []
        var b = good
        b.events.remove(at: 2)
        cases.append(("an event of the case left out", b, "event 10 is version 3 of case/FLE-1, but version 2 is not in the bundle"))
        b = good
        b.events.remove(at: 4)
        cases.append(("the mediation's first event left out", b, "event 8 is version 2 of mediation/M-1, but version 1 is not in the bundle"))
        b = good
        b.events.insert(try proof(9), at: 6)
        cases.append(("another case's supervision added", b, "stream supervision/S-2 is in the bundle, but none of its events refers to the case"))
        b = good
        b.events.swapAt(0, 1)
        cases.append(("two events swapped", b, "events[1]: seq 2 does not follow seq 4"))
        b = good
        b.events[3] = try proof(6, size: 11)
        cases.append(("a proof against another tree", b, "events[3]: the proof's \"size\" is not the checkpoint's"))
        b = good
        b.events[3].leaf = String(decoding: lines[5], as: UTF8.self).replacingOccurrences(of: "psb-fle", with: "psb-xxx")
        cases.append(("a changed event", b, "events[3]: the inclusion proof does not hold: the path leads to root"))
        b = good
        b.events[3].path[1] = b.events[0].path[1]
        cases.append(("a changed path", b, "events[3]: the inclusion proof does not hold"))
        b = good
        b.caseStream = "case/FLE-2"
        cases.append(("another case named", b, "the bundle has no event of case/FLE-2"))
        b = good
        b.events = []
        cases.append(("no events", b, "the bundle has no event of case/FLE-1"))

        for (name, bundle, message) in cases {
            try ProofFixtures.write(CanonicalJSON.encode(bundle.json), dir + "/t.json")
            let ours = CLIHarness.run(["check-bundle", dir + "/t.json"])
            XCTAssertEqual(ours.code, 3, name)
            XCTAssertTrue(ours.err.hasPrefix("Error: \(dir)/t.json: \(message)"), "\(name): \(ours.err)")
            let python = try ProofFixtures.python("check_bundle.py", [dir + "/t.json"])
            XCTAssertEqual(python.code, 3, "\(name): python said \(python.out)")
        }
        // And both accept the good one, saying the same.
        try ProofFixtures.write(CanonicalJSON.encode(good.json), dir + "/good.json")
        let ours = CLIHarness.run(["check-bundle", dir + "/good.json"])
        let python = try ProofFixtures.python("check_bundle.py", [dir + "/good.json"])
        XCTAssertEqual(python.code, 0, python.err)
        XCTAssertEqual(python.out.split(separator: "\n").prefix(2), ours.out.split(separator: "\n").prefix(2))
        XCTAssertEqual(python.out.split(separator: "\n").dropFirst(2).map { $0.split(separator: " ").last! },
                       good.events.map { Substring(SHA256.hash($0.leaf.utf8).hex) })
    }

    /// Every single-bit change to a hex digit or decimal digit of a bundle is refused with
    /// exit 3 by a court that holds the checkpoint. Without one, only the checkpoint's head
    /// and time can change unseen: nothing in a bundle proves them.
    func testEveryBitFlipIsRefused() throws {
        // Seven events, so the bundle of FLE-1 has four (2, 4, 5, 6) and the last line is not one of them.
        let lines = Array(ProofFixtures.caseLines()[0..<7])
        let dir = try ProofFixtures.ledger(lines, self)
        XCTAssertEqual(CLIHarness.run(["checkpoint", "--ledger", dir, "--append"]).code, 0)
        let held = dir + "/checkpoints.jsonl"
        let bundle = Array(CLIHarness.run(["export-case", "FLE-1", "--ledger", dir, "--checkpoint", held]).out.utf8)
        XCTAssertEqual(try CaseBundle(json: JSONParser.parse(bundle)).events.map { $0.index + 1 }, [2, 4, 5, 6])
        XCTAssertEqual(CLIHarness.run(["check-bundle", "--checkpoint", held], stdin: bundle).code, 0)
        let checkpoint = try JSONParser.parse(bundle)["checkpoint"]!
        // Outside the checkpoint's bytes the checkpoint is unchanged, so a court holding it and
        // one holding none see the same; inside, ask both.
        let text = String(decoding: bundle, as: UTF8.self)
        let start = text.utf8.distance(from: text.startIndex, to: text.range(of: "\"checkpoint\":{")!.lowerBound)
        let end = Array(text.utf8)[start...].firstIndex(of: UInt8(ascii: "}"))!
        var unseen: Set<String> = []
        var flips = 0
        for position in ProofFixtures.hexOrDigitPositions(bundle) {
            for bit in 0..<8 {
                var flipped = bundle
                flipped[position] ^= 1 << bit
                let trusting = CLIHarness.run(["check-bundle", "--checkpoint", held], stdin: flipped)
                XCTAssertEqual(trusting.code, 3, "bit \(bit) of byte \(position) accepted")
                flips += 1
                if (start...end).contains(position), CLIHarness.run(["check-bundle"], stdin: flipped).code == 0 {
                    let changed = try JSONParser.parse(flipped)["checkpoint"]!.objectValue!.filter { checkpoint[$0.key] != $0.value }
                    XCTAssertEqual(changed.count, 1)
                    unseen.formUnion(changed.keys)
                }
            }
        }
        XCTAssertGreaterThan(flips, 8 * 1500)
        XCTAssertEqual(unseen, ["head", "recorded"])
        // The Python checker agrees on a sample.
        let positions = ProofFixtures.hexOrDigitPositions(bundle)
        for k in stride(from: 0, to: positions.count, by: positions.count / 10) {
            var flipped = bundle
            flipped[positions[k]] ^= 1 << (k % 8)
            try ProofFixtures.write(flipped, dir + "/t.json")
            let python = try ProofFixtures.python("check_bundle.py", [dir + "/t.json", "--checkpoint", held])
            XCTAssertEqual(python.code, 3, "byte \(positions[k]): python said \(python.out)")
        }
    }
}
