import Foundation
import LedgerCore
import LedgerFixtures
import LedgerStore
import XCTest

/// `status STREAM` and `trail CASE` fold only the streams the answer depends on, read
/// through the event index: their answers are exactly those of the whole fold
/// (`IPLEDGER_FULL_FOLD=1`), in both languages and in JSON, now and at past seqs.
final class FocusedAnswerTests: XCTestCase {
    static let june = Date(timeIntervalSince1970: 1_718_596_800)
    static let sampleLines = lines(of: try! Data(contentsOf: CLIHarness.projectRoot.appendingPathComponent("EventLog/sample/events.jsonl")))
    static let scenarioLines = lines(of: Data(ScenarioLedger.logBytes()))

    static func lines(of data: Data) -> [[UInt8]] {
        data.split(separator: 0x0a, omittingEmptySubsequences: false).dropLast().map { Array($0) }
    }

    /// A ledger directory holding `lines` with its event index saved, as appends leave it: all
    /// lines but the last written, then the last appended through the store (which saves the index).
    func indexedLedger(_ lines: [[UInt8]]) throws -> String {
        let dir = try CLIHarness.temporaryDirectory(self)
        try CLIHarness.writeLedger(Array(lines.dropLast()), in: dir)
        let last = try lines.last!.withUnsafeBytes { try ChainVerifier.decode($0, lineNumber: lines.count) }
        let recorded = try XCTUnwrap(Timestamp(rfc3339: last.recorded))
        try FileLedger(directory: dir).append(EventDraft(id: last.id, stream: last.stream, type: last.type, schema: last.schema,
                                                         at: last.at, actor: last.actor, payload: last.payload), now: { recorded })
        let written = try Data(contentsOf: URL(fileURLWithPath: dir + "/events.jsonl"))
        XCTAssertEqual(Self.lines(of: written), lines, "the appended line is the original")
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/index/events.idx"))
        return dir
    }

    /// The item streams (reports, cases, supervisions, mediations) of `lines`, in name order.
    static func items(_ lines: [[UInt8]], through last: Int? = nil) -> [String] {
        var streams: Set<String> = []
        for line in lines.prefix(last ?? lines.count) {
            let record = try! line.withUnsafeBytes { try ChainVerifier.decode($0, lineNumber: 1) }
            if ["report", "case", "supervision", "mediation"].contains(record.streamKind) { streams.insert(record.stream) }
        }
        return streams.sorted()
    }

    /// Asserts that `arguments` answer the same fast and through the whole fold.
    func assertSame(_ arguments: [String], _ dir: String, now: Date = FocusedAnswerTests.june,
                    file: StaticString = #filePath, line: UInt = #line) {
        let fast = CLIHarness.run(arguments + ["--ledger", dir], now: now)
        let full = CLIHarness.run(arguments + ["--ledger", dir], environment: ["IPLEDGER_FULL_FOLD": "1"], now: now)
        XCTAssertEqual(fast.code, full.code, "\(arguments)", file: file, line: line)
        XCTAssertEqual(fast.out, full.out, "\(arguments)", file: file, line: line)
        XCTAssertEqual(fast.err, full.err, "\(arguments)", file: file, line: line)
    }

    // MARK: Same answers

    /// Asserts that every item's detail (`status STREAM --json`), less its deadlines, is its
    /// row of the whole board (`status --json`, the whole fold: one run for them all); that
    /// a sample of them, every flagged one, every supervision and mediation, answers the same
    /// fast and through the whole fold in JSON; and a smaller sample in both languages.
    func assertEveryItemAnswersTheSame(_ dir: String, _ lines: [[UInt8]], asOf seq: Int?, sampleEvery: Int,
                                       file: StaticString = #filePath, line: UInt = #line) throws {
        let asOf = seq.map { ["--as-of", String($0)] } ?? []
        var board: [String: String] = [:]
        var flagged: Set<String> = []
        let whole = CLIHarness.run(["status", "--json", "--ledger", dir] + asOf, now: Self.june)
        XCTAssertEqual(whole.code, 0, whole.err, file: file, line: line)
        for text in whole.out.split(separator: "\n") {
            let row = try JSONParser.parse(String(text))
            let stream = try XCTUnwrap(row["stream"]?.stringValue)
            board[stream] = String(text)
            if row["flags"]?.arrayValue?.contains(where: { $0.stringValue != "privateEnterprise" }) == true { flagged.insert(stream) }
        }
        let items = Self.items(lines, through: seq)
        XCTAssertEqual(Set(board.keys), Set(items), file: file, line: line)
        for (i, stream) in items.enumerated() {
            let fast = CLIHarness.run(["status", stream, "--json", "--ledger", dir] + asOf, now: Self.june)
            XCTAssertEqual(fast.code, 0, fast.err, file: file, line: line)
            var detail = try XCTUnwrap(JSONParser.parse(String(fast.out.dropLast())).objectValue, file: file, line: line)
            XCTAssertNotNil(detail.removeValue(forKey: "deadlines"), file: file, line: line)
            XCTAssertEqual(CanonicalJSON.string(.object(detail)), board[stream], "\(stream) \(asOf)", file: file, line: line)
            let rare = stream.hasPrefix("supervision/") || stream.hasPrefix("mediation/")
            if i % sampleEvery == 0 || flagged.contains(stream) || rare {
                assertSame(["status", stream, "--json"] + asOf, dir, file: file, line: line)
            }
            if i % (sampleEvery * 4) == 0 || rare || board[stream]!.contains("\"repeatOffender\"") {
                assertSame(["status", stream] + asOf, dir, file: file, line: line)
                assertSame(["status", stream, "--lang", "en"] + asOf, dir, file: file, line: line)
            }
        }
    }

    func testEveryItemOfTheSampleLedger() throws {
        let dir = try indexedLedger(Self.sampleLines)
        XCTAssertGreaterThan(Self.items(Self.sampleLines).count, 800)
        try assertEveryItemAnswersTheSame(dir, Self.sampleLines, asOf: nil, sampleEvery: 12)
    }

    func testEveryItemOfTheSampleLedger_atPastSeqs() throws {
        let dir = try indexedLedger(Self.sampleLines)
        for seq in [60, 1_000, 2_345] {
            try assertEveryItemAnswersTheSame(dir, Self.sampleLines, asOf: seq, sampleEvery: 40)
        }
        // A stream that did not exist yet, and a seq past the end of the log.
        assertSame(["status", "case/FLE-2026-000475", "--as-of", "60"], dir)
        assertSame(["trail", "case/FLE-2026-000475", "--as-of", "60"], dir)
        assertSame(["status", "case/FLE-2026-000475", "--as-of", "99999"], dir)
        assertSame(["trail", "case/FLE-2026-000475", "--as-of", "99999", "--json"], dir)
    }

    func testCaseTrailsOfTheSampleLedger() throws {
        let dir = try indexedLedger(Self.sampleLines)
        let cases = Self.items(Self.sampleLines).filter { $0.hasPrefix("case/") }
        // The supervised case.
        let special = Self.items(Self.sampleLines).filter { $0.hasPrefix("supervision/") }.flatMap { supervision in
            CLIHarness.run(["status", supervision, "--json", "--ledger", dir], now: Self.june).out
                .split(separator: "\"").map(String.init).filter { $0.hasPrefix("case/") }
        }
        XCTAssertFalse(special.isEmpty)
        for (i, name) in cases.enumerated() where i % 8 == 0 || special.contains(name) {
            assertSame(["trail", name, "--json"], dir)
            if i % 40 == 0 || special.contains(name) {
                assertSame(["trail", name], dir)
                assertSame(["trail", name, "--lang", "en"], dir)
            }
        }
        for seq in [1_000, 2_345] {
            for (i, name) in Self.items(Self.sampleLines, through: seq).enumerated() where name.hasPrefix("case/") && i % 30 == 0 {
                assertSame(["trail", name, "--json", "--as-of", String(seq)], dir)
                assertSame(["trail", name, "--as-of", String(seq), "--lang", "en"], dir)
            }
        }
    }

    func testEveryItemAndTrailOfTheScenarioLedger_atEveryTenthSeq() throws {
        let dir = try indexedLedger(Self.scenarioLines)
        var points = Array(stride(from: 10, to: Self.scenarioLines.count, by: 10))
        points += [104, 115, 125, 126, 131, 142, Self.scenarioLines.count]
        for seq in points {
            for stream in Self.items(Self.scenarioLines, through: seq) {
                assertSame(["status", stream, "--json", "--as-of", String(seq)], dir)
                assertSame(["status", stream, "--as-of", String(seq)], dir)
                if stream.hasPrefix("case/") { assertSame(["trail", stream, "--json", "--as-of", String(seq)], dir) }
            }
        }
        for stream in Self.items(Self.scenarioLines) + ["case/none", "action/none", "nothing"] {
            for extra in [["--json"], [], ["--lang", "en"]] {
                assertSame(["status", stream] + extra, dir)
                if stream.hasPrefix("case/") { assertSame(["trail", stream] + extra, dir) }
            }
        }
    }

    // MARK: What is read

    func testAnItemIsAnsweredWithoutTheSnapshot_andTheReferenceIndexIsKept() throws {
        let dir = try indexedLedger(Self.scenarioLines)
        let snapshot = dir + "/projections/snapshot.jsonl", references = dir + "/projections/references.bin"
        XCTAssertEqual(CLIHarness.run(["status", ScenarioLedger.report, "--ledger", dir], now: Self.june).code, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: references), "a report refers to nothing and nothing refers to it")
        XCTAssertEqual(CLIHarness.run(["status", ScenarioLedger.repeatCase, "--ledger", dir], now: Self.june).code, 0)
        XCTAssertEqual(CLIHarness.run(["trail", ScenarioLedger.transferredCase, "--ledger", dir], now: Self.june).code, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: snapshot), "no whole fold")
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: references))
        let tag = try JSONParser.parse(Array(bytes[..<bytes.firstIndex(of: 0x0a)!]))
        XCTAssertEqual(tag["name"], "references")
        XCTAssertEqual(tag["seq"]?.intValue, Self.scenarioLines.count)
        XCTAssertEqual(tag["head"]?.stringValue, SHA256.hash(Self.scenarioLines.last!).hex)
        // The whole list, a time, or IPLEDGER_FULL_FOLD fold every stream (and keep the snapshot).
        XCTAssertEqual(CLIHarness.run(["status", ScenarioLedger.report, "--as-of", "2024-04-01", "--ledger", dir]).code, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: snapshot), "--as-of TIME folds from the first event, as before")
        XCTAssertEqual(CLIHarness.run(["status", ScenarioLedger.report, "--ledger", dir], environment: ["IPLEDGER_FULL_FOLD": "1"]).code, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: snapshot))
    }

    func testRebuildWritesTheReferenceIndex_asAQueryBuildsIt() throws {
        // A query reads only the lines that name a linking type; the rebuild files every record.
        let dir = try indexedLedger(Self.sampleLines)
        let path = dir + "/projections/references.bin"
        XCTAssertEqual(CLIHarness.run(["trail", "case/FLE-2026-000475", "--ledger", dir]).code, 0)
        let queried = try XCTUnwrap(FileManager.default.contents(atPath: path))
        try FileManager.default.removeItem(atPath: path)
        let rebuilt = CLIHarness.run(["rebuild", "--ledger", dir])
        XCTAssertEqual(rebuilt.code, 0, rebuilt.err)
        XCTAssertEqual(FileManager.default.contents(atPath: path), queried)
        XCTAssertGreaterThan(queried.count, 353 * 16, "every case is filed by its respondent")
    }

    func testALedgerWithoutItsEventIndex_isAnsweredFromTheWholeFold() throws {
        // Rebuilding the index checks every line, slower than loading the projection snapshot.
        let dir = try CLIHarness.temporaryDirectory(self)
        try CLIHarness.writeLedger(Self.scenarioLines, in: dir)
        XCTAssertEqual(CLIHarness.run(["status", ScenarioLedger.repeatCase, "--ledger", dir], now: Self.june).code, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/projections/snapshot.jsonl"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/projections/references.bin"))
        assertSame(["trail", ScenarioLedger.transferredCase, "--json"], dir)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/projections/references.bin"))
        // An index of another log does not fit either.
        let other = try indexedLedger(Self.sampleLines)
        try FileManager.default.copyItem(atPath: other + "/index", toPath: dir + "/index")
        try FileManager.default.removeItem(atPath: dir + "/projections")
        assertSame(["status", ScenarioLedger.repeatCase, "--json"], dir)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/projections/references.bin"))
    }

    func testActsRecordedAfterTheReferenceIndex_areFoundByTheNextAnswer() throws {
        let dir = try indexedLedger(Self.scenarioLines)
        XCTAssertEqual(CLIHarness.run(["status", ScenarioLedger.repeatCase, "--ledger", dir], now: Self.june).code, 0)
        let respondent = #"{"name": "富拉尔基区某五金经销部", "privateEnterprise": true, "creditCode": "92230206MA1B2C3D4E"}"#
        let rightsHolder = #"{"name": "某电器股份有限公司", "privateEnterprise": false}"#
        let actions = """
        {"type": "CaseOpened", "stream": "case/FLE-2024-0099", "at": "2024-06-01T09:00:00+08:00", "actor": {"agency": "fle-amr", "officer": "fle-amr-inv2"}, "payload": {"ipType": "trademark", "sector": "appliances", "summary": "第三次销售假冒注册商标的插座", "respondent": \(respondent), "rightsHolder": \(rightsHolder)}}
        {"type": "PenaltyDecided", "stream": "case/FLE-2024-0099", "at": "2024-06-10T09:00:00+08:00", "actor": {"agency": "fle-amr", "officer": "fle-amr-head"}, "payload": {"decisionNo": "富市监罚〔2024〕99号", "fineFen": 100000, "illegalGainsFen": 1000, "businessVolumeFen": 5000}}
        """
        let recorded = CLIHarness.run(["record", "--ledger", dir], stdin: Array((actions + "\n").utf8), now: Self.june)
        XCTAssertEqual(recorded.code, 0, recorded.err)
        let status = CLIHarness.run(["status", "case/FLE-2024-0099", "--json", "--ledger", dir], now: Self.june)
        XCTAssertTrue(status.out.contains("\"repeatOffender\""), status.out)
        assertSame(["status", "case/FLE-2024-0099", "--json"], dir)
        assertSame(["status", "case/FLE-2024-0099", "--json", "--as-of", String(Self.scenarioLines.count + 1)], dir)
    }

    func testAReferenceIndexThatDoesNotFit_isSetAside_andTheAnswerIsRight() throws {
        let dir = try indexedLedger(Self.scenarioLines)
        let path = dir + "/projections/references.bin"
        let right = CLIHarness.run(["status", ScenarioLedger.repeatCase, "--json", "--ledger", dir], now: Self.june)
        XCTAssertEqual(right.err, "")
        XCTAssertTrue(right.out.contains("\"repeatOffender\""), right.out)

        // Another ledger's index, copied in by mistake.
        let other = try indexedLedger(Self.sampleLines)
        XCTAssertEqual(CLIHarness.run(["status", "case/FLE-2026-000475", "--ledger", other]).code, 0)
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: other + "/projections/references.bin", toPath: path)
        var result = CLIHarness.run(["status", ScenarioLedger.repeatCase, "--json", "--ledger", dir], now: Self.june)
        XCTAssertEqual(result.out, right.out)
        XCTAssertEqual(result.err, "Warning: \(path) was taken at seq \(Self.sampleLines.count), which this log does not hold as it " +
            "was; the references are read again from the log\n")
        XCTAssertEqual(CLIHarness.run(["status", ScenarioLedger.repeatCase, "--json", "--ledger", dir], now: Self.june).err, "",
                       "replaced by this log's")

        // Cut short.
        var bytes = try XCTUnwrap(FileManager.default.contents(atPath: path))
        bytes.removeLast(17)
        try bytes.write(to: URL(fileURLWithPath: path))
        result = CLIHarness.run(["status", ScenarioLedger.repeatCase, "--json", "--ledger", dir], now: Self.june)
        XCTAssertEqual(result.out, right.out)
        XCTAssertTrue(result.err.contains("cannot be used: its body does not have the length and SHA-256 its tag gives"), result.err)
    }

    func testAPenalisedCaseWithNoRespondent_isAnsweredFromTheWholeFold() throws {
        // Written past the domain's checks: a case opened with no IP type and no respondent,
        // then penalised. Its repeat offences could be any case folded without an opening.
        let ledger = InMemoryLedger()
        for record in ScenarioLedger.records().prefix(while: { $0.stream == "registry" }) {
            ledger.append(EventDraft(id: record.id, stream: record.stream, type: record.type, schema: record.schema, at: record.at,
                                     actor: record.actor, payload: record.payload), recorded: record.recorded)
        }
        let amr = Actor(agency: "fle-amr", officer: "fle-amr-head")
        ledger.append(EventDraft(stream: "case/X", type: "CaseOpened", at: "2024-03-01T09:00:00+08:00", actor: amr, payload: [:]),
                      recorded: "2024-03-01T01:00:00Z")
        ledger.append(EventDraft(stream: "case/X", type: "PenaltyDecided", at: "2024-03-02T09:00:00+08:00", actor: amr,
                                 payload: ["decisionNo": "X", "fineFen": 1]), recorded: "2024-03-02T01:00:00Z")
        let dir = try indexedLedger(ledger.lines)
        XCTAssertEqual(CLIHarness.run(["status", "case/X", "--json", "--ledger", dir]).code, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/projections/snapshot.jsonl"), "the whole fold answered")
        assertSame(["status", "case/X", "--json"], dir)
        assertSame(["trail", "case/X", "--json"], dir)
    }
}
