import Foundation
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

    func testAReferenceKeepsAnyInstantExactly() throws {
        // Packed in its stamp: RFC 3339 instants. Among its rare parts: offsets not in whole
        // minutes or past the stamp's range, seconds past 40 bits.
        let written = [
            Timestamp(rfc3339: "2024-03-11T15:00:00.123456789+08:00")!, Timestamp(rfc3339: "0000-01-01T00:00:00-23:59")!,
            Timestamp(rfc3339: "9999-12-31T23:59:59.999999999+23:59")!,
        ]
        let instants = written + [
            Timestamp(seconds: -1, nanoseconds: 5),
            Timestamp(seconds: 1_700_000_000, offsetSeconds: 28_830), Timestamp(seconds: 1_700_000_000, offsetSeconds: -983_040),
            Timestamp(seconds: Int64.max, nanoseconds: 999_999_999, offsetSeconds: Int32.max),
            Timestamp(seconds: Int64.min, nanoseconds: -1, offsetSeconds: Int32.min), Timestamp(seconds: 1 << 39),
            Timestamp(seconds: -(1 << 39) - 1),
        ]
        for at in instants {
            for stream in ["case/C-1", "案件/甲:2-"] {
                for (id, type) in [(stream + "@3", "CaseOpened"), ("idem-7", "CaseOpened"), (stream + "@3", "Unheard"), ("7:x-", "4:")] {
                    let ref = EventReference(seq: 11, id: id, stream: stream, type: type, at: at)
                    let what = "\(at.seconds) \(at.nanoseconds) \(at.offsetSeconds) \(stream) \(id) \(type)"
                    XCTAssertEqual([ref.at.seconds, Int64(ref.at.nanoseconds), Int64(ref.at.offsetSeconds)],
                                   [at.seconds, Int64(at.nanoseconds), Int64(at.offsetSeconds)], what)
                    XCTAssertEqual([ref.id, ref.stream, ref.type], [id, stream, type], what)
                    XCTAssertEqual(ref.seq, 11, what)
                    if written.contains(where: { $0 == at && $0.offsetSeconds == at.offsetSeconds }) {
                        // JSON writes an `at` as RFC 3339 text, which only these can be.
                        let decoded = try JSONDecoder().decode(EventReference.self, from: try JSONEncoder().encode(ref))
                        XCTAssertEqual(decoded, ref, what)
                        XCTAssertEqual(decoded.at.offsetSeconds, at.offsetSeconds, what)
                    }
                    // The same instant written in another offset is the same reference, as `Timestamp` compares.
                    let elsewhere = EventReference(seq: 11, id: id, stream: stream, type: type,
                                                   at: Timestamp(seconds: at.seconds, nanoseconds: at.nanoseconds, offsetSeconds: 0))
                    XCTAssertEqual(elsewhere, ref, what)
                    XCTAssertEqual(elsewhere.hashValue, ref.hashValue, what)
                    XCTAssertNotEqual(EventReference(seq: 12, id: id, stream: stream, type: type, at: at), ref, what)
                }
            }
        }
    }

    func testAReferenceIsFortyBytes() {
        // 1.3 million of them in the states folded from a million events: 16 bytes more each is 21 MB of a rebuild.
        XCTAssertEqual(MemoryLayout<EventReference>.size, 40)
        XCTAssertEqual(MemoryLayout<EventReference?>.size, 40)
        XCTAssertEqual(MemoryLayout<EventStamp>.size, 24)
    }

    func testEveryTypeNameIsKeptInTheStampsByte() {
        // The stamp keeps an `EventName?` as its one byte.
        XCTAssertEqual(MemoryLayout<EventName?>.size, 1)
        for name in EventName.allCases {
            let ref = EventReference(seq: 1, id: "case/C-1@1", stream: "case/C-1", type: name.rawValue, at: Timestamp(seconds: 0))
            XCTAssertEqual(ref.name, name)
            XCTAssertEqual(ref.type, name.rawValue)
        }
        XCTAssertNil(EventReference(seq: 1, id: "case/C-1@1", stream: "case/C-1", type: "Unheard", at: Timestamp(seconds: 0)).name)
    }

    func testANamesWhiteSpaceIsFoundByItsBytes_everyWhiteSpaceScalar() {
        // The quick test of a name's bytes never misses a white-space scalar.
        var found = 0
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value), scalar.properties.isWhitespace else { continue }
            found += 1
            let name = "某" + String(scalar) + "店"
            XCTAssertTrue(Party.mayHoldWhiteSpace(name), "U+\(String(value, radix: 16))")
            XCTAssertEqual(Party(name: name, privateEnterprise: false).nameKey, "某店")
        }
        XCTAssertGreaterThan(found, 20)
        for name in ["黑龙江某酒业股份有限公司", "电业街道某农资经销店（2号）", "Qiqihar-Trading", ""] {
            XCTAssertFalse(Party.mayHoldWhiteSpace(name), name)
            XCTAssertEqual(Party(name: name, privateEnterprise: false).nameKey, name)
        }
        XCTAssertEqual(Party(name: " 某\u{3000}商店\t", privateEnterprise: false).nameKey, "某商店")
        XCTAssertTrue(Party(name: "某 商店", privateEnterprise: true).isSame(as: Party(name: "某商店", privateEnterprise: false)))
    }

    func testAPartyIsAValue_itsSharedBoxNeverChanged() {
        let kept = Party(name: "某商店", privateEnterprise: true, creditCode: "91230200MA1234567X")
        var changed = kept
        changed.name = "另一商店"
        changed.privateEnterprise = false
        changed.creditCode = nil
        XCTAssertEqual([kept.name, changed.name], ["某商店", "另一商店"])
        XCTAssertEqual([kept.privateEnterprise, changed.privateEnterprise], [true, false])
        XCTAssertEqual([kept.creditCode, changed.creditCode], ["91230200MA1234567X", nil])
        XCTAssertEqual(changed, Party(name: "另一商店", privateEnterprise: false))
        XCTAssertEqual(changed.hashValue, Party(name: "另一商店", privateEnterprise: false).hashValue)
        XCTAssertNotEqual(changed, kept)
        XCTAssertNotEqual(Party(name: "某商店", privateEnterprise: false), Party(name: "某商店", privateEnterprise: true))
        XCTAssertEqual(Party.unnamed, Party(name: "", privateEnterprise: false))
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

    /// The states' tables file names as a `[String: State]` does: an equal name (another
    /// spelling of it included) finds the same entry, whichever way it is looked up.
    func testAStreamTableHoldsWhatADictionaryByNameHolds() {
        let composed = "case/caf\u{E9}-1", decomposed = "case/cafe\u{301}-1"
        let names = (0..<300).map { "case/FLE-2024-\(String(format: "%06d", $0))" } + [composed, "report/R-1", "案件/长-1", ""]
        var table = StreamTable<Int>(), dictionary: [String: Int] = [:]
        var generator = RobustnessTests.Generator(state: 7)
        for step in 0..<5_000 {
            var name = names[generator.below(names.count)]
            if name == composed, generator.below(2) == 0 { name = decomposed }
            switch generator.below(5) {
            case 0:
                table[name] = step
                dictionary[name] = step
            case 1:
                table[StreamKey(name), default: 0] += 1
                dictionary[name, default: 0] += 1
            case 2:
                table[name, default: 0] -= 1
                dictionary[name, default: 0] -= 1
            case 3:
                XCTAssertEqual(table.removeValue(forKey: name), dictionary.removeValue(forKey: name), name)
            default:
                table[StreamKey(name)]? *= 3
                dictionary[name]? *= 3
            }
            XCTAssertEqual(table[name], dictionary[name], name)
            XCTAssertEqual(table.count, dictionary.count)
        }
        XCTAssertEqual(table.dictionary, dictionary)
        XCTAssertEqual(Set(table.keys), Set(dictionary.keys))
        XCTAssertEqual(table.values.sorted(), dictionary.values.sorted())
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: table.map { ($0.key, $0.value) }), dictionary)
        XCTAssertEqual(StreamTable(dictionary), table)
        XCTAssertEqual(StreamKey(composed), StreamKey(decomposed), "equal names, equal keys")
        XCTAssertEqual(StreamKey(composed).hash, StreamKey(decomposed).hash)
        XCTAssertNotEqual(StreamKey("case/C-1"), StreamKey("case/C-2"))
    }

    /// The table keeps the name it was first given: `storedName` gives that very string.
    func testAStreamTableKeepsTheSpellingItWasGiven() {
        let composed = "case/caf\u{E9}-1", decomposed = "case/cafe\u{301}-1"
        var table: StreamTable<Int> = [decomposed: 1]
        table[composed, default: 0] += 1
        XCTAssertEqual(table.count, 1)
        XCTAssertEqual(table[composed], 2)
        XCTAssertEqual(table.storedName(composed).map { Array($0.utf8) }, Array(decomposed.utf8))
        XCTAssertNil(table.storedName("case/other"))
        XCTAssertEqual(Array(table.keys.first!.utf8), Array(decomposed.utf8))
    }

    /// Encoded as the dictionary by name, so that it reads back from one, and one from it.
    func testAStreamTableEncodesAsADictionaryByName() throws {
        let dictionary = ["case/C-1": 1, "case/C-2": 2, "报告/1": 3]
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let table = StreamTable(dictionary)
        XCTAssertEqual(try encoder.encode(table), try encoder.encode(dictionary))
        XCTAssertEqual(try JSONDecoder().decode(StreamTable<Int>.self, from: try encoder.encode(dictionary)), table)
        XCTAssertEqual(try JSONDecoder().decode([String: Int].self, from: try encoder.encode(table)), dictionary)
    }
}

/// A deadline book keeps its deadlines compactly and gives back exactly what it was given,
/// the unusual ones included.
final class DeadlineBookTests: XCTestCase {
    private func ref(_ seq: Int, _ stream: String, _ type: String, _ at: String, id: String? = nil) -> EventReference {
        EventReference(seq: seq, id: id ?? "\(stream)@\(seq)", stream: stream, type: type, at: Timestamp(rfc3339: at)!)
    }

    func testABookGivesBackEveryDeadlineAsItWasKept() throws {
        let opened = ref(1, "case/C-1", "CaseOpened", "2024-03-01T09:00:00+08:00")
        let approved = ref(2, "case/C-1", "TransferApproved", "2024-03-02T09:00:00+08:00")
        let transferred = ref(3, "case/C-1", "CaseTransferred", "2024-03-04T09:00:00+08:00", id: "idem-3")
        let ordered = ref(4, "supervision/S-1", "FilingOrdered", "2024-03-05T09:00:00+08:00")
        let filed = ref(5, "case/C-2", "Unheard", "2024-03-06T09:00:00+08:00")
        let settled = ref(6, "mediation/M-1", "MediationSettled", "2024-03-07T09:00:00+08:00")
        let applied = ref(7, "mediation/M-1", "ConfirmationApplied", "2024-03-08T09:00:00+08:00")
        let t = { (text: String) in Timestamp(rfc3339: text)! }
        let deadlines = [
            // As usual: the book's stream, the rule's period, started at the act.
            Deadline(rule: .penaltyDecision, stream: "case/C-1", startedBy: opened, due: t("2024-05-30T23:59:59+08:00"), agency: "amr"),
            // Met late by an act with a submitter's id, judged in hours.
            Deadline(rule: .transferAfterApproval, stream: "case/C-1", startedBy: approved, due: t("2024-03-03T09:00:00+08:00"),
                     agency: nil, status: .met(by: transferred, late: true, taken: 48)),
            // Started in another stream and met by an act of a third, of a type the catalogue does not know.
            Deadline(rule: .filingAfterOrder, stream: "case/C-1", startedBy: ordered, due: t("2024-03-20T23:59:59+08:00"),
                     agency: "psb", status: .met(by: filed, late: false, taken: 1)),
            // Of another stream than the book's first; ended; a start that is not the act's and a period that is not the rule's.
            Deadline(rule: .confirmationWindow, stream: "mediation/M-1", startedBy: settled, due: t("2024-04-20T23:59:59+08:00"),
                     agency: "org", status: .ended(by: applied, late: false), start: t("2024-03-10T00:00:00+08:00"), period: .days(40)),
            // A start at the act's instant written in another offset.
            Deadline(rule: .explanation, stream: "case/C-1", startedBy: opened, due: t("2024-03-08T23:59:59+08:00"), agency: "psb",
                     start: t("2024-03-01T01:00:00Z")),
        ]
        let book = DeadlineBook(deadlines)
        XCTAssertEqual(book.all, deadlines)
        let json = try JSONEncoder().encode(book)
        let decoded = try JSONDecoder().decode(DeadlineBook.self, from: json)
        XCTAssertEqual(decoded, book)
        for (kept, given) in zip(decoded.all, deadlines) {
            XCTAssertEqual(kept.stream, given.stream)
            XCTAssertEqual(kept.startedBy.id, given.startedBy.id)
            XCTAssertEqual(kept.startedBy.stream, given.startedBy.stream)
            XCTAssertEqual(kept.start.description, given.start.description, "the start keeps its offset")
            XCTAssertEqual(kept.period, given.period)
            XCTAssertEqual(kept.status, given.status)
        }
        // Each deadline is encoded as an array, not as keyed members.
        let all = try XCTUnwrap(try JSONSerialization.jsonObject(with: json) as? [[Any]])
        XCTAssertEqual(all.count, deadlines.count)
        XCTAssertEqual(all[0].count, 9, "open: no act")
        XCTAssertEqual(all[1].count, 12, "met: the act, late, taken")
        XCTAssertEqual(all[3].count, 11, "ended: the act, late")
        XCTAssertNotEqual(DeadlineBook(Array(deadlines.dropLast())), book)
    }

    func testAStartingActWhoseInstantIsRareIsTimedFromThatInstant() {
        // An `at` the stamp cannot pack (an offset of 8 h and 30 s) is among the reference's
        // rare parts: what the deadline took is counted from it all the same.
        let clock = LedgerClock()
        var taken: [Int] = []
        for offset: Int32 in [28_800, 28_830] {
            let start = EventReference(seq: 1, id: "case/C-1@1", stream: "case/C-1", type: "CaseOpened",
                                       at: Timestamp(seconds: 1_709_254_800, offsetSeconds: offset))
            let act = ref(2, "case/C-1", "PenaltyDecided", "2024-03-20T09:00:00+08:00")
            var book = DeadlineBook()
            book.open(.penaltyDecision, stream: "case/C-1", start: start, agency: "amr", clock: clock)
            book.meet([.penaltyDecision], by: act, clock: clock)
            guard case .met(let by, false, let took)? = book.all.first?.status else { return XCTFail("\(book.all)") }
            XCTAssertEqual(by, act)
            XCTAssertEqual(book.all.first?.startedBy.at.offsetSeconds, offset)
            taken.append(took)
        }
        XCTAssertEqual(taken[0], taken[1])
        XCTAssertGreaterThan(taken[0], 0)
    }

    func testABookHasNoRoomForDeadlinesThatNeverCome_whileSmall() {
        // A transferred case keeps five deadlines: room for eight would waste three.
        let clock = LedgerClock()
        var book = DeadlineBook()
        for k in 1...200 {
            book.open(.penaltyDecision, stream: "case/C-1", start: ref(k, "case/C-1", "CaseOpened", "2024-03-01T09:00:00+08:00"),
                      agency: "amr", clock: clock)
            if k < DeadlineBook.growsOneByOneBelow {
                // Exactly `k` here; one more where the allocator rounds a block up further.
                XCTAssertLessThanOrEqual(book.capacity, k + 1, "\(k) deadlines")
            } else {
                XCTAssertLessThanOrEqual(book.capacity, 2 * k, "\(k) deadlines: grown by doubling")
            }
        }
        XCTAssertEqual(book.all.count, 200)
        XCTAssertEqual(book.all.map(\.startedBy.seq), Array(1...200))
    }

    func testABookKeepsATakenPastThirtyTwoBits() throws {
        let opened = ref(1, "case/C-1", "CaseOpened", "2024-03-01T09:00:00+08:00")
        let met = ref(2, "case/C-1", "PenaltyDecided", "2024-03-20T09:00:00+08:00")
        for taken in [0, 17, Int(Int32.max), Int(Int32.max) + 1, -1, Int.min, Int.max] {
            let deadline = Deadline(rule: .penaltyDecision, stream: "case/C-1", startedBy: opened,
                                    due: Timestamp(rfc3339: "2024-05-30T23:59:59+08:00")!, agency: "amr",
                                    status: .met(by: met, late: false, taken: taken))
            let book = DeadlineBook([deadline])
            XCTAssertEqual(book.all, [deadline], "\(taken)")
            XCTAssertEqual(try JSONDecoder().decode(DeadlineBook.self, from: try JSONEncoder().encode(book)).all, [deadline])
        }
    }

    func testABookWithAnUnknownRuleOrOutcome_isNotRead() throws {
        let opened = ref(1, "case/C-1", "CaseOpened", "2024-03-01T09:00:00+08:00")
        let book = DeadlineBook([Deadline(rule: .penaltyDecision, stream: "case/C-1", startedBy: opened,
                                          due: Timestamp(rfc3339: "2024-05-30T23:59:59+08:00")!, agency: "amr")])
        let json = String(decoding: try JSONEncoder().encode(book), as: UTF8.self)
        for damaged in [json.replacingOccurrences(of: "\"penaltyDecision\"", with: "\"unheard\""),
                        json.replacingOccurrences(of: "\"amr\",0]", with: "\"amr\",7]")] {
            XCTAssertNotEqual(damaged, json)
            XCTAssertThrowsError(try JSONDecoder().decode(DeadlineBook.self, from: Data(damaged.utf8))) { error in
                guard case DecodingError.dataCorrupted = error else { return XCTFail("\(error)") }
            }
        }
    }
}
