import Foundation
import LedgerCore
import LedgerTestSupport
import XCTest

final class RecordCommandTests: XCTestCase {
    static let opening = """
    {"type": "LedgerOpened", "stream": "registry", "at": "2022-10-09T09:00:00+08:00",
     "actor": {"agency": "fle-amr", "officer": "admin1"},
     "payload": {"name": "富拉尔基区知识产权保护协作台账", "jurisdiction": "齐齐哈尔市富拉尔基区", "timezone": "Asia/Shanghai",
                 "hostAgency": {"agency": "fle-amr", "kind": "amr", "name": "富拉尔基区市场监督管理局"},
                 "admin": {"officer": "admin1", "name": "王管理"}}}
    """

    static func action(_ type: String, _ payload: String, id: String? = nil, officer: String = "admin1",
                       at: String = "2022-10-10T09:00:00+08:00", extra: String = "") -> String {
        let idPart = id.map { ",\"id\":\"\($0)\"" } ?? ""
        return "{\"type\":\"\(type)\",\"stream\":\"registry\",\"at\":\"\(at)\",\"actor\":{\"agency\":\"fle-amr\",\"officer\":\"\(officer)\"},\"payload\":\(payload)\(idPart)\(extra)}"
    }

    static let police = action("AgencyRegistered", #"{"agency":"fle-psb","kind":"police","name":"富拉尔基区公安局","jurisdiction":"齐齐哈尔市富拉尔基区"}"#, id: "reg-psb")
    static let investigator = action("OfficerEnrolled", #"{"agency":"fle-amr","officer":"amr-inv1","name":"李执法","roles":["investigator"]}"#, id: "enrol-inv1")

    func makeLedger() throws -> String {
        let dir = try CLIHarness.temporaryDirectory(self) + "/ledger"
        let result = CLIHarness.run(["init", "--ledger", dir], stdin: Array(Self.opening.utf8))
        XCTAssertEqual(result.code, 0, result.err)
        return dir
    }

    func logBytes(_ dir: String) -> Data { FileManager.default.contents(atPath: dir + "/events.jsonl") ?? Data() }

    func testInitCreatesALedgerThatVerifies() throws {
        let dir = try CLIHarness.temporaryDirectory(self) + "/ledger"
        let calendar = Paths.calendar.path
        let result = CLIHarness.run(["init", "--ledger", dir, "--calendar", calendar, "--json"], stdin: Array(Self.opening.utf8))
        XCTAssertEqual(result.code, 0, result.err)
        let lines = result.out.split(separator: "\n")
        XCTAssertEqual(lines.count, 6, "LedgerOpened and five calendar years")
        XCTAssertTrue(lines[0].hasPrefix("{\"existing\":false,\"hash\":\""), String(lines[0]))
        XCTAssertTrue(lines[0].hasSuffix("\"id\":\"registry@1\",\"seq\":1,\"stream\":\"registry\",\"version\":1}"), String(lines[0]))
        XCTAssertEqual(CLIHarness.run(["verify", "--ledger", dir]).code, 0)
        let log = CLIHarness.run(["log", "--ledger", dir, "--type", "CalendarPublished"])
        XCTAssertEqual(log.out.split(separator: "\n").count, 5)
    }

    func testInitRefusesAnExistingLedgerAndABadOpening() throws {
        let dir = try makeLedger()
        let again = CLIHarness.run(["init", "--ledger", dir], stdin: Array(Self.opening.utf8))
        XCTAssertEqual(again.code, 4)
        XCTAssertTrue(again.err.contains("already holds a ledger"), again.err)

        let fresh = try CLIHarness.temporaryDirectory(self) + "/other"
        let bad = Self.opening.replacingOccurrences(of: "\"timezone\": \"Asia/Shanghai\",", with: "")
        let refused = CLIHarness.run(["init", "--ledger", fresh], stdin: Array(bad.utf8))
        XCTAssertEqual(refused.code, 1)
        XCTAssertTrue(refused.err.contains("payload.timezone"), refused.err)
        XCTAssertTrue(refused.err.hasSuffix("Nothing was created.\n"), refused.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: fresh + "/events.jsonl"))
    }

    func testRecordsABatchAndPrintsSeqIdAndHash() throws {
        let dir = try makeLedger()
        let result = CLIHarness.run(["record", "--ledger", dir], stdin: Array((Self.police + "\n" + Self.investigator + "\n").utf8))
        XCTAssertEqual(result.code, 0, result.err)
        let lines = result.out.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2)
        let log = logBytes(dir).split(separator: 0x0a)
        XCTAssertEqual(lines[0], "recorded #2 reg-psb \(SHA256.hash(log[1]).hex)")
        XCTAssertEqual(lines[1], "recorded #3 enrol-inv1 \(SHA256.hash(log[2]).hex)")
    }

    func testTimingNamesEachPhaseOnStandardErrorOnly() throws {
        let dir = try makeLedger()
        let input = Array((Self.police + "\n" + Self.investigator + "\n").utf8)
        let result = CLIHarness.run(["record", "--ledger", dir], stdin: input, environment: ["IPLEDGER_TIMING": "1"])
        XCTAssertEqual(result.code, 0, result.err)
        // Each line is `timing: PHASE SECONDS s (resident N MB, peak N MB)`.
        let phases = result.err.split(separator: "\n").map { line -> String in
            guard line.hasPrefix("timing: "), let end = line.range(of: " s (resident ") else { return "not a timing line: \(line)" }
            let words = line[line.index(line.startIndex, offsetBy: 8)..<end.lowerBound].split(separator: " ")
            return Double(words.last ?? "") == nil ? "no seconds: \(line)" : words.dropLast().joined(separator: " ")
        }
        XCTAssertEqual(phases, ["open the ledger, read the input and find its lines", "decide, stage and append 2 acts",
                                "print what each act came to"], result.err)
        // What is printed on standard output is as without it.
        XCTAssertEqual(result.out.split(separator: "\n").map { $0.prefix(12) }, ["recorded #2 ", "recorded #3 "])
        XCTAssertEqual(CLIHarness.run(["record", "--ledger", dir], stdin: input).err, "", "no timing without IPLEDGER_TIMING")
    }

    func testARefusalAnywhereInABatchWritesNothing() throws {
        let dir = try makeLedger()
        let before = logBytes(dir)
        let wrongRole = Self.action("AgencyRegistered", #"{"agency":"fle-court","kind":"court","name":"法院","jurisdiction":"富拉尔基区"}"#, officer: "amr-inv1")
        let batch = [Self.police, Self.investigator, wrongRole].joined(separator: "\n")
        let result = CLIHarness.run(["record", "--ledger", dir], stdin: Array(batch.utf8))
        XCTAssertEqual(result.code, 1)
        XCTAssertTrue(result.err.hasPrefix("Error: standard input line 3: actor: "), result.err)
        XCTAssertTrue(result.err.contains("admin"), result.err)
        XCTAssertTrue(result.err.hasSuffix("Nothing was recorded.\n"), result.err)
        XCTAssertEqual(logBytes(dir), before)
        XCTAssertEqual(result.out, "")
    }

    func testSchemaRefusalNamesTheMemberPath() throws {
        let dir = try makeLedger()
        let bad = Self.action("OfficerEnrolled", #"{"agency":"fle-amr","officer":"amr-inv1","name":"李执法","roles":["investigator", 7]}"#)
        let result = CLIHarness.run(["record", "--ledger", dir], stdin: Array(bad.utf8))
        XCTAssertEqual(result.code, 1)
        XCTAssertTrue(result.err.contains("payload.roles[1]"), result.err)
    }

    func testMalformedJSONLineIsNamedWithLineAndColumn() throws {
        let dir = try makeLedger()
        let input = Self.police + "\n{\"type\": \"OfficerEnrolled\", \"stream\": }\n"
        let result = CLIHarness.run(["record", "--ledger", dir], stdin: Array(input.utf8))
        XCTAssertEqual(result.code, 1)
        XCTAssertTrue(result.err.hasPrefix("Error: standard input line 2, column 39: expected a value"), result.err)
        XCTAssertEqual(logBytes(dir).split(separator: 0x0a).count, 1)
    }

    func testALongBatchIsReadInPartsAndTheFirstBadLineIsNamed() throws {
        // Long enough to be read on several cores (in contiguous parts), with blank lines.
        let enrolments = (1...1500).map { n in
            Self.action("OfficerEnrolled", "{\"agency\":\"fle-amr\",\"officer\":\"amr-x\(n)\",\"name\":\"执法\(n)\",\"roles\":[\"investigator\"]}")
        }
        func input(_ replacing: [Int: String]) -> [UInt8] {
            var lines: [String] = []
            for (i, line) in enrolments.enumerated() {
                lines.append(replacing[i] ?? line)
                if i % 100 == 7 { lines.append("   ") }
            }
            return Array(lines.joined(separator: "\n").utf8)
        }
        let dir = try makeLedger()
        let before = logBytes(dir)
        let badJSON = "{\"type\": \"OfficerEnrolled\", \"stream\": }"
        let badSchema = Self.action("OfficerEnrolled", #"{"agency":"fle-amr","officer":"amr-y","name":"某","roles":[7]}"#)
        // Enrolment i is on line i + 1 + (blank lines before it): i / 100 of them, one more past i % 100 == 7.
        func line(_ i: Int) -> Int { i + 1 + i / 100 + (i % 100 > 7 ? 1 : 0) }
        var result = CLIHarness.run(["record", "--ledger", dir], stdin: input([1200: badJSON, 1400: badSchema]))
        XCTAssertEqual(result.code, 1)
        XCTAssertTrue(result.err.hasPrefix("Error: standard input line \(line(1200)), column 39: expected a value"), result.err)
        result = CLIHarness.run(["record", "--ledger", dir], stdin: input([300: badSchema, 1200: badJSON]))
        XCTAssertEqual(result.code, 1)
        XCTAssertTrue(result.err.hasPrefix("Error: standard input line \(line(300)): payload.roles[0]"), result.err)
        XCTAssertEqual(logBytes(dir), before)

        result = CLIHarness.run(["record", "--ledger", dir], stdin: input([:]))
        XCTAssertEqual(result.code, 0, result.err)
        let printed = result.out.split(separator: "\n")
        XCTAssertEqual(printed.count, 1500)
        for (i, text) in printed.enumerated() { XCTAssertTrue(text.hasPrefix("recorded #\(i + 2) registry@\(i + 2) "), String(text)) }
        XCTAssertEqual(CLIHarness.run(["verify", "--ledger", dir]).code, 0)
    }

    func testRetryWithTheSameIdIsNotStoredTwice() throws {
        let dir = try makeLedger()
        XCTAssertEqual(CLIHarness.run(["record", "--ledger", dir], stdin: Array(Self.police.utf8)).code, 0)
        let before = logBytes(dir)
        let retry = CLIHarness.run(["record", "--ledger", dir], stdin: Array(Self.police.utf8))
        XCTAssertEqual(retry.code, 0, retry.err)
        XCTAssertTrue(retry.out.hasPrefix("already recorded #2 reg-psb "), retry.out)
        XCTAssertEqual(logBytes(dir), before)
    }

    func testSameIdForADifferentActIsRefused() throws {
        let dir = try makeLedger()
        XCTAssertEqual(CLIHarness.run(["record", "--ledger", dir], stdin: Array(Self.police.utf8)).code, 0)
        let other = Self.police.replacingOccurrences(of: "富拉尔基区公安局", with: "碾子山区公安局")
        let result = CLIHarness.run(["record", "--ledger", dir], stdin: Array(other.utf8))
        XCTAssertEqual(result.code, 1)
        XCTAssertTrue(result.err.contains("reg-psb"), result.err)
        XCTAssertTrue(result.err.contains("seq 2"), result.err)
    }

    func testExpectVersionConflictNamesStreamExpectedAndActual() throws {
        let dir = try makeLedger()
        let result = CLIHarness.run(["record", "--ledger", dir, "--expect-version", "5"], stdin: Array(Self.police.utf8))
        XCTAssertEqual(result.code, 1)
        XCTAssertTrue(result.err.contains("registry"), result.err)
        XCTAssertTrue(result.err.contains("5"), result.err)
        XCTAssertTrue(result.err.contains("1"), result.err)
        XCTAssertEqual(CLIHarness.run(["record", "--ledger", dir, "--expect-version", "1"], stdin: Array(Self.police.utf8)).code, 0)
        let twoActions = CLIHarness.run(["record", "--ledger", dir, "--expect-version", "2"], stdin: Array((Self.investigator + "\n" + Self.investigator).utf8))
        XCTAssertEqual(twoActions.code, 2)
    }

    func testGarbageNeverCrashesNorWrites() throws {
        let dir = try makeLedger()
        let before = logBytes(dir)
        var generator = SystemRandomNumberGenerator()
        let base = Array((Self.police + "\n" + Self.investigator).utf8)
        for _ in 0..<300 {
            var bytes = base
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let i = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[i] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes.remove(at: i)
                default: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: i)
                }
            }
            let result = CLIHarness.run(["record", "--ledger", dir], stdin: bytes)
            if result.code == 0 {
                // A mutation that still reads as valid actions (e.g. in a name) is recorded; start again.
                try Data(before).write(to: URL(fileURLWithPath: dir + "/events.jsonl"))
                try? FileManager.default.removeItem(atPath: dir + "/index")
            } else {
                XCTAssertEqual(result.code, 1, result.err)
                XCTAssertEqual(logBytes(dir), before)
                XCTAssertTrue(result.err.hasPrefix("Error: "), result.err)
            }
        }
    }
}
