import IPProtection
import LedgerCore
import LedgerFixtures
import Projections
import XCTest

/// `rebuild` reads each canonical line in place (`RecordLine`, `DomainEvent(line:stream:)`)
/// instead of parsing it into a `LedgerRecord`: the fold must come out exactly as the fold
/// of the parsed records, on every event type and stream kind.
final class LineFoldTests: XCTestCase {
    /// The events of `records`, read from their canonical lines.
    static func eventsFromLines(_ records: [LedgerRecord]) -> [DomainEvent] {
        records.map { record in
            let line = record.canonicalBytes
            return line.withUnsafeBytes { bytes -> DomainEvent in
                guard let read = RecordLine(line: bytes) else {
                    XCTFail("seq \(record.seq): the line was not read in place")
                    return DomainEvent(record)
                }
                let stream = read.string(read.stream)
                guard let event = DomainEvent(line: read, stream: stream) else {
                    XCTFail("seq \(record.seq): no event read from the line")
                    return DomainEvent(record)
                }
                return event
            }
        }
    }

    func assertSameFold(_ records: [LedgerRecord], file: StaticString = #filePath, line: UInt = #line) {
        let fromLines = Self.eventsFromLines(records)
        for (record, event) in zip(records, fromLines) {
            let plain = DomainEvent(record)
            XCTAssertEqual(event.seq, plain.seq, file: file, line: line)
            XCTAssertEqual(event.stream, plain.stream, file: file, line: line)
            XCTAssertEqual(event.name, plain.name, file: file, line: line)
            XCTAssertEqual(event.kind, plain.kind, file: file, line: line)
            XCTAssertEqual(event.kindIsPrefix, plain.kindIsPrefix, file: file, line: line)
            XCTAssertEqual(event.actor, plain.actor, file: file, line: line)
            XCTAssertEqual(event.reference, plain.reference, "seq \(record.seq)", file: file, line: line)
            XCTAssertEqual(event.payload.members, plain.payload.members, "seq \(record.seq)", file: file, line: line)
        }
        var byRecords = ProjectionSet()
        for record in records { byRecords.apply(record) }
        var byLines = ProjectionSet()
        for event in fromLines { byLines.apply(event) }
        XCTAssertEqual(byLines.differences(from: byRecords), [], file: file, line: line)
        let a = byLines.domain, b = byRecords.domain
        XCTAssertEqual(a.registry, b.registry, file: file, line: line)
        XCTAssertEqual(a.reports, b.reports, file: file, line: line)
        XCTAssertEqual(a.cases, b.cases, file: file, line: line)
        XCTAssertEqual(a.supervisions, b.supervisions, file: file, line: line)
        XCTAssertEqual(a.mediations, b.mediations, file: file, line: line)
        XCTAssertEqual(a.actions, b.actions, file: file, line: line)
        XCTAssertEqual(a.meetings, b.meetings, file: file, line: line)
        XCTAssertEqual(a.services, b.services, file: file, line: line)
        XCTAssertEqual(a.publications, b.publications, file: file, line: line)
        XCTAssertEqual(a.versions, b.versions, file: file, line: line)
        XCTAssertEqual(a.supervisionsByCase, b.supervisionsByCase, file: file, line: line)
        XCTAssertEqual(a.actionsByCase, b.actionsByCase, file: file, line: line)
        XCTAssertEqual(a.publicationsByCase, b.publicationsByCase, file: file, line: line)
        XCTAssertEqual(byLines.workload, byRecords.workload, file: file, line: line)
        XCTAssertEqual(byLines.statistics, byRecords.statistics, file: file, line: line)
        for (record, event) in zip(records, fromLines) {
            XCTAssertEqual(StreamLinks.keys(of: event), StreamLinks.keys(of: record), "seq \(record.seq)", file: file, line: line)
        }
    }

    func testAGeneratedLogOfEveryActFoldsAlikeFromItsLines() {
        assertSameFold(LogGenerator(LogGenerator.Options(events: 15_000, seed: 11)).records())
    }

    func testTheScenarioLedgerOfEveryStreamKindFoldsAlikeFromItsLines() {
        assertSameFold(ScenarioLedger.records())
    }

    /// Ids, actors and payloads of unusual forms: submitters' ids, escapes, a type the
    /// catalogue does not know, a stream of no known kind, members that need the parser.
    func testUnusualRecordsReadAlikeFromTheirLines() {
        let zero = String(repeating: "0", count: 64)
        func record(_ seq: Int, id: String, stream: String, type: String, actor: Actor, payload: [String: JSONValue]) -> LedgerRecord {
            LedgerRecord(seq: seq, id: id, stream: stream, version: 1, type: type, schema: 1, at: "2024-02-29T23:59:59.5-03:30",
                         recorded: "2024-03-01T03:29:59.5Z", actor: actor, payload: payload, prev: zero)
        }
        let party: JSONValue = ["name": "某\"公司\"\\ltd\n", "privateEnterprise": true, "creditCode": "91230200MA1\u{1}"]
        let records = [
            record(1, id: "case/C-1@1", stream: "case/C-1", type: "CaseOpened", actor: Actor(agency: "a\"b", officer: "o\\p"),
                   payload: ["respondent": party, "ipType": "trademark", "count": 3, "ratio": 0.25, "big": 1e21, "neg": -7,
                             "list": ["x", 1, "y\u{7f}", ["z"]], "nested": ["a": ["b": ["c": "d"]]], "": "empty name",
                             "na\"me": 1, "Zeta": false, "ä": "non-ASCII name", "\u{1}x": "control"]),
            record(2, id: "idem-\u{8}42", stream: "case/C-1", type: "NotInTheCatalogue", actor: Actor(agency: "机构", officer: "员"),
                   payload: [:]),
            record(3, id: "case/C-2@01", stream: "case/C-2", type: "Case\u{4f}pened", actor: Actor(agency: "x", officer: "y"),
                   payload: ["respondent": "not an object", "ipType": 5]),
            record(4, id: "widget/w@1", stream: "widget/w", type: "ReportReceived", actor: Actor(agency: "x", officer: "y"),
                   payload: ["parties": [party, "x", ["side": "applicant"]]]),
            record(5, id: "mediation/M-1@1", stream: "mediation/M-1", type: "MediationDelegated", actor: Actor(agency: "x", officer: "y"),
                   payload: ["parties": [["name": "甲", "side": "applicant"], 3, party], "claimFen": 1.5, "court": "法院"]),
        ]
        assertSameFold(records)
    }
}
