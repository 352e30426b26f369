import Foundation
import LedgerCore
import LedgerFixtures
import XCTest

/// `--as-of`: the answer as it stood then. At a SEQ it equals the plain answer of a copy of
/// the ledger cut after SEQ, judged at that event's `recorded`; at a TIME it counts the acts
/// dated by then, whenever recorded, and judges deadlines at TIME.
final class AsOfTests: XCTestCase {
    static let lines = ScenarioLedger.logBytes().split(separator: 0x0a, omittingEmptySubsequences: false).dropLast().map { Array($0) }
    static let records = ScenarioLedger.records()

    static let questions: [[String]] = [
        ["status"], ["status", "--json"], ["status", ScenarioLedger.transferredCase], ["workload", "--json"], ["workload"],
        ["transfers", "--json"], ["transfers", "--lang", "en"], ["trail", ScenarioLedger.transferredCase], ["trail", ScenarioLedger.transferredCase, "--json"],
        ["alerts", "--json"], ["alerts"], ["mediations", "--json"], ["mediations"], ["stats", "--json"], ["stats"],
    ]

    func testTheAnswerAtAPastSeqEqualsTheAnswerOfTheLedgerCutThere() throws {
        let full = try CLIHarness.temporaryDirectory(self)
        try CLIHarness.writeLedger(Self.lines, in: full)
        // Points along the story: the transfer received, the explanation late, the back-dated
        // evidence, the filing, the mediation accepted, the last event.
        for seq in [104, 115, 125, 126, 131, 142, Self.lines.count] {
            let cut = try CLIHarness.temporaryDirectory(self)
            try CLIHarness.writeLedger(Array(Self.lines.prefix(seq)), in: cut)
            let then = try XCTUnwrap(Timestamp(rfc3339: Self.records[seq - 1].recorded))
            let thenDate = Date(timeIntervalSince1970: TimeInterval(then.seconds))
            for question in Self.questions {
                let past = CLIHarness.run(question + ["--ledger", full, "--as-of", String(seq)], now: Date())
                let cutAnswer = CLIHarness.run(question + ["--ledger", cut], now: thenDate)
                XCTAssertEqual(past.code, cutAnswer.code, "\(question) at \(seq)")
                XCTAssertEqual(past.out, cutAnswer.out, "\(question) at \(seq)")
                XCTAssertEqual(past.err, cutAnswer.err, "\(question) at \(seq)")
            }
        }
    }

    func testAPastSeqUsesTheSnapshotWhenItIsOlder_andTheLogWhenItIsNewer() throws {
        let dir = try CLIHarness.temporaryDirectory(self)
        try CLIHarness.writeLedger(Array(Self.lines.prefix(120)), in: dir)
        XCTAssertEqual(CLIHarness.run(["status", "--ledger", dir]).code, 0)  // a snapshot at 120
        try CLIHarness.writeLedger(Self.lines, in: dir)
        let cut = try CLIHarness.temporaryDirectory(self)
        for seq in [110, 130] {
            try CLIHarness.writeLedger(Array(Self.lines.prefix(seq)), in: cut)
            try? FileManager.default.removeItem(atPath: cut + "/projections")
            let then = Date(timeIntervalSince1970: TimeInterval(Timestamp(rfc3339: Self.records[seq - 1].recorded)!.seconds))
            XCTAssertEqual(CLIHarness.run(["alerts", "--json", "--ledger", dir, "--as-of", String(seq)]).out,
                           CLIHarness.run(["alerts", "--json", "--ledger", cut], now: then).out, "at \(seq)")
        }
    }

    func testAtATime_theActsDatedByThenCount_evenThoseRecordedLater() throws {
        let dir = try CLIHarness.temporaryDirectory(self)
        try CLIHarness.writeLedger(Self.lines, in: dir)
        // The second piece of evidence happened on 7 March and was recorded on 29 March (seq 126).
        let trail = CLIHarness.run(["trail", ScenarioLedger.transferredCase, "--json", "--ledger", dir, "--as-of", "2024-03-10"])
        XCTAssertEqual(trail.code, 0, trail.err)
        XCTAssertTrue(trail.out.contains("\"seq\":126"), "dated 7 March: it had happened by the 10th")
        XCTAssertFalse(trail.out.contains("\"seq\":113"), "approved on the 11th: not yet")
        let bySeq = CLIHarness.run(["trail", ScenarioLedger.transferredCase, "--json", "--ledger", dir, "--as-of", "112"])
        XCTAssertFalse(bySeq.out.contains("\"seq\":126"), "not yet recorded after event 112")
    }

    func testAtATime_deadlinesAreJudgedThen() throws {
        let dir = try CLIHarness.temporaryDirectory(self)
        try CLIHarness.writeLedger(Self.lines, in: dir)
        func alerts(_ asOf: String) -> [String] {
            CLIHarness.run(["alerts", "--json", "--ledger", dir, "--as-of", asOf]).out.split(separator: "\n").map { line in
                let value = try? JSONParser.parse(String(line))
                return (value?["rule"]?.stringValue ?? "") + " " + (value?["stream"]?.stringValue ?? "")
            }
        }
        // The report received on 2 April is due on 12 April (7 working days, Qingming in between).
        XCTAssertFalse(alerts("2024-04-12").contains("reportDecision \(ScenarioLedger.undecidedReport)"))
        XCTAssertTrue(alerts("2024-04-13").contains("reportDecision \(ScenarioLedger.undecidedReport)"))
        XCTAssertTrue(alerts("2024-04-13T00:00:00+08:00").contains("reportDecision \(ScenarioLedger.undecidedReport)"))
        XCTAssertFalse(alerts("2024-04-12T23:59:59+08:00").contains("reportDecision \(ScenarioLedger.undecidedReport)"))
        // The explanation was asked for on 20 March and given on 29 March: overdue on the 28th, as it stood then.
        XCTAssertTrue(alerts("2024-03-28").contains("explanation \(ScenarioLedger.supervision)"))
        XCTAssertFalse(alerts("2024-03-29").contains("explanation \(ScenarioLedger.supervision)"))
    }

    func testADateIsTheEndOfThatDayInTheLedgersTimeZone() throws {
        let dir = try CLIHarness.temporaryDirectory(self)
        try CLIHarness.writeLedger(Self.lines, in: dir)
        let date = CLIHarness.run(["status", "--json", "--ledger", dir, "--as-of", "2024-03-20"])
        let time = CLIHarness.run(["status", "--json", "--ledger", dir, "--as-of", "2024-03-20T23:59:59.999999999+08:00"])
        XCTAssertEqual(date.out, time.out)
        XCTAssertNotEqual(date.out, CLIHarness.run(["status", "--json", "--ledger", dir, "--as-of", "2024-03-20T10:59:59+08:00"]).out)
        let heading = CLIHarness.run(["status", "--ledger", dir, "--as-of", "2024-03-20", "--lang", "en"]).out.split(separator: "\n").first
        XCTAssertEqual(heading, "as of 2024-03-20 23:59:59: 125 events dated by then")
    }

    func testBeforeAnythingHappened_theAnswerIsEmpty() throws {
        let dir = try CLIHarness.temporaryDirectory(self)
        try CLIHarness.writeLedger(Self.lines, in: dir)
        XCTAssertEqual(CLIHarness.run(["status", "--json", "--ledger", dir, "--as-of", "2023-01-01"]).out, "")
        XCTAssertEqual(CLIHarness.run(["trail", ScenarioLedger.transferredCase, "--ledger", dir, "--as-of", "2024-03-01"]).code, 2)
    }
}
