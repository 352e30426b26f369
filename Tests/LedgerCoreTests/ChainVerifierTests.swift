import LedgerCore
import XCTest

final class ChainVerifierTests: XCTestCase {
    static func sampleLedger(events: Int = 20) -> InMemoryLedger {
        let ledger = InMemoryLedger()
        for i in 0..<events {
            let stream = "case/C-\(i % 3)"
            ledger.append(EventDraft(stream: stream, type: "Noted", at: "2024-04-26T09:30:00+08:00",
                                     actor: Actor(agency: "amr", officer: "o1"), payload: ["n": .number(Double(i)), "text": .string("说明 \(i)")]),
                          recorded: "2024-04-26T01:30:0\(i % 10)Z")
        }
        return ledger
    }

    func verify(_ lines: [[UInt8]]) -> LogDefect? {
        var verifier = ChainVerifier()
        for (i, line) in lines.enumerated() {
            do { try line.withUnsafeBytes { _ = try verifier.accept($0, lineNumber: i + 1) } } catch let d as LogDefect {
                return d
            } catch {
                XCTFail("unexpected \(error)")
            }
        }
        return nil
    }

    func testAcceptsAnInMemoryLedgersLines() {
        let ledger = Self.sampleLedger()
        var verifier = ChainVerifier()
        for (i, line) in ledger.lines.enumerated() {
            XCTAssertNoThrow(try line.withUnsafeBytes { try verifier.accept($0, lineNumber: i + 1) })
        }
        XCTAssertEqual(verifier.count, 20)
        XCTAssertEqual(verifier.head, ledger.head)
        XCTAssertEqual(verifier.versions, ["case/C-0": 7, "case/C-1": 7, "case/C-2": 6])
    }

    func testRecordRoundTripsThroughItsCanonicalLine() throws {
        let ledger = Self.sampleLedger(events: 3)
        for (record, line) in zip(ledger.records, ledger.lines) {
            let parsed = try LedgerRecord(json: JSONParser.parse(line))
            XCTAssertEqual(parsed, record)
            XCTAssertEqual(parsed.canonicalBytes, line)
        }
    }

    func testNamesTheLineWhereTheChainBreaks() {
        var lines = Self.sampleLedger().lines
        lines.remove(at: 7)
        let defect = verify(lines)
        XCTAssertEqual(defect?.line, 8)
        XCTAssertEqual(defect?.kind, .sequenceGap)
    }

    func testSwappedLines() {
        var lines = Self.sampleLedger().lines
        lines.swapAt(4, 5)
        XCTAssertEqual(verify(lines)?.line, 5)
    }

    func testNonCanonicalLineIsRefused() {
        var lines = Self.sampleLedger().lines
        var text = String(decoding: lines[3], as: UTF8.self)
        text = text.replacingOccurrences(of: "{\"actor\"", with: "{ \"actor\"")
        lines[3] = Array(text.utf8)
        let defect = verify(lines)
        XCTAssertEqual(defect?.line, 4)
        XCTAssertEqual(defect?.kind, .notCanonical)
    }

    func testChangedPayloadBreaksTheNextLinesChain() {
        var lines = Self.sampleLedger().lines
        var text = String(decoding: lines[9], as: UTF8.self)
        text = text.replacingOccurrences(of: "说明 9", with: "说明 8")
        lines[9] = Array(text.utf8)
        let defect = verify(lines)
        XCTAssertEqual(defect?.line, 11)
        XCTAssertEqual(defect?.kind, .brokenChain)
    }

    func testRecordMembersAreChecked() throws {
        let good = Self.sampleLedger(events: 1).records[0].json
        guard case .object(var m) = good else { return XCTFail() }
        m["extra"] = 1
        XCTAssertThrowsError(try LedgerRecord(json: .object(m))) { XCTAssertEqual(($0 as? RecordError)?.member, "extra") }
        m["extra"] = nil
        m["recorded"] = "2024-04-26T09:30:00+08:00"
        XCTAssertThrowsError(try LedgerRecord(json: .object(m))) { XCTAssertEqual(($0 as? RecordError)?.member, "recorded") }
        m["recorded"] = "2024-04-26T01:30:00Z"
        m["seq"] = 1.5
        XCTAssertThrowsError(try LedgerRecord(json: .object(m))) { XCTAssertEqual(($0 as? RecordError)?.member, "seq") }
        m["seq"] = 1
        m["actor"] = ["agency": "amr"]
        XCTAssertThrowsError(try LedgerRecord(json: .object(m))) { XCTAssertEqual(($0 as? RecordError)?.member, "actor.officer") }
    }
}
