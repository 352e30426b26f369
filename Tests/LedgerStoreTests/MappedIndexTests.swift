import Foundation
import XCTest
import LedgerCore
@testable import LedgerStore

/// A writer maps the stored index (entries, links, tables) instead of loading it whole:
/// what it finds must be what a whole, checked load finds, and tables it cannot trust
/// must never be used.
final class MappedIndexTests: StoreTestCase {
    func testWritersMapTheStoredIndexAndAgreeWithAWholeLoad() throws {
        let ledger = try makeLedger()
        var generator = Generator(seed: 2024)
        var expected: [String: [Int]] = [:]  // stream -> seqs
        var seq = 0
        for round in 0..<60 {
            // A new writer object each round (another process): it maps what the last one saved.
            let writer = try FileLedger(directory: ledger.directory)
            let drafts = (0..<Int(1 + generator.next() % 30)).map { i -> EventDraft in
                let n = Int(generator.next() % 1000)
                return Drafts.draft(n, stream: "s/\(generator.next() % 40)", id: generator.next() % 3 == 0 ? "id-\(round)-\(i)" : nil)
            }
            let outcomes = try writer.append(batch: drafts)
            if round > 0 {
                XCTAssertTrue(try XCTUnwrap(writer.index).isMapped, "round \(round): the writer mapped the stored index")
            }
            for outcome in outcomes where outcome.isNew {
                seq += 1
                XCTAssertEqual(outcome.record.seq, seq)
                expected[outcome.record.stream, default: []].append(seq)
            }
        }
        XCTAssertEqual(try LogVerification.verify(logAt: ledger.eventsPath).events, seq)

        // A writer's mapped index and a reader's whole one answer alike, and as the log says.
        let mapped = try FileLedger(directory: ledger.directory)
        _ = try mapped.recover()
        try mapped.withState { _ = try mapped.currentIndex(logSize: mapped.logSize()) }
        XCTAssertTrue(try XCTUnwrap(mapped.index).isMapped)
        let whole = try FileLedger(directory: ledger.directory)
        for stream in (0..<42).map({ "s/\($0)" }) {
            let fromMap = try mapped.records(inStream: stream)
            XCTAssertEqual(fromMap.map(\.seq), expected[stream] ?? [], stream)
            XCTAssertEqual(fromMap.map(\.version), (0..<fromMap.count).map { $0 + 1 }, stream)
            XCTAssertEqual(try whole.records(inStream: stream), fromMap, stream)
            XCTAssertEqual(try mapped.version(ofStream: stream), fromMap.count, stream)
        }
        for record in try records(of: ledger).filter({ _ in generator.next() % 4 == 0 }) {
            XCTAssertEqual(try mapped.record(withID: record.id), record)
            XCTAssertEqual(try whole.record(withID: record.id), record)
        }
        XCTAssertNil(try mapped.record(withID: "no-such-id"))
        XCTAssertFalse(try XCTUnwrap(whole.index).isMapped, "a reader loads the index whole")
    }

    func testTablesThatDoNotFitAreNeverMapped() throws {
        let ledger = try makeLedger()
        for n in 1...20 { try ledger.append(Drafts.draft(n, stream: "s/\(n % 4)", id: "k-\(n)")) }
        XCTAssertNotNil(EventIndex.openMapped(directory: ledger.directory))
        let tables = [path("ledger/index/streams.tbl"), path("ledger/index/ids.tbl")]
        var appended = 20

        func refused(_ what: String, _ change: (inout [UInt8]) -> Void) throws {
            for file in tables {
                var damaged = bytes(file)
                change(&damaged)
                try write(damaged, to: file)
                XCTAssertNil(EventIndex.openMapped(directory: ledger.directory), "\(what) in \(file)")
                // The writer then loads the whole index, checked, and appends as it should.
                let writer = try FileLedger(directory: ledger.directory)
                let outcome = try writer.append(Drafts.draft(99, stream: "s/1"))
                appended += 1
                XCTAssertFalse(try XCTUnwrap(writer.index).isMapped, what)
                XCTAssertEqual(outcome.record.version, try records(of: ledger).filter { $0.stream == "s/1" }.count, what)
                XCTAssertNotNil(EventIndex.openMapped(directory: ledger.directory), "\(what): the append wrote them anew")
            }
        }
        try refused("an update cut short") { $0[56] = 1 }
        try refused("another boot") { $0[40] ^= 0xFF }
        try refused("another head") { $0[32] ^= 0xFF }
        try refused("another count") { $0[8] &+= 1 }
        try refused("a file of another size") { $0.removeLast(8) }
        XCTAssertEqual(try LogVerification.verify(logAt: ledger.eventsPath).events, appended)

        // The tag moved on without the tables (a writer of an older version appended).
        var tag = try XCTUnwrap(JSONParser.parse(bytes(path("ledger/index/events.idx.head"))).objectValue)
        tag["seq"] = .number(24)
        try write(CanonicalJSON.encode(.object(tag)) + [0x0a], to: path("ledger/index/events.idx.head"))
        XCTAssertNil(EventIndex.openMapped(directory: ledger.directory))
    }

    func testADamagedTableNeverHangsAndIsWrittenAnew() throws {
        let ledger = try makeLedger()
        for n in 1...30 { try ledger.append(Drafts.draft(n, stream: "s/\(n % 5)", id: "k-\(n)")) }
        let expected = try records(of: ledger)
        // Every slot taken, though the header says few are: lookups must end, and fall back.
        for file in [path("ledger/index/streams.tbl"), path("ledger/index/ids.tbl")] {
            var table = bytes(file)
            for i in stride(from: PositionTable.headerSize, to: table.count, by: 8) {
                table.replaceSubrange(i..<i + 8, with: withUnsafeBytes(of: (UInt64(0xABCD) << 32 | 7).littleEndian) { Array($0) })
            }
            try write(table, to: file)
        }
        let writer = try FileLedger(directory: ledger.directory)
        XCTAssertEqual(try writer.append(Drafts.draft(5, stream: "s/0", id: "k-5")), .existing(expected[4]))
        XCTAssertEqual(try writer.append(Drafts.draft(31, stream: "s/1")).record.version, 7)
        XCTAssertEqual(try writer.records(inStream: "s/2").map(\.seq), [2, 7, 12, 17, 22, 27])

        let next = try FileLedger(directory: ledger.directory)
        XCTAssertEqual(try next.append(Drafts.draft(32, stream: "s/2")).record.version, 7)
        XCTAssertTrue(try XCTUnwrap(next.index).isMapped, "the tables were written anew, whole")
        XCTAssertEqual(try LogVerification.verify(logAt: ledger.eventsPath).events, 32)
    }

    // MARK: Chosen and default ids

    func testTheIDTableHoldsOnlyTheIDsSubmittersChose() throws {
        let ledger = try makeLedger()
        // Event n is version (n - 1) / 3 + 1 of stream s/(n % 3).
        func id(_ n: Int) -> String? {
            switch n {
            case 7: return "s/1@3"  // its own default id, given
            case 9: return "s/7@1"  // the default id another stream's first event would have
            default: return n % 4 == 0 ? "k-\(n)" : nil
            }
        }
        var stored: [LedgerRecord] = []
        for n in 1...30 {
            // A writer of its own each time (another process): it maps the tables the last one saved.
            let writer = try FileLedger(directory: ledger.directory)
            stored.append(try writer.append(Drafts.draft(n, stream: "s/\(n % 3)", id: id(n))).record)
            if n > 1 { XCTAssertTrue(try XCTUnwrap(writer.index).isMapped, "append \(n)") }
        }
        XCTAssertEqual(stored[6].id, "s/1@3")
        XCTAssertEqual(stored[7].id, "k-8")
        XCTAssertEqual(stored[9].id, "s/1@4")

        // The table holds "k-4" ... "k-28" and "s/7@1": 8 keys. It held all 30 before.
        let table = bytes(path("ledger/index/ids.tbl"))
        XCTAssertEqual(Array(table[0..<8]), PositionTable.magic)
        XCTAssertEqual(table.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: 24, as: UInt64.self)) }, 8)

        // Every event is found by its id, whichever table holds it: a retry returns it.
        for (i, record) in stored.enumerated() {
            let writer = try FileLedger(directory: ledger.directory)
            XCTAssertEqual(try writer.append(Drafts.draft(i + 1, stream: "s/\((i + 1) % 3)", id: record.id)), .existing(record),
                           record.id)
            XCTAssertTrue(try XCTUnwrap(writer.index).isMapped)
        }
        XCTAssertEqual(try FileLedger(directory: ledger.directory).record(withID: "s/2@5"), stored[13])
        XCTAssertNil(try FileLedger(directory: ledger.directory).record(withID: "s/2@11"))
        XCTAssertNil(try FileLedger(directory: ledger.directory).record(withID: "s/1@03"))
        // A default id given for another act is refused, as is taking a chosen one by default.
        XCTAssertThrowsError(try FileLedger(directory: ledger.directory).append(Drafts.draft(99, stream: "s/9", id: "s/2@5"))) {
            XCTAssertEqual($0 as? StoreError, .idConflict(id: "s/2@5", seq: 14))
        }
        XCTAssertThrowsError(try FileLedger(directory: ledger.directory).append(Drafts.draft(31, stream: "s/7"))) {
            XCTAssertEqual($0 as? StoreError, .idConflict(id: "s/7@1", seq: 9))
        }
        XCTAssertEqual(try ledger.count(), 30)
    }

    func testAChosenIDWithTheKeyOfTheEventsDefaultIDIsRefused() throws {
        // Two strings with the same FNV-1a-64 key (found by a collision search); so are they
        // followed by "@1". The index tells chosen ids from default ones by their keys alone.
        XCTAssertEqual(EventIndex.key("2y3xed74fqftp"), EventIndex.key("kyr7lcx5eviwe"))
        let ledger = try makeLedger()
        XCTAssertThrowsError(try ledger.append(Drafts.draft(1, stream: "kyr7lcx5eviwe", id: "2y3xed74fqftp@1"))) {
            XCTAssertEqual($0 as? StoreError, .idKeyTaken(id: "2y3xed74fqftp@1", defaultID: "kyr7lcx5eviwe@1"))
            XCTAssertTrue("\($0)".contains("choose another id"), "\($0)")
        }
        XCTAssertEqual(try ledger.count(), 0)
        // Any other id will do, and so will the default one, given or not.
        try ledger.append(Drafts.draft(1, stream: "kyr7lcx5eviwe", id: "2y3xed74fqftp@2"))
        try ledger.append(Drafts.draft(2, stream: "kyr7lcx5eviwe", id: "kyr7lcx5eviwe@2"))
        try ledger.append(Drafts.draft(3, stream: "kyr7lcx5eviwe"))
        XCTAssertEqual(try records(of: ledger).map(\.id), ["2y3xed74fqftp@2", "kyr7lcx5eviwe@2", "kyr7lcx5eviwe@3"])
    }

    func testTwoStreamsThatShareAKeyKeepTheirOwnVersionsAndIDs() throws {
        // The same collision: two stream names with one key, interleaved, each writer mapping the index.
        let (a, b) = ("2y3xed74fqftp", "kyr7lcx5eviwe")
        let ledger = try makeLedger()
        var expected: [String: [Int]] = [a: [], b: []]
        for n in 1...24 {
            let stream = n % 3 == 0 ? a : b
            let writer = try FileLedger(directory: ledger.directory)
            let record = try writer.append(Drafts.draft(n, stream: stream)).record
            expected[stream]!.append(record.seq)
            XCTAssertEqual(record.version, expected[stream]!.count, "event \(n) of \(stream)")
            XCTAssertEqual(record.id, "\(stream)@\(record.version)")
        }
        let writer = try FileLedger(directory: ledger.directory)
        for stream in [a, b] {
            XCTAssertEqual(try writer.records(inStream: stream).map(\.seq), expected[stream])
            XCTAssertEqual(try writer.version(ofStream: stream), expected[stream]!.count)
            XCTAssertEqual(try writer.record(withID: "\(stream)@2")?.seq, expected[stream]![1])
        }
        XCTAssertThrowsError(try writer.append(Drafts.draft(99, stream: b), expectedVersion: 8)) {
            XCTAssertEqual($0 as? StoreError, .versionConflict(stream: b, expected: 8, actual: 16))
        }
    }

    func testADefaultIDsKeyCarriesOnFromItsStreamsKey() {
        for stream in ["case/FLE-2024-0007", "", "a@b", "案件/甲", "registry"] {
            for version: UInt32 in [1, 9, 10, 11, 99, 100, 12_345, 4_294_967_295] {
                XCTAssertEqual(EventIndex.defaultIDKey(streamKey: EventIndex.key(stream), version: version),
                               EventIndex.key("\(stream)@\(version)"), "\(stream)@\(version)")
            }
        }
        let parts = { (id: String) in EventIndex.defaultIDParts(id).map { "\($0.stream) \($0.version)" } }
        XCTAssertEqual(parts("case/A@12"), "case/A 12")
        XCTAssertEqual(parts("a@b@7"), "a@b 7")
        XCTAssertEqual(parts("@1"), " 1")
        XCTAssertEqual(parts("s@4294967295"), "s 4294967295")
        for notDefault in ["s@0", "s@01", "s@", "s", "s@4294967296", "s@1x", "s@-1", "s@99999999999"] {
            XCTAssertNil(parts(notDefault), notDefault)
        }
    }

    // MARK: The table itself

    func testPositionTableKeepsTheLastPositionOfEachKeyWhateverItsFingerprint() {
        // Keys that share a fingerprint (low 32 bits), and keys repeated (the same stream again).
        var keys: [UInt64] = []
        var generator = Generator(seed: 7)
        for i in 0..<3000 {
            switch i % 3 {
            case 0: keys.append(generator.next())
            case 1: keys.append(UInt64(i % 17) << 32 | 0x1234_5678)
            default: keys.append(keys[Int(generator.next() % UInt64(keys.count))])
            }
        }
        var table = PositionTable(bits: 4)
        var last: [UInt64: Int] = [:]
        for (p, key) in keys.enumerated() {
            if table.isCrowded { table = table.grown() }
            XCTAssertEqual(table.exchange(key, position: p) { keys[$0] }, last[key])
            last[key] = p
        }
        XCTAssertFalse(table.overfull)
        for (key, p) in last {
            XCTAssertEqual(table.find(key, limit: keys.count) { keys[$0] }, .found(p))
            XCTAssertEqual(table.find(key, limit: p) { keys[$0] }, .beyond, "a position the caller does not know")
        }
        XCTAssertEqual(table.find(42, limit: keys.count) { keys[$0] }, .none)
    }
}

/// A small deterministic generator (SplitMix64), so that failures repeat.
private struct Generator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// `recorded` formatted byte by byte, against `Timestamp.utcString`.
final class RecordedTimeTests: XCTestCase {
    func testRecordedTextIsTheUTCString() {
        var generator = Generator(seed: 99)
        var times: [Timestamp] = [Timestamp(seconds: 0, nanoseconds: 0), Timestamp(seconds: -1, nanoseconds: 999_000_000),
                                  Timestamp(seconds: 253_402_300_799, nanoseconds: 1), Timestamp(seconds: 253_402_300_800, nanoseconds: 0),
                                  Timestamp(seconds: -62_167_219_200, nanoseconds: 0), Timestamp(seconds: -62_167_219_201, nanoseconds: 5_000)]
        for _ in 0..<5000 {
            let seconds = Int64(bitPattern: generator.next()) % 300_000_000_000
            let nanos: [Int32] = [0, Int32(generator.next() % 1000) * 1_000_000, Int32(generator.next() % 1_000_000) * 1000,
                                  Int32(generator.next() % 1_000_000_000)]
            times.append(Timestamp(seconds: seconds, nanoseconds: nanos[Int(generator.next() % 4)]))
        }
        for t in times { XCTAssertEqual(RecordedTime.text(t), t.utcString, "\(t.seconds) \(t.nanoseconds)") }
    }
}
