import Foundation
@testable import IPProtection
import LedgerCore
import LedgerFixtures
import Projections
import XCTest

/// The fold keeps values that many states hold equal once (`SharedValues`), and names of
/// other streams as those streams' own: equal values, one allocation.
final class SharedValuesTests: XCTestCase {
    /// A generated ledger whose reports, cases and parties have names too long to be stored inline, as real ones do.
    static let records = LogGenerator(LogGenerator.Options(events: 20_000, seed: 5)).records().map { record in
        var r = record
        func long(_ name: String) -> String {
            name.hasPrefix("report/") || name.hasPrefix("case/") ? name.replacingOccurrences(of: "/", with: "/QQHR-2026-") : name
        }
        if r.id == "\(r.stream)@\(r.version)" { r.id = "\(long(r.stream))@\(r.version)" }
        r.stream = long(r.stream)
        for key in ["report", "case"] {
            if case .string(let name)? = r.payload[key] { r.payload[key] = .string(long(name)) }
        }
        for key in ["respondent", "rightsHolder"] {
            if case .object(var party)? = r.payload[key], case .string(let name)? = party["name"] {
                party["name"] = .string("黑龙江省齐齐哈尔市" + name)
                r.payload[key] = .object(party)
            }
        }
        return r
    }
    static let domain = ProjectionSet.replay(records).domain

    /// Where a string's bytes lie (the same place for two strings that share them); `nil`
    /// for a string stored inline (15 bytes or fewer), which has nothing to share.
    func storage(_ text: String) -> UnsafeRawPointer? {
        guard text.utf8.count > 15 else { return nil }
        var text = text
        return text.withUTF8 { UnsafeRawPointer($0.baseAddress) }
    }

    func testPartiesAndWordsAreSharedOnlyWithTheVeryBytesTheirEventsGave() throws {
        // Two spellings of one name, equal as Swift strings (canonically equivalent) but not
        // in their bytes: each report keeps its own, as its event recorded it.
        let composed = "黑龙江省齐齐哈尔市Caf\u{E9}贸易有限公司", decomposed = "黑龙江省齐齐哈尔市Cafe\u{301}贸易有限公司"
        XCTAssertEqual(composed, decomposed)
        XCTAssertNotEqual(Array(composed.utf8), Array(decomposed.utf8))
        var records = Self.records
        let received = records.indices.filter { records[$0].type == "ReportReceived" }.prefix(4)
        for (k, i) in received.enumerated() {
            records[i].payload["respondent"] = .object(["name": .string(k % 2 == 0 ? composed : decomposed),
                                                        "privateEnterprise": .bool(true)])
            records[i].payload["sector"] = .string(k % 2 == 0 ? "agricultural-caf\u{E9}-inputs" : "agricultural-cafe\u{301}-inputs")
        }
        let domain = ProjectionSet.replay(records).domain
        for (k, i) in received.enumerated() {
            let name = try XCTUnwrap(domain.reports[records[i].stream]).respondent.name
            XCTAssertEqual(Array(name.utf8), Array((k % 2 == 0 ? composed : decomposed).utf8), records[i].stream)
            let sector = try XCTUnwrap(domain.reports[records[i].stream]).sector
            XCTAssertEqual(Array(sector.utf8), Array((k % 2 == 0 ? "agricultural-caf\u{E9}-inputs" : "agricultural-cafe\u{301}-inputs").utf8))
        }
        // And the same bytes are kept once.
        let names = received.map { domain.reports[records[$0].stream]!.respondent.name }
        XCTAssertEqual(storage(names[0]), storage(names[2]))
        XCTAssertEqual(storage(names[1]), storage(names[3]))
    }

    /// `hasSameBytes(as:)` and `hashBytes(into:)` go by the UTF-8 bytes alone, for strings
    /// stored inline (up to 15 bytes) and in storage of their own, whatever made them.
    func testStringsCompareAndHashByTheirBytes() {
        func hash(_ s: String) -> Int {
            var h = Hasher()
            s.hashBytes(into: &h)
            return h.finalize()
        }
        let long = "幸福街道某百货商店（6号）举报人"
        let pairs: [(String, String, Bool)] = [
            ("", "", true), ("a", "a", true), ("a", "b", false), ("a", "ab", false),
            ("case/K", "case/\u{212A}", false),  // equal as Swift strings, not as bytes
            ("caf\u{E9}", "cafe\u{301}", false),
            (long, String(decoding: Array(long.utf8), as: UTF8.self), true),
            (long, String(long.dropLast()) + "人", true),
            (long, String(long.dropLast()) + "入", false),
            (long + long, String(repeating: long, count: 2), true),
        ]
        for (a, b, same) in pairs {
            XCTAssertEqual(a.hasSameBytes(as: b), same, "\(a) / \(b)")
            XCTAssertEqual(b.hasSameBytes(as: a), same, "\(b) / \(a)")
            XCTAssertEqual(a.hasSameBytes(as: b), Array(a.utf8) == Array(b.utf8), "\(a) / \(b)")
            if same { XCTAssertEqual(hash(a), hash(b), "\(a) / \(b)") }
        }
        XCTAssertNotEqual(hash("case/K"), hash("case/\u{212A}"))
        XCTAssertNotEqual(hash("ab"), hash("ba"))
    }

    func testACaseTakesItsReportsNameOnlyWithTheVeryBytesItGave() throws {
        // The report's stream is named in one spelling, the case's payload in another,
        // equal as Swift strings: the case keeps the spelling its event gave.
        var records = Self.records
        let opened = try XCTUnwrap(records.firstIndex { $0.type == "CaseOpened" && $0.payload["report"]?.stringValue != nil })
        let report = try XCTUnwrap(records[opened].payload["report"]?.stringValue)
        let composed = report + "-caf\u{E9}", decomposed = report + "-cafe\u{301}"
        for i in records.indices where records[i].stream == report {
            if records[i].id == "\(report)@\(records[i].version)" { records[i].id = "\(composed)@\(records[i].version)" }
            records[i].stream = composed
        }
        records[opened].payload["report"] = .string(decomposed)
        let domain = ProjectionSet.replay(records).domain
        let c = try XCTUnwrap(domain.cases[records[opened].stream])
        XCTAssertEqual(Array(try XCTUnwrap(c.report).utf8), Array(decomposed.utf8))
        XCTAssertNotNil(domain.reports[decomposed], "still its report, found by an equal name")
        XCTAssertEqual(Array(try XCTUnwrap(domain.reports.keys.first { $0 == decomposed }).utf8), Array(composed.utf8))
    }

    func testACaseSharesItsReportsRespondentAndName_andAReportItsCasesName() {
        let d = Self.domain
        var compared = 0, long = 0
        for c in d.cases.values {
            guard let name = c.report, let key = d.reports.storedName(name), let report = d.reports[name] else { continue }
            XCTAssertEqual(report.respondent, c.respondent)
            XCTAssertEqual(storage(c.report!), storage(key), "the report's name is the reports' own")
            if c.respondent.name.utf8.count > 15 { XCTAssertEqual(storage(c.respondent.name), storage(report.respondent.name)) }
            if let code = c.respondent.creditCode { XCTAssertEqual(storage(code), storage(report.respondent.creditCode!)) }
            if let caseName = report.caseOpened, let stored = d.cases.storedName(caseName) {
                XCTAssertEqual(storage(caseName), storage(stored), "the case's name is the cases' own")
            }
            compared += 1
            if key.utf8.count > 15 { long += 1 }
        }
        XCTAssertGreaterThan(compared, 1_000)
        XCTAssertGreaterThan(long, 1_000, "stream names long enough to be allocated")
        XCTAssertTrue(d.cases.values.allSatisfy { $0.respondent.name.utf8.count > 15 })
    }

    func testEqualPartiesWordsAndSingleHolderListsAreKeptOnce() {
        let d = Self.domain
        var holders: [String: Set<UnsafeRawPointer?>] = [:]
        var words: [String: Set<UnsafeRawPointer?>] = [:]
        var lists: [String: Set<UnsafeRawPointer?>] = [:]
        for c in d.cases.values {
            holders[c.rightsHolder.name, default: []].insert(storage(c.rightsHolder.name))
            for word in [c.sector, c.ipType] where word.utf8.count > 15 { words[word, default: []].insert(storage(word)) }
        }
        for r in d.reports.values {
            for word in [r.sector, r.ipType, r.channel, r.reporterKind] where word.utf8.count > 15 {
                words[word, default: []].insert(storage(word))
            }
            if r.holders.count == 1 { lists[r.holders[0], default: []].insert(r.holders.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }) }
        }
        XCTAssertFalse(holders.isEmpty)
        XCTAssertFalse(words.isEmpty, "the generated ledger has sectors too long to be stored inline")
        XCTAssertFalse(lists.isEmpty)
        for (name, places) in holders where name.utf8.count > 15 { XCTAssertEqual(places.count, 1, name) }
        for (word, places) in words { XCTAssertEqual(places.count, 1, word) }
        for (agency, places) in lists { XCTAssertEqual(places.count, 1, agency) }
    }

    func testSharingChangesNoValue_andAnAppendedHolderIsTheReportsOwn() {
        // The same records folded one stream at a time (each state with a table of its own) are equal.
        let records = Self.records
        let whole = ProjectionSet.replay(records).domain
        var alone = StreamTable<ReportState>()
        for record in records where record.stream.hasPrefix("report/") {
            alone[record.stream, default: ReportState(stream: record.stream)].evolve(record, registry: whole.registry)
        }
        XCTAssertEqual(alone, whole.reports)
        let shared = whole.reports.values.filter { $0.holders.count > 1 }
        XCTAssertFalse(shared.isEmpty, "some reports are shared with other agencies")
    }

    func testAFoldOfItsOwnKeepsValuesAsTheyCome() {
        // The recorder's fold holds a few streams: it does not pay for the table.
        let alone = DomainState.replay(Self.records)
        var places: [String: Set<UnsafeRawPointer?>] = [:]
        for c in alone.cases.values { places[c.rightsHolder.name, default: []].insert(storage(c.rightsHolder.name)) }
        XCTAssertTrue(places.values.contains { $0.count > 1 })
        XCTAssertEqual(alone.cases, Self.domain.cases)
    }
}
