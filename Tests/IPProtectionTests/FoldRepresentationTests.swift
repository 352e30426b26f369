import XCTest
import LedgerCore
@testable import IPProtection

/// The compact forms the fold keeps (type names, stream kinds, event references) read
/// exactly as the plain ones they replace.
final class FoldRepresentationTests: XCTestCase {
    func testEventNamesAreExactlyTheCatalogueTypes() {
        XCTAssertEqual(Set(EventName.allCases.map(\.rawValue)), Set(Catalogue.all.map(\.name)))
        XCTAssertEqual(EventName.allCases.count, Catalogue.all.count)
        for type in Catalogue.all { XCTAssertEqual(EventName(type.name)?.rawValue, type.name) }
        for unknown in ["", "caseOpened", "CaseOpened ", "CaseOpene", "CaseOpenedd", "Case", "案件", "ReportReceivedX"] {
            XCTAssertNil(EventName(unknown), unknown)
        }
    }

    /// Streams on every edge of `LedgerRecord.streamKind` (leading, doubled and trailing
    /// slashes, bare kinds, look-alike kinds) and of a prefix read by the first `/`.
    static let streams = ["case/C-1", "case", "/case/C-1", "//case", "case//C-1", "case/", "/", "//", "cases/C-1", "cas/e",
                          "registry", "registry/x", "report/R-1", "supervision/S-1", "mediation/M-1", "action/A-1",
                          "meeting/m", "service/s", "publication/p", "Case/C-1", "案件/1", "é/x", "", "x/case/C-1"]

    func testAStreamsKindIsRead_asTheRecordReadsIt() {
        for stream in Self.streams where !stream.isEmpty {
            let record = LedgerRecord(seq: 1, id: "e1", stream: stream, version: 1, type: "CaseOpened", schema: 1,
                                      at: "2024-01-02T09:00:00+08:00", recorded: "2024-01-02T01:00:00Z",
                                      actor: Actor(agency: "a", officer: "o"), payload: [:], prev: String(repeating: "0", count: 64))
            XCTAssertEqual(StreamKind(stream: stream)?.rawValue, StreamKind(rawValue: String(record.streamKind))?.rawValue, stream)
            let prefix = stream.firstIndex(of: "/").map { String(stream[..<$0]) }
            XCTAssertEqual(StreamKind(prefixOf: stream)?.rawValue, prefix.flatMap(StreamKind.init(rawValue:))?.rawValue, stream)
            let event = DomainEvent(record)
            XCTAssertEqual(event.kind, StreamKind(stream: stream), stream)
            XCTAssertEqual(event.kindIsPrefix ? event.kind : nil, StreamKind(prefixOf: stream), stream)
        }
    }

    func testAReferenceReadsBackTheIdStreamAndTypeItWasMadeWith() {
        let at = Timestamp(rfc3339: "2024-03-11T15:00:00.25+08:00")!
        let cases: [(id: String, stream: String, type: String)] = [
            ("case/C-1@3", "case/C-1", "CaseOpened"),  // the ledger's default id
            ("case/C-1@4294967295", "case/C-1", "CaseClosed"),  // the largest version kept as a number
            ("case/C-1@4294967296", "case/C-1", "CaseClosed"),  // a larger one is kept as text
            ("case/C-1@03", "case/C-1", "CaseOpened"),  // looks default, is not
            ("case/C-1@0", "case/C-1", "CaseOpened"),
            ("case/C-1@", "case/C-1", "CaseOpened"),
            ("case/C-1@3x", "case/C-1", "CaseOpened"),
            ("case/C-2@3", "case/C-1", "CaseOpened"),
            ("idem-77", "case/C-1", "CaseOpened"),  // a submitter's id
            ("@1", "", "CaseOpened"),
            ("case/C-1@3", "case/C-1", "SomethingNew"),  // a type the catalogue does not know
            ("x", "registry", ""),
        ]
        for c in cases {
            let ref = EventReference(seq: 9, id: c.id, stream: c.stream, type: c.type, at: at)
            XCTAssertEqual(ref.id, c.id)
            XCTAssertEqual(ref.stream, c.stream)
            XCTAssertEqual(ref.type, c.type)
            XCTAssertEqual(ref.name, EventName(c.type))
            XCTAssertEqual(ref.seq, 9)
            XCTAssertEqual(ref.at, at)
            for other in cases {
                let o = EventReference(seq: 9, id: other.id, stream: other.stream, type: other.type, at: at)
                let same = c.id == other.id && c.stream == other.stream && c.type == other.type
                XCTAssertEqual(ref == o, same, "\(c) vs \(other)")
                if same { XCTAssertEqual(ref.hashValue, o.hashValue) }
            }
        }
    }

    func testChangingAReferencesStreamKeepsItsId() {
        var ref = EventReference(seq: 1, id: "case/C-1@2", stream: "case/C-1", type: "CaseOpened", at: Timestamp(seconds: 0))
        ref.stream = "case/C-9"
        XCTAssertEqual(ref.id, "case/C-1@2")
        XCTAssertEqual(ref, EventReference(seq: 1, id: "case/C-1@2", stream: "case/C-9", type: "CaseOpened", at: Timestamp(seconds: 0)))
        ref.id = "case/C-9@5"
        ref.type = "Unheard"
        XCTAssertEqual(ref, EventReference(seq: 1, id: "case/C-9@5", stream: "case/C-9", type: "Unheard", at: Timestamp(seconds: 0)))
    }

    func testAReferenceMadeFromARecordIsTheOneMadeFromItsMembers() {
        for (id, type) in [("case/C-1@2", "EvidenceRecorded"), ("idem-1", "EvidenceRecorded"), ("case/C-1@2", "Unheard")] {
            let record = LedgerRecord(seq: 5, id: id, stream: "case/C-1", version: 2, type: type, schema: 1,
                                      at: "2024-01-02T09:00:00+08:00", recorded: "2024-01-02T01:00:00Z",
                                      actor: Actor(agency: "a", officer: "o"), payload: [:], prev: String(repeating: "0", count: 64))
            XCTAssertEqual(EventReference(record), EventReference(seq: 5, id: id, stream: "case/C-1", type: type,
                                                                  at: Timestamp(rfc3339: "2024-01-02T09:00:00+08:00")!))
        }
    }
}
