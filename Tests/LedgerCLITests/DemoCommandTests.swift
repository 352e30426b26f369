import Foundation
import LedgerCore
import XCTest

final class DemoCommandTests: XCTestCase {
    static let sample = CLIHarness.projectRoot.appendingPathComponent("EventLog/sample").path

    /// Each line without `recorded` and `prev` (the two members that depend on when it was recorded).
    func acts(_ path: String) throws -> [JSONValue] {
        let data = try XCTUnwrap(FileManager.default.contents(atPath: path + "/events.jsonl"), path)
        return try data.split(separator: 0x0a).map { line in
            guard case .object(var members) = try JSONParser.parse(Array(line)) else { throw CocoaError(.fileReadCorruptFile) }
            members["recorded"] = nil
            members["prev"] = nil
            return .object(members)
        }
    }

    func testTheDemoReproducesTheShippedSampleApartFromRecordedTimes() throws {
        let dir = try CLIHarness.temporaryDirectory(self) + "/demo"
        let result = CLIHarness.run(["demo", "--ledger", dir], now: Date())
        XCTAssertEqual(result.code, 0, result.err)
        let ours = try acts(dir), shipped = try acts(Self.sample)
        XCTAssertEqual(ours.count, shipped.count)
        for (i, (a, b)) in zip(ours, shipped).enumerated() where a != b {
            XCTFail("line \(i + 1) differs:\n\(CanonicalJSON.string(a))\n\(CanonicalJSON.string(b))")
            break
        }
        XCTAssertTrue(result.out.contains("verified \(ours.count) events"), result.out)
        XCTAssertTrue(result.out.contains("$ ipledger checkpoint --ledger"), result.out)
    }

    func testTheShippedSampleVerifiesAgainstItsCheckpoint() throws {
        let verify = CLIHarness.run(["verify", "--ledger", Self.sample, "--checkpoint", Self.sample + "/checkpoints.jsonl"])
        XCTAssertEqual(verify.code, 0, verify.err)
        let python = try CLIHarness.runProgram("/usr/bin/env", ["python3", CLIHarness.projectRoot.appendingPathComponent("EventLog/verify_log.py").path, Self.sample])
        XCTAssertEqual(python.code, 0, python.err)
        XCTAssertEqual(python.out, CLIHarness.run(["verify", "--ledger", Self.sample]).out)
    }

    func testTheDemoNeverReplacesALedgerThatIsNotADemo() throws {
        let dir = try CLIHarness.temporaryDirectory(self) + "/real"
        XCTAssertEqual(CLIHarness.run(["init", "--ledger", dir], stdin: Array(RecordCommandTests.opening.utf8)).code, 0)
        let before = FileManager.default.contents(atPath: dir + "/events.jsonl")
        let result = CLIHarness.run(["demo", "--ledger", dir])
        XCTAssertEqual(result.code, 4)
        XCTAssertTrue(result.err.contains("not the demo's"), result.err)
        XCTAssertEqual(FileManager.default.contents(atPath: dir + "/events.jsonl"), before)
    }
}
