import Foundation
import LedgerCore
import XCTest

/// `checkpoint`, `prove` and `check-proof`, run in-process.
final class ProofCommandTests: XCTestCase {
    // MARK: checkpoint

    func testCheckpointPrintsSizeHeadRootAndTime() throws {
        let lines = CLIHarness.sampleLines(12)
        let dir = try ProofFixtures.ledger(lines, self)
        let result = CLIHarness.run(["checkpoint", "--ledger", dir])
        XCTAssertEqual(result.code, 0, result.err)
        XCTAssertEqual(result.err, "")
        XCTAssertEqual(result.out, ProofFixtures.json(ProofFixtures.checkpoint(lines, size: 12)) + "\n")
        XCTAssertEqual(result.out, "{\"head\":\"\(SHA256.hash(lines[11]).hex)\",\"recorded\":\"2026-05-28T20:26:40Z\","
                       + "\"root\":\"\(MerkleTree.root(ofLeaves: lines).hex)\",\"size\":12}\n")
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/merkle/tree.head"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/checkpoints.jsonl"))
    }

    func testCheckpointOfTheEmptyLog() throws {
        let dir = try ProofFixtures.ledger([], self)
        let result = CLIHarness.run(["checkpoint", "--ledger", dir])
        XCTAssertEqual(result.code, 0, result.err)
        XCTAssertEqual(result.out, "{\"head\":\"\(String(repeating: "0", count: 64))\",\"recorded\":\"2026-05-28T20:26:40Z\","
                       + "\"root\":\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\",\"size\":0}\n")
    }

    /// `--append` stores each checkpoint as one line, in order, and prints it too.
    func testAppendStoresEachCheckpoint() throws {
        let lines = CLIHarness.sampleLines(12)
        let dir = try ProofFixtures.ledger(Array(lines[0..<5]), self)
        let first = CLIHarness.run(["checkpoint", "--ledger", dir, "--append"])
        XCTAssertEqual(first.code, 0, first.err)
        try ProofFixtures.append(lines[5...], to: dir)
        let second = CLIHarness.run(["checkpoint", "--ledger", dir, "--append"])
        XCTAssertEqual(second.code, 0, second.err)
        let stored = try String(contentsOfFile: dir + "/checkpoints.jsonl", encoding: .utf8)
        XCTAssertEqual(stored, first.out + second.out)
        XCTAssertEqual(stored, ProofFixtures.json(ProofFixtures.checkpoint(lines, size: 5)) + "\n"
                       + ProofFixtures.json(ProofFixtures.checkpoint(lines, size: 12)) + "\n")
    }

    /// The ledger never stores a checkpoint that contradicts the last one it stored.
    func testAppendRefusesALogThatDoesNotExtendTheLastStoredCheckpoint() throws {
        let lines = CLIHarness.sampleLines(12)
        let dir = try ProofFixtures.ledger(lines, self)
        XCTAssertEqual(CLIHarness.run(["checkpoint", "--ledger", dir, "--append"]).code, 0)
        let stored = try String(contentsOfFile: dir + "/checkpoints.jsonl", encoding: .utf8)
        try CLIHarness.writeLedger(Array(lines[0..<10]), in: dir)
        let result = CLIHarness.run(["checkpoint", "--ledger", dir, "--append"])
        XCTAssertEqual(result.code, 3)
        XCTAssertEqual(result.out, "")
        // merkle/ no longer matches the log either: it says so, and is rebuilt before the refusal.
        XCTAssertEqual(result.err.split(separator: "\n").map(String.init), [
            "warning: \(dir)/merkle did not match the log (the log has \(lines[0..<10].reduce(0) { $0 + $1.count + 1 }) bytes, "
                + "fewer than the \(lines.reduce(0) { $0 + $1.count + 1 }) it was built from); rebuilding it from the log",
            "Error: the log does not extend the checkpoint on line 1 of checkpoints.jsonl (size 12): "
                + "the log holds 10 events, fewer than the checkpoint's 12: it was cut back; nothing was stored",
        ])
        XCTAssertEqual(try String(contentsOfFile: dir + "/checkpoints.jsonl", encoding: .utf8), stored)
    }

    /// A stored checkpoints file whose last line was torn, or is not a checkpoint, stops
    /// `--append` before anything is written: a person must look at it.
    func testAppendRefusesADamagedCheckpointsFile() throws {
        let lines = CLIHarness.sampleLines(4)
        let dir = try ProofFixtures.ledger(lines, self)
        let good = ProofFixtures.json(ProofFixtures.checkpoint(lines, size: 4))
        for (stored, message) in [(good, "line 1: the line does not end in a newline (a torn write?); look at the file before storing more"),
                                  (good + "\n{\"size\":1}\n", "line 2: checkpoint: member \"head\" is missing")] {
            try ProofFixtures.write(stored, dir + "/checkpoints.jsonl")
            let result = CLIHarness.run(["checkpoint", "--ledger", dir, "--append"])
            XCTAssertEqual(result.code, 3)
            XCTAssertEqual(result.err, "Error: \(dir)/checkpoints.jsonl \(message)\n")
            XCTAssertEqual(try String(contentsOfFile: dir + "/checkpoints.jsonl", encoding: .utf8), stored)
        }
    }

    // MARK: prove

    func testProveInclusionIsTheTreesProof() throws {
        let lines = CLIHarness.sampleLines(40)
        let dir = try ProofFixtures.ledger(lines, self)
        let tree = InMemoryMerkleHashSource(leaves: lines)
        for (seq, size) in [(1, 40), (17, 40), (40, 40), (5, 5), (5, 33), (1, 1)] {
            let args = ["prove", "--seq", "\(seq)", "--ledger", dir] + (size == 40 ? [] : ["--size", "\(size)"])
            let result = CLIHarness.run(args)
            XCTAssertEqual(result.code, 0, result.err)
            let expected = try InclusionProof(leaf: String(decoding: lines[seq - 1], as: UTF8.self), index: seq - 1, size: size, source: tree)
            XCTAssertEqual(result.out, CanonicalJSON.string(expected.json) + "\n", "seq \(seq) size \(size)")
        }
    }

    func testProveConsistencyIsTheTreesProof() throws {
        let lines = CLIHarness.sampleLines(40)
        let dir = try ProofFixtures.ledger(lines, self)
        let tree = InMemoryMerkleHashSource(leaves: lines)
        for (from, to) in [(1, 40), (17, 40), (40, 40), (5, 8), (7, 33), (32, 33)] {
            let args = ["prove", "--from", "\(from)", "--ledger", dir] + (to == 40 ? [] : ["--to", "\(to)"])
            let result = CLIHarness.run(args)
            XCTAssertEqual(result.code, 0, result.err)
            XCTAssertEqual(result.out, CanonicalJSON.string(try ConsistencyProof(from: from, to: to, source: tree).json) + "\n")
        }
    }

    func testProveWritesToAFile() throws {
        let lines = CLIHarness.sampleLines(9)
        let dir = try ProofFixtures.ledger(lines, self)
        let result = CLIHarness.run(["prove", "--seq", "3", "--ledger", dir, "--out", dir + "/p.json"])
        XCTAssertEqual(result.code, 0, result.err)
        XCTAssertEqual(result.out, "wrote the inclusion proof of event 3 in the log of 9 events to \(dir)/p.json\n")
        XCTAssertEqual(try String(contentsOfFile: dir + "/p.json", encoding: .utf8),
                       CLIHarness.run(["prove", "--seq", "3", "--ledger", dir]).out)
    }

    func testProveRefusesWhatCannotBeProven() throws {
        let dir = try ProofFixtures.ledger(CLIHarness.sampleLines(12), self)
        let cases: [([String], String)] = [
            ([], "Error: give either --seq N (inclusion) or --from M (consistency)"),
            (["--seq", "1", "--from", "1"], "Error: give either --seq N (inclusion) or --from M (consistency)"),
            (["--seq", "13"], "Error: event 13 is not in the log of 12 events"),
            (["--seq", "5", "--size", "4"], "Error: event 5 is not in the log of 4 events"),
            (["--seq", "5", "--size", "13"], "Error: the log holds 12 events; --size 13 is beyond it"),
            (["--seq", "0"], "Error: --seq takes a whole number of at least 1, not \"0\""),
            (["--from", "0"], "Error: --from takes a whole number of at least 1, not \"0\""),
            (["--from", "6", "--to", "5"], "Error: --from 6 is larger than --to 5"),
            (["--from", "2", "--to", "13"], "Error: the log holds 12 events; --to 13 is beyond it"),
            (["--seq", "2", "--to", "5"], "Error: --to goes with --from; an inclusion proof takes --size"),
        ]
        for (args, message) in cases {
            let result = CLIHarness.run(["prove", "--ledger", dir] + args)
            XCTAssertEqual(result.code, 2, "\(args): \(result.err)")
            XCTAssertTrue(result.err.hasPrefix(message), "\(args): \(result.err)")
            XCTAssertEqual(result.out, "")
        }
    }

    // MARK: check-proof

    func testCheckProofSaysWhatHolds() throws {
        let lines = CLIHarness.sampleLines(12)
        let dir = try ProofFixtures.ledger(lines, self)
        let root12 = MerkleTree.root(ofLeaves: lines).hex
        let root5 = MerkleTree.root(ofLeaves: lines.prefix(5)).hex
        let inclusion = CLIHarness.run(["prove", "--seq", "6", "--ledger", dir]).out
        var result = CLIHarness.run(["check-proof"], stdin: Array(inclusion.utf8))
        XCTAssertEqual(result.code, 0, result.err)
        XCTAssertEqual(result.out, "inclusion proof holds: event 6 (case/FLE-2024-1 v2, CaseNotified) is in the log of 12 events with root \(root12)\n")
        let consistency = CLIHarness.run(["prove", "--from", "5", "--ledger", dir]).out
        try ProofFixtures.write(consistency, dir + "/c.json")
        result = CLIHarness.run(["check-proof", dir + "/c.json"])
        XCTAssertEqual(result.code, 0, result.err)
        XCTAssertEqual(result.out, "consistency proof holds: the log of 12 events with root \(root12) extends the log of 5 events with root \(root5)\n")
        // Against checkpoints held.
        try ProofFixtures.write(ProofFixtures.json(ProofFixtures.checkpoint(lines, size: 5)) + "\n"
                                + ProofFixtures.json(ProofFixtures.checkpoint(lines, size: 12)) + "\n", dir + "/held.jsonl")
        result = CLIHarness.run(["check-proof", dir + "/c.json", "--checkpoint", dir + "/held.jsonl"])
        XCTAssertEqual(result.out, "consistency proof holds: the log of 12 events with root \(root12) extends the log of 5 events "
                       + "with root \(root5), the checkpoints on line 1 of \(dir)/held.jsonl and line 2 of \(dir)/held.jsonl\n")
        result = CLIHarness.run(["check-proof", "--json", "--checkpoint", dir + "/held.jsonl"], stdin: Array(inclusion.utf8))
        XCTAssertEqual(result.out, "{\"kind\":\"inclusion\",\"ok\":true,\"root\":\"\(root12)\",\"seq\":6,\"size\":12,"
                       + "\"stream\":\"case/FLE-2024-1\",\"trusted\":true,\"type\":\"CaseNotified\"}\n")
        // A tree that is not among those held.
        let other = CLIHarness.run(["prove", "--seq", "2", "--size", "7", "--ledger", dir]).out
        result = CLIHarness.run(["check-proof", "-", "--checkpoint", dir + "/held.jsonl"], stdin: Array(other.utf8))
        XCTAssertEqual(result.code, 3)
        XCTAssertEqual(result.err, "Error: standard input: the proof's tree of 7 events with root "
                       + "\(MerkleTree.root(ofLeaves: lines.prefix(7)).hex) is not a checkpoint in \(dir)/held.jsonl\n")
    }

    func testCheckProofRefusesWhatIsNotAProof() throws {
        let cases: [(String, String)] = [
            ("{\"a\":1}", "neither an inclusion proof (index, leaf, path, root, size) nor a consistency proof"),
            ("[1]", "not a proof: expected a JSON object, found array"),
            ("{\"index\":1", "not a proof: not JSON (line 1, column 11:"),
            ("{\"index\":0,\"leaf\":\"x\",\"path\":[],\"root\":\"\(MerkleTree.leafHash("x".utf8).hex)\",\"size\":1}",
             "the leaf is not a record: not JSON"),
            ("{\"from\":1,\"fromRoot\":\"00\",\"path\":[],\"to\":1,\"toRoot\":\"00\"}",
             "consistency proof: \"fromRoot\" must be 64 lowercase hex digits, found \"00\""),
        ]
        for (text, message) in cases {
            let result = CLIHarness.run(["check-proof"], stdin: Array(text.utf8))
            XCTAssertEqual(result.code, 3, text)
            XCTAssertTrue(result.err.hasPrefix("Error: standard input: \(message)"), "\(text): \(result.err)")
        }
    }

    func testMalformedCheckpointFileIsRefusedNamingLineAndMember() throws {
        let lines = CLIHarness.sampleLines(3)
        let dir = try ProofFixtures.ledger(lines, self)
        let good = ProofFixtures.json(ProofFixtures.checkpoint(lines, size: 3))
        try ProofFixtures.write(good + "\n\n" + good.replacingOccurrences(of: "\"root\":\"", with: "\"root\":\"X") + "\n", dir + "/held.jsonl")
        let proof = CLIHarness.run(["prove", "--seq", "1", "--ledger", dir]).out
        let result = CLIHarness.run(["check-proof", "--checkpoint", dir + "/held.jsonl"], stdin: Array(proof.utf8))
        XCTAssertEqual(result.code, 1)
        XCTAssertTrue(result.err.hasPrefix("Error: \(dir)/held.jsonl line 3: checkpoint: \"root\" must be 64 lowercase hex digits"), result.err)
        try ProofFixtures.write("\n", dir + "/empty.jsonl")
        XCTAssertEqual(CLIHarness.run(["check-proof", "--checkpoint", dir + "/empty.jsonl"], stdin: Array(proof.utf8)).code, 1)
    }

    /// Every single-bit change to a hex digit or a decimal digit of a proof (path, roots, sizes,
    /// index, the leaf's text, member names) is refused with exit 3, given the checkpoints held.
    func testEveryBitFlipIsRefusedAgainstHeldCheckpoints() throws {
        let lines = CLIHarness.sampleLines(21)
        let dir = try ProofFixtures.ledger(lines, self)
        try ProofFixtures.write(ProofFixtures.json(ProofFixtures.checkpoint(lines, size: 6)) + "\n"
                                + ProofFixtures.json(ProofFixtures.checkpoint(lines, size: 21)) + "\n", dir + "/held.jsonl")
        for args in [["--seq", "13"], ["--seq", "21"], ["--from", "6"]] {
            let proof = Array(CLIHarness.run(["prove", "--ledger", dir] + args).out.utf8)
            XCTAssertEqual(CLIHarness.run(["check-proof", "--checkpoint", dir + "/held.jsonl"], stdin: proof).code, 0)
            var flips = 0
            for position in ProofFixtures.hexOrDigitPositions(proof) {
                for bit in 0..<8 {
                    var flipped = proof
                    flipped[position] ^= 1 << bit
                    let result = CLIHarness.run(["check-proof", "--checkpoint", dir + "/held.jsonl"], stdin: flipped)
                    XCTAssertEqual(result.code, 3, "\(args): bit \(bit) of byte \(position) accepted: \(result.out)")
                    flips += 1
                }
            }
            XCTAssertGreaterThan(flips, 8 * 300)
        }
    }

    /// Without a checkpoint held, a flip is accepted only where RFC 9162 itself cannot see it:
    /// a tree size changed to another with the same shape of path (roots do not commit to
    /// their size). Everything else is refused, and those are refused given the checkpoints.
    func testWithoutHeldCheckpointsOnlyASizeOfTheSameShapeCanChange() throws {
        let lines = CLIHarness.sampleLines(21)
        let dir = try ProofFixtures.ledger(lines, self)
        var accepted: [String] = []
        for args in [["--seq", "1"], ["--seq", "13"], ["--from", "4"], ["--from", "6"]] {
            let proof = Array(CLIHarness.run(["prove", "--ledger", dir] + args).out.utf8)
            let original = try JSONParser.parse(proof).objectValue!
            for position in ProofFixtures.hexOrDigitPositions(proof) {
                for bit in 0..<8 {
                    var flipped = proof
                    flipped[position] ^= 1 << bit
                    guard CLIHarness.run(["check-proof"], stdin: flipped).code == 0 else { continue }
                    let changed = try JSONParser.parse(flipped).objectValue!.filter { original[$0.key] != $0.value }.map(\.key)
                    XCTAssertTrue(changed == ["size"] || changed == ["to"] || changed == ["from"], "\(args): \(changed)")
                    accepted.append("\(args) \(changed)")
                }
            }
        }
        // Leaf 0 of 21 walks the same path as leaf 0 of 17 to 32; so does 4 to 21 as 4 to 17 to 32.
        XCTAssertFalse(accepted.isEmpty)
    }

    func testPythonCheckerAgrees() throws {
        let lines = CLIHarness.sampleLines(21)
        let dir = try ProofFixtures.ledger(lines, self)
        try ProofFixtures.write(ProofFixtures.json(ProofFixtures.checkpoint(lines, size: 6)) + "\n"
                                + ProofFixtures.json(ProofFixtures.checkpoint(lines, size: 21)) + "\n", dir + "/held.jsonl")
        for args in [["--seq", "13"], ["--seq", "21", "--size", "21"], ["--from", "6"], ["--from", "21"]] {
            let proof = Array(CLIHarness.run(["prove", "--ledger", dir] + args).out.utf8)
            try ProofFixtures.write(proof, dir + "/p.json")
            for held in [[], ["--checkpoint", dir + "/held.jsonl"]] {
                let ours = CLIHarness.run(["check-proof", dir + "/p.json"] + held)
                let python = try ProofFixtures.python("check_proof.py", [dir + "/p.json"] + held)
                XCTAssertEqual(python.code, ours.code, "\(args) \(held): \(python.err)")
                XCTAssertEqual(python.out, ours.out, "\(args) \(held)")
            }
            // A sample of bit flips: the same verdict.
            let positions = ProofFixtures.hexOrDigitPositions(proof)
            for k in stride(from: 0, to: positions.count, by: max(1, positions.count / 6)) {
                var flipped = proof
                flipped[positions[k]] ^= 1 << (k % 8)
                try ProofFixtures.write(flipped, dir + "/p.json")
                let ours = CLIHarness.run(["check-proof", dir + "/p.json", "--checkpoint", dir + "/held.jsonl"])
                let python = try ProofFixtures.python("check_proof.py", [dir + "/p.json", "--checkpoint", dir + "/held.jsonl"])
                XCTAssertEqual(ours.code, 3)
                XCTAssertEqual(python.code, 3, "\(args), byte \(positions[k]): python said \(python.out)")
            }
        }
    }

    func testHelpOfEveryProofCommandHasAnExample() {
        for name in ["checkpoint", "prove", "check-proof", "export-case", "check-bundle", "verify"] {
            let result = CLIHarness.run(["help", name])
            XCTAssertEqual(result.code, 0)
            XCTAssertTrue(result.out.hasPrefix("OVERVIEW: "), name)
            XCTAssertTrue(result.out.contains("EXAMPLE:\n  ipledger \(name) "), "\(name): \(result.out)")
        }
    }
}
