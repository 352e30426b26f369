import Foundation
import XCTest
import LedgerCore
@testable import LedgerStore

/// Appends and reads back through the store API, and the index beside the log.
final class FileLedgerTests: StoreTestCase {
    func testAppendThenReadBySeqStreamAndID() throws {
        let ledger = try makeLedger()
        var outcomes: [AppendOutcome] = []
        for n in 1...30 {
            let stream = ["case/A", "case/B", "registry"][n % 3]
            outcomes.append(try ledger.append(Drafts.draft(n, stream: stream, id: n % 2 == 0 ? "evt-\(n)" : nil),
                                              now: Drafts.clock(start: 1_714_000_000 + Int64(n))))
        }
        XCTAssertEqual(try ledger.count(), 30)
        XCTAssertEqual(outcomes.map(\.record.seq), Array(1...30))
        XCTAssertTrue(outcomes.allSatisfy(\.isNew))

        let onDisk = lines(of: ledger)
        XCTAssertEqual(onDisk.count, 30)
        for (i, outcome) in outcomes.enumerated() {
            XCTAssertEqual(try ledger.record(seq: i + 1), outcome.record)
            XCTAssertEqual(try ledger.line(seq: i + 1), onDisk[i])
            XCTAssertEqual(onDisk[i], outcome.record.canonicalBytes)
            if case .appended(_, let hash) = outcome { XCTAssertEqual(hash, SHA256.hash(onDisk[i])) }
            XCTAssertEqual(outcome.record.prev, i == 0 ? SHA256.Digest.zero.hex : SHA256.hash(onDisk[i - 1]).hex)
        }
        XCTAssertEqual(try ledger.head(), SHA256.hash(onDisk[29]))

        for stream in ["case/A", "case/B", "registry"] {
            let records = try ledger.records(inStream: stream)
            XCTAssertEqual(records.count, 10)
            XCTAssertEqual(records.map(\.version), Array(1...10), stream)
            XCTAssertTrue(records.allSatisfy { $0.stream == stream })
            XCTAssertEqual(try ledger.version(ofStream: stream), 10)
        }
        XCTAssertEqual(try ledger.version(ofStream: "case/none"), 0)
        XCTAssertEqual(try ledger.records(inStream: "case/none"), [])
        // Several streams in one pass: their records in log order.
        XCTAssertEqual(try ledger.records(inStreams: ["registry", "case/B", "case/none", "case/B"]).map(\.seq),
                       (1...30).filter { $0 % 3 != 0 })
        XCTAssertEqual(try ledger.records(inStreams: []), [])

        XCTAssertEqual(try ledger.record(withID: "evt-8")?.seq, 8)
        // Without an id, the ledger makes one: <stream>@<version>.
        XCTAssertEqual(outcomes[0].record.id, "case/B@1")
        XCTAssertEqual(try ledger.record(withID: "case/B@1")?.seq, 1)
        XCTAssertNil(try ledger.record(withID: "evt-1"))
        XCTAssertThrowsError(try ledger.record(seq: 31)) { XCTAssertEqual($0 as? StoreError, .outOfRange("there is no event 31: the log holds 30")) }

        var seen: [Int] = []
        try ledger.forEachLine(fromSeq: 28) { line, number, offset in
            XCTAssertEqual(Array(line), onDisk[number - 1])
            seen.append(number)
            _ = offset
            return true
        }
        XCTAssertEqual(seen, [28, 29, 30])

        let summary = try LogVerification.verify(logAt: ledger.eventsPath)
        XCTAssertEqual(summary.events, 30)
        XCTAssertEqual(summary.streams, 3)

        // A second ledger object (another process) reads the same from the stored index.
        let other = try FileLedger(directory: ledger.directory)
        XCTAssertEqual(try other.records(inStream: "case/A"), try ledger.records(inStream: "case/A"))
        XCTAssertEqual(other.lastIndexSource, .disk)

        // Whether a reader's index fits the log: the stored one does; none, or another log's, does not.
        XCTAssertTrue(try FileLedger(directory: ledger.directory).indexFitsLog())
        XCTAssertTrue(try other.indexFitsLog())
        let index = (ledger.directory as NSString).appendingPathComponent("index")
        try FileManager.default.moveItem(atPath: index, toPath: index + ".away")
        let bare = try FileLedger(directory: ledger.directory)
        XCTAssertFalse(try bare.indexFitsLog())
        XCTAssertEqual(try bare.count(), 30, "rebuilt in memory")
        XCTAssertTrue(try bare.indexFitsLog())
        try FileManager.default.moveItem(atPath: index + ".away", toPath: index)
        let logPath = ledger.eventsPath
        let log = try Data(contentsOf: URL(fileURLWithPath: logPath))
        try log.prefix(log.count / 2).write(to: URL(fileURLWithPath: logPath))
        XCTAssertFalse(try FileLedger(directory: ledger.directory).indexFitsLog(), "the log is not the one indexed")
    }

    func testRecordedNeverDecreasesWhateverTheClock() throws {
        let ledger = try makeLedger()
        let backwards = Drafts.clock(start: 1_800_000_000, step: -7)
        for n in 1...5 { try ledger.append(Drafts.draft(n), now: backwards) }
        try ledger.append(batch: (6...9).map { Drafts.draft($0) }, now: backwards)
        // Another writer, whose index comes from disk, with a clock an hour late.
        try FileLedger(directory: ledger.directory).append(Drafts.draft(10), now: Drafts.clock(start: 1_799_996_400))
        let recorded = try records(of: ledger).map { try XCTUnwrap(Timestamp(rfc3339: $0.recorded)) }
        XCTAssertEqual(recorded.count, 10)
        for (a, b) in zip(recorded, recorded.dropFirst()) { XCTAssertLessThanOrEqual(a, b) }
        XCTAssertTrue(try records(of: ledger).allSatisfy { $0.recorded.hasSuffix("Z") })
    }

    func testBatchIsAllOrNothingWithOneWrite() throws {
        let ledger = try makeLedger()
        for n in 1...3 { try ledger.append(Drafts.draft(n)) }
        let before = bytes(ledger.eventsPath)

        struct Refused: Error {}
        XCTAssertThrowsError(try ledger.append { t in
            for n in 4...8 { try t.stage(Drafts.draft(n)) }
            throw Refused()
        }) { XCTAssertTrue($0 is Refused) }
        XCTAssertEqual(bytes(ledger.eventsPath), before)

        // A conflict on the last draft refuses the whole batch.
        XCTAssertThrowsError(try ledger.append { t in
            try t.stage(Drafts.draft(4, stream: "case/B"))
            try t.stage(Drafts.draft(5, stream: "case/A"), expectedVersion: 1)
        }) { XCTAssertEqual($0 as? StoreError, .versionConflict(stream: "case/A", expected: 1, actual: 3)) }
        XCTAssertEqual(bytes(ledger.eventsPath), before)
        XCTAssertEqual(try ledger.count(), 3)

        let outcomes = try ledger.append(batch: (4...103).map { Drafts.draft($0, stream: "bulk/\($0 % 7)") })
        XCTAssertEqual(outcomes.map(\.record.seq), Array(4...103))
        XCTAssertFalse(exists(path("ledger/append.intent")), "the intent is removed once the batch is durable")
        XCTAssertEqual(try LogVerification.verify(logAt: ledger.eventsPath).events, 103)
        // Within a batch, later drafts see the earlier ones.
        let versions = try ledger.records(inStream: "bulk/3").map(\.version)
        XCTAssertEqual(versions, Array(1...versions.count))
    }

    func testVersionConflictNamesStreamExpectedAndActual() throws {
        let ledger = try makeLedger()
        try ledger.append(Drafts.draft(1, stream: "case/X"), expectedVersion: 0)
        try ledger.append(Drafts.draft(2, stream: "case/X"), expectedVersion: 1)
        let before = bytes(ledger.eventsPath)
        XCTAssertThrowsError(try ledger.append(Drafts.draft(3, stream: "case/X"), expectedVersion: 1)) { error in
            XCTAssertEqual(error as? StoreError, .versionConflict(stream: "case/X", expected: 1, actual: 2))
            let text = "\(error)"
            XCTAssertTrue(text.contains("case/X") && text.contains("version 2") && text.contains("expected 1"), text)
        }
        XCTAssertThrowsError(try ledger.append(Drafts.draft(3, stream: "case/New"), expectedVersion: 4)) {
            XCTAssertEqual($0 as? StoreError, .versionConflict(stream: "case/New", expected: 4, actual: 0))
        }
        XCTAssertEqual(bytes(ledger.eventsPath), before)
        XCTAssertEqual(try ledger.append(Drafts.draft(3, stream: "case/X"), expectedVersion: 2).record.version, 3)
    }

    // MARK: The index

    func testLongLivedLedgerSavesOnlyNewIndexEntries() throws {
        let ledger = try makeLedger()
        for n in 1...40 {
            try ledger.append(Drafts.draft(n, stream: "s/\(n % 4)"))
            let index = try XCTUnwrap(ledger.index)
            XCTAssertEqual(index.persisted, n, "every entry is on disk, and counted as such")
            XCTAssertEqual(try POSIXFile(path: path("ledger/index/events.idx"), flags: O_RDONLY).size, 16 + 32 * n)
        }
        let reloaded = try XCTUnwrap(EventIndex.load(directory: ledger.directory))
        XCTAssertEqual(reloaded.entries, ledger.index?.entries)
        XCTAssertEqual(reloaded.head, try ledger.head())
    }

    func testALongLivedWriterSavesTheIndexEveryIntervalAndWhenReleased() throws {
        let ledger = try makeLedger()
        try ledger.append(Drafts.draft(0, stream: "s/0"))
        func stored() -> Int? { EventIndex.readTag(path("ledger/index/events.idx.head"))?.seq }
        XCTAssertEqual(stored(), 1, "by default every append saves the index")

        var writer: FileLedger? = try FileLedger(directory: ledger.directory)
        writer!.indexSaveInterval = 4
        for n in 1...9 {
            try writer!.append(Drafts.draft(n, stream: "s/\(n % 3)"))
            // Event n + 1 is appended; saves come when 4 are unsaved: at events 5 and 9.
            let saved = n < 4 ? 1 : n < 8 ? 5 : 9
            XCTAssertEqual(stored(), saved, "after the append of event \(n + 1)")
            // Another process meanwhile finds the index behind and catches up the log.
            let reader = try FileLedger(directory: ledger.directory)
            XCTAssertEqual(try reader.count(), n + 1)
            XCTAssertEqual(reader.lastCaughtUp, n + 1 - saved, "event \(n + 1)")
            XCTAssertEqual(try reader.records(inStream: "s/\(n % 3)").last?.seq, n + 1)
        }
        writer = nil
        XCTAssertEqual(stored(), 10, "the ledger's release saves what it had not")
        let reloaded = try XCTUnwrap(EventIndex.load(directory: ledger.directory))
        XCTAssertEqual(reloaded.count, 10)
        XCTAssertEqual(reloaded.head, try ledger.head())
    }

    func testSaveIndexLeavesAnIndexTheLogHasOvertaken() throws {
        let ledger = try makeLedger()
        let first = try FileLedger(directory: ledger.directory)
        first.indexSaveInterval = 100
        for n in 1...5 { try first.append(Drafts.draft(n, stream: "s/\(n % 2)")) }
        XCTAssertNil(EventIndex.readTag(path("ledger/index/events.idx.head")), "nothing saved yet")

        // Another writer appends after it, catching up (and saving) the first one's lines.
        let second = try FileLedger(directory: ledger.directory)
        try second.append(Drafts.draft(6, stream: "s/0"))
        XCTAssertEqual(second.lastCaughtUp, 5)
        let tag = bytes(path("ledger/index/events.idx.head"))
        XCTAssertEqual(EventIndex.readTag(path("ledger/index/events.idx.head"))?.seq, 6)

        // The first one's unsaved index is stale now: saving it must not write it over.
        try first.saveIndex()
        XCTAssertEqual(bytes(path("ledger/index/events.idx.head")), tag)
        // And its next append sees the second one's event.
        XCTAssertEqual(try first.append(Drafts.draft(7, stream: "s/0")).record.version, 4)
        try first.saveIndex()
        let reloaded = try XCTUnwrap(EventIndex.load(directory: ledger.directory))
        XCTAssertEqual(reloaded.count, 7)
        XCTAssertEqual(try LogVerification.verify(logAt: ledger.eventsPath).events, 7)
    }

    func testALoadedIndexHasRoomForTheAppendsThatFollow() throws {
        // A writer whose index was loaded whole (not mapped) extends its entries and links
        // in place: its first appends must not copy every entry into a doubled array.
        let ledger = try makeLedger()
        for n in 1...30 { try ledger.append(Drafts.draft(n, stream: "s/\(n % 3)")) }
        let loaded = try XCTUnwrap(EventIndex.load(directory: ledger.directory))
        XCTAssertGreaterThanOrEqual(loaded.tail.capacity, loaded.count + 1_024)
        loaded.rebuildLookups()
        XCTAssertGreaterThanOrEqual(loaded.linkTail.capacity, loaded.count + 1_024)
        XCTAssertEqual(EventIndex.roomToGrow(8_000_000), 9_000_000, "an eighth more, for large indexes")
    }

    func testIndexIsCaughtUpWhenBehind() throws {
        let ledger = try makeLedger()
        for n in 1...10 { try ledger.append(Drafts.draft(n, stream: "s/\(n % 2)")) }
        let idx = path("ledger/index/events.idx"), tag = path("ledger/index/events.idx.head")
        let (oldIdx, oldTag) = (bytes(idx), bytes(tag))
        for n in 11...15 { try ledger.append(Drafts.draft(n, stream: "s/\(n % 2)")) }
        try write(oldIdx, to: idx)
        try write(oldTag, to: tag)

        let reader = try FileLedger(directory: ledger.directory)
        XCTAssertEqual(try reader.count(), 15)
        XCTAssertEqual(reader.lastIndexSource, .disk)
        XCTAssertEqual(reader.lastCaughtUp, 5)
        try reader.append(Drafts.draft(16, stream: "s/0"))
        XCTAssertEqual(try reader.records(inStream: "s/0").map(\.version), Array(1...8))
        XCTAssertEqual(try XCTUnwrap(EventIndex.load(directory: ledger.directory)).count, 16)
        XCTAssertEqual(try LogVerification.verify(logAt: ledger.eventsPath).events, 16)
    }

    func testIndexIsRebuiltWhenDeletedOrTruncated() throws {
        let ledger = try makeLedger()
        for n in 1...12 { try ledger.append(Drafts.draft(n, stream: "s/\(n % 3)", id: "id-\(n)")) }
        let expected = try records(of: ledger)

        try FileManager.default.removeItem(atPath: path("ledger/index"))
        var reader = try FileLedger(directory: ledger.directory)
        XCTAssertEqual(try reader.count(), 12)
        XCTAssertEqual(reader.lastIndexSource, .rebuilt)
        XCTAssertEqual(try reader.record(withID: "id-7"), expected[6])
        try reader.append(Drafts.draft(13, stream: "s/1"))
        XCTAssertEqual(try reader.version(ofStream: "s/1"), 5)
        XCTAssertTrue(exists(path("ledger/index/events.idx.head")), "the next append saves the rebuilt index")

        let idx = path("ledger/index/events.idx")
        try POSIXFile(path: idx, flags: O_RDWR).truncate(to: 16 + 32 * 5 + 7)
        reader = try FileLedger(directory: ledger.directory)
        XCTAssertEqual(try reader.count(), 13)
        XCTAssertEqual(reader.lastIndexSource, .rebuilt)
        XCTAssertEqual(try reader.records(inStream: "s/1").map(\.seq), [1, 4, 7, 10, 13])

        try write([], to: path("ledger/index/events.idx.head"))
        reader = try FileLedger(directory: ledger.directory)
        XCTAssertEqual(try reader.count(), 13)
        XCTAssertEqual(reader.lastIndexSource, .rebuilt)
    }

    func testIndexIsRebuiltWhenItLies() throws {
        let ledger = try makeLedger()
        for n in 1...12 { try ledger.append(Drafts.draft(n, stream: "s/\(n % 3)", id: "id-\(n)")) }
        let idx = path("ledger/index/events.idx"), tag = path("ledger/index/events.idx.head")
        let (goodIdx, goodTag) = (bytes(idx), bytes(tag))

        func reopen(_ change: () throws -> Void, _ what: String) throws -> FileLedger {
            try write(goodIdx, to: idx)
            try write(goodTag, to: tag)
            try change()
            let reader = try FileLedger(directory: ledger.directory)
            XCTAssertEqual(try reader.count(), 12, what)
            XCTAssertEqual(reader.lastIndexSource, .rebuilt, what)
            return reader
        }
        // An entry says event 11 (stream s/2, version 4) is at version 1 of another stream.
        var reader = try reopen({
            var b = goodIdx
            let p = 16 + 10 * 32
            b[p + 12] = 1
            for i in 0..<8 { b[p + 16 + i] = goodIdx[16 + 0 * 32 + 16 + i] }
            try write(b, to: idx)
        }, "entries changed under a valid tag")
        let outcome = try reader.append(Drafts.draft(13, stream: "s/2"))
        XCTAssertEqual(outcome.record.version, 5, "the version comes from the log, not from a lying index")

        try write(goodIdx, to: idx)
        try write(goodTag, to: tag)
        try FileLedger(directory: ledger.directory).append(Drafts.draft(14, stream: "s/0"))
        let good13Idx = bytes(idx), good13Tag = bytes(tag)
        func reopen14(_ change: () throws -> Void, _ what: String) throws {
            try write(good13Idx, to: idx)
            try write(good13Tag, to: tag)
            try change()
            let r = try FileLedger(directory: ledger.directory)
            XCTAssertEqual(try r.count(), 14, what)
            XCTAssertEqual(r.lastIndexSource, .rebuilt, what)
            XCTAssertEqual(try r.version(ofStream: "s/0"), 5, what)
        }
        func editTag(_ edit: (inout [String: JSONValue]) -> Void) throws {
            var members = try XCTUnwrap(JSONParser.parse(good13Tag).objectValue)
            edit(&members)
            try write(CanonicalJSON.encode(.object(members)) + [0x0a], to: tag)
        }
        try reopen14({ try editTag { $0["head"] = .string(String(repeating: "ab", count: 32)) } }, "a head that is not the log's")
        try reopen14({ try editTag { $0["end"] = .number(1_000_000) } }, "an end past the log")
        try reopen14({ try editTag { $0["check"] = .string("0000000000000000") } }, "a wrong checksum")
        try reopen14({ try editTag { $0["seq"] = .number(20) } }, "more events than the entries file holds")

        // An index copied from another ledger of the same length.
        let other = try makeLedger("other")
        for n in 1...14 { try other.append(Drafts.draft(n + 100, stream: "s/\(n % 3)")) }
        try reopen14({
            try write(bytes(path("other/index/events.idx")), to: idx)
            try write(bytes(path("other/index/events.idx.head")), to: tag)
        }, "another ledger's index")
        reader = try FileLedger(directory: ledger.directory)
        XCTAssertEqual(try reader.record(withID: "id-12")?.seq, 12)
    }

    func testWritersInOneProcessSeeEachOther() throws {
        let a = try makeLedger()
        let b = try FileLedger(directory: a.directory)
        try a.append(Drafts.draft(1))
        try b.append(Drafts.draft(2))
        try a.append(Drafts.draft(3))
        try b.append(batch: [Drafts.draft(4), Drafts.draft(5, stream: "case/B")])
        try a.append(Drafts.draft(6))
        XCTAssertEqual(try a.records(inStream: "case/A").map(\.version), [1, 2, 3, 4, 5])
        XCTAssertEqual(try b.count(), 6)
        XCTAssertEqual(try LogVerification.verify(logAt: a.eventsPath).events, 6)
    }

    func testAWriterKeepsTheLogOpenAndItsOwnLinesUntilAnotherWriterOrAReplacedLogIntervenes() throws {
        let a = try makeLedger()
        try a.append(Drafts.draft(1))
        let kept = try XCTUnwrap(a.appendLog?.file)
        try a.append(Drafts.draft(2))
        XCTAssertTrue(a.appendLog?.file === kept, "the same descriptor, the log unchanged")
        XCTAssertEqual(a.ownRecords.keys.sorted(), [0, 1], "its own lines, for the next append")
        XCTAssertEqual(a.ownRecords[1]?.version, 2)

        // Another writer appends: what we kept of the log's lines is dropped, not trusted.
        let b = try FileLedger(directory: a.directory)
        try b.append(Drafts.draft(3))
        try a.append(Drafts.draft(4))
        XCTAssertEqual(a.ownRecords.keys.sorted(), [3])
        XCTAssertEqual(try a.records(inStream: "case/A").map(\.version), [1, 2, 3, 4])

        // The log replaced by another file of the same bytes (an operator's restore): opened anew.
        let copy = path("ledger/events.copy")
        try write(bytes(a.eventsPath), to: copy)
        XCTAssertEqual(rename(copy, a.eventsPath), 0)
        try a.append(Drafts.draft(5))
        XCTAssertFalse(a.appendLog?.file === kept)
        XCTAssertEqual(lines(of: a).count, 5, "the fifth line is in the file the path names")
        XCTAssertEqual(try LogVerification.verify(logAt: a.eventsPath).events, 5)

        // A batch's lines are let go.
        try a.append(batch: (6...80).map { Drafts.draft($0) })
        XCTAssertTrue(a.ownRecords.isEmpty)
    }

    func testALargeBatchIsFreedElsewhereWhileTheWriterGoesOn() throws {
        // A batch of 1,000 or more leaves its transaction to another thread to free.
        let ledger = try makeLedger()
        for round in 0..<3 {
            let outcomes = try ledger.append(batch: (1...1_200).map { Drafts.draft($0, stream: "bulk/\($0 % 7)") })
            XCTAssertEqual(outcomes.map(\.record.seq), Array(round * 1_201 + 1...round * 1_201 + 1_200))
            try ledger.append(Drafts.draft(round, stream: "case/A"))
        }
        XCTAssertEqual(try ledger.records(inStream: "case/A").map(\.version), [1, 2, 3])
        XCTAssertEqual(try LogVerification.verify(logAt: ledger.eventsPath).events, 3_603)
    }

    func testAnIntentLeftByAWriterThatDiedBeforeWritingIsRemovedByTheNextAppend() throws {
        let a = try makeLedger()
        try a.append(Drafts.draft(1))
        // Another writer announced a batch where the log ends, and died before writing it.
        // The log still ends where `a`'s own last append ended it.
        let intent: JSONValue = ["start": .number(Double(try a.logSize())), "end": .number(Double(try a.logSize() + 5_000)),
                                 "count": 2, "first": .string(String(repeating: "ab", count: 32)),
                                 "last": .string(String(repeating: "cd", count: 32)), "lines": .string(String(repeating: "ef", count: 32))]
        try write(CanonicalJSON.encode(intent) + [0x0a], to: path("ledger/append.intent"))
        try a.append(Drafts.draft(2))
        // Left there, it would hold back from readers every line after its start.
        XCTAssertFalse(exists(path("ledger/append.intent")))
        try a.append(Drafts.draft(3))
        XCTAssertEqual(try FileLedger(directory: a.directory).count(), 3, "a reader sees every acknowledged line")
        XCTAssertEqual(try LogVerification.verify(logAt: a.eventsPath).events, 3)
    }

    func testThreadsMayShareALedgerOrEachOpenTheirOwn() throws {
        let shared = try makeLedger()
        let errors = NSMutableArray()
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            do {
                let ledger = worker % 2 == 0 ? shared : try FileLedger(directory: shared.directory)
                for n in 1...25 {
                    try ledger.append(Drafts.draft(n, stream: "w/\(worker % 3)", id: "w\(worker)-\(n)"))
                    _ = try ledger.count()
                }
            } catch {
                errors.add("\(error)")
            }
        }
        XCTAssertEqual(errors.count, 0, "\(errors)")
        XCTAssertEqual(try shared.count(), 200)
        let summary = try LogVerification.verify(logAt: shared.eventsPath)
        XCTAssertEqual(summary.events, 200)
        XCTAssertEqual(Set(try records(of: shared).map(\.id)).count, 200)
    }

    func testReadersDoNotSeeABatchStillBeingWritten() throws {
        let ledger = try makeLedger()
        for n in 1...3 { try ledger.append(Drafts.draft(n)) }
        let start = try ledger.logSize()
        // What a batch of three looks like, built in a copy of the ledger.
        let copy = path("copy")
        try FileManager.default.copyItem(atPath: ledger.directory, toPath: copy)
        try FileLedger(directory: copy).append(batch: (4...6).map { Drafts.draft($0) })
        let batch = Array(bytes((copy as NSString).appendingPathComponent("events.jsonl"))[start...])
        let intent: JSONValue = ["start": .number(Double(start)), "end": .number(Double(start + batch.count)),
                                 "count": 3, "last": .string(SHA256.hash(batch.dropLast().split(separator: 0x0a).last!).hex),
                                 "hash": .string(SHA256.hash(batch).hex)]
        try write(CanonicalJSON.encode(intent) + [0x0a], to: path("ledger/append.intent"))
        // Two whole lines of the three are written so far.
        let twoLines = Array(batch[..<(batch.firstIndex(of: 0x0a)! + 1)]) +
            Array(batch[(batch.firstIndex(of: 0x0a)! + 1)...].prefix { $0 != 0x0a }) + [0x0a]
        try append(twoLines, to: ledger.eventsPath)

        let reader = try FileLedger(directory: ledger.directory)
        XCTAssertEqual(try reader.count(), 3)
        var numbers: [Int] = []
        try reader.forEachLine { _, n, _ in numbers.append(n); return true }
        XCTAssertEqual(numbers, [1, 2, 3])

        // The batch completes: now it is seen.
        try append(Array(batch[twoLines.count...]), to: ledger.eventsPath)
        XCTAssertEqual(try reader.count(), 6)
    }
}
