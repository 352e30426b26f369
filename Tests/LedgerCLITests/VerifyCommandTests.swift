import Foundation
import LedgerCore
import XCTest

final class VerifyCommandTests: XCTestCase {
    func testGoodLogVerifiesWithSummary() throws {
        let dir = try CLIHarness.temporaryDirectory(self)
        let lines = CLIHarness.sampleLines(12)
        try CLIHarness.writeLedger(lines, in: dir)
        let result = CLIHarness.run(["verify", "--ledger", dir])
        XCTAssertEqual(result.code, 0, result.err)
        XCTAssertEqual(result.out, "verified 12 events in 4 streams; head \(SHA256.hash(lines[11]).hex)\n")
        let json = CLIHarness.run(["verify", "--ledger", dir, "--json"])
        XCTAssertEqual(json.out, "{\"bytes\":\(lines.reduce(0) { $0 + $1.count + 1 }),\"events\":12,\"head\":\"\(SHA256.hash(lines[11]).hex)\",\"ok\":true,\"streams\":4}\n")
    }

    func testMissingLedgerIsAnEnvironmentError() throws {
        let dir = try CLIHarness.temporaryDirectory(self)
        let result = CLIHarness.run(["verify", "--ledger", dir + "/nowhere"])
        XCTAssertEqual(result.code, 4)
        XCTAssertTrue(result.err.hasPrefix("Error: \(dir)/nowhere is not a ledger directory"), result.err)
    }

    func testAMistypedOptionIsAUsageErrorEvenWithoutALedger() throws {
        for command in ["verify", "log", "record", "checkpoint", "prove", "rebuild", "export-case"] {
            let result = CLIHarness.run([command, "--ledger", "/nonexistent-ledger", "--bogus"])
            XCTAssertEqual(result.code, 2, "\(command): \(result.err)")
            XCTAssertTrue(result.err.hasPrefix("Error: unknown option --bogus\nUsage: ipledger \(command)"), "\(command): \(result.err)")
        }
    }

    func testIPLEDGER_DIRIsUsedWithoutLedgerOption() throws {
        let dir = try CLIHarness.temporaryDirectory(self)
        try CLIHarness.writeLedger(CLIHarness.sampleLines(2), in: dir)
        XCTAssertEqual(CLIHarness.run(["verify"], environment: ["IPLEDGER_DIR": dir]).code, 0)
    }

    /// One tampered log per kind of damage; `ipledger verify` and the independent Python
    /// verifier must both refuse it, naming the same line.
    func testTamperingIsReportedOnTheRightLineByBothVerifiers() throws {
        let lines = CLIHarness.sampleLines(10)
        let good: [UInt8] = lines.flatMap { $0 + [0x0a] }
        var cases: [(String, [UInt8], Int)] = []
        // One changed byte in each line's payload breaks the chain on the next line. The last
        // line has no next line: only a checkpoint catches a change there (CheckpointTests).
        var offset = 0
        for (i, line) in lines.enumerated().dropLast() {
            let text = String(decoding: line, as: UTF8.self)
            let at = text.range(of: "\"amountFen\":")!.upperBound
            let position = offset + text.utf8.distance(from: text.startIndex, to: at)
            var bytes = good
            bytes[position] = bytes[position] == 0x39 ? 0x38 : 0x39
            cases.append(("digit in line \(i + 1)", bytes, i + 2))
            offset += line.count + 1
        }
        var deleted = lines; deleted.remove(at: 4)
        cases.append(("deleted line 5", Array(deleted.joined(separator: [0x0a])) + [0x0a], 5))
        var duplicated = lines; duplicated.insert(lines[6], at: 7)
        cases.append(("duplicated line 7", Array(duplicated.joined(separator: [0x0a])) + [0x0a], 8))
        var swapped = lines; swapped.swapAt(2, 3)
        cases.append(("swapped lines 3 and 4", Array(swapped.joined(separator: [0x0a])) + [0x0a], 3))
        cases.append(("last newline removed", Array(good.dropLast()), 10))
        var space = good; space.insert(0x20, at: lines[0].count)
        cases.append(("space before a newline", space, 1))
        var crlf = good; crlf.insert(0x0d, at: lines[0].count + 1 + lines[1].count)
        cases.append(("carriage return", crlf, 2))

        let dir = try CLIHarness.temporaryDirectory(self)
        for (name, bytes, expectedLine) in cases {
            try Data(bytes).write(to: URL(fileURLWithPath: dir).appendingPathComponent("events.jsonl"))
            let ours = CLIHarness.run(["verify", "--ledger", dir])
            XCTAssertEqual(ours.code, 3, "\(name): \(ours.out)")
            XCTAssertTrue(ours.err.contains("events.jsonl line \(expectedLine):"), "\(name): \(ours.err)")
            let python = try CLIHarness.runProgram("/usr/bin/env", ["python3", CLIHarness.projectRoot.appendingPathComponent("EventLog/verify_log.py").path, dir])
            XCTAssertEqual(python.code, 3, "\(name): python said \(python.out)")
            XCTAssertTrue(python.err.hasPrefix("line \(expectedLine):"), "\(name): python said \(python.err)")
        }
    }

    func testPythonVerifierAgreesOnAGoodLog() throws {
        let dir = try CLIHarness.temporaryDirectory(self)
        try CLIHarness.writeLedger(CLIHarness.sampleLines(30), in: dir)
        let ours = CLIHarness.run(["verify", "--ledger", dir])
        let python = try CLIHarness.runProgram("/usr/bin/env", ["python3", CLIHarness.projectRoot.appendingPathComponent("EventLog/verify_log.py").path, dir])
        XCTAssertEqual(python.code, 0, python.err)
        XCTAssertEqual(python.out, ours.out)
    }
}
