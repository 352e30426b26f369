import Foundation
import XCTest
import LedgerCore
@testable import LedgerStore

/// What a crash leaves at the end of the log, and how opening or the next append repairs it.
final class RecoveryTests: StoreTestCase {
    let crashTime = Timestamp(seconds: 1_714_003_600)  // 2024-04-25T00:06:40Z

    /// A ledger of `count` events and the bytes of the log.
    func ledger(with count: Int) throws -> (FileLedger, [UInt8]) {
        let ledger = try makeLedger()
        for n in 1...count { try ledger.append(Drafts.draft(n, stream: "s/\(n % 2)", id: "e-\(n)")) }
        return (ledger, bytes(ledger.eventsPath))
    }

    /// The lines a batch of `drafts` would add to `ledger`, made in a copy of it, with its intent.
    func batchBytes(after ledger: FileLedger, _ drafts: [EventDraft]) throws -> (bytes: [UInt8], intent: [UInt8]) {
        let copy = path("copy-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: ledger.directory, toPath: copy)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let start = try ledger.logSize()
        try FileLedger(directory: copy).append(batch: drafts)
        let batch = Array(bytes((copy as NSString).appendingPathComponent("events.jsonl"))[start...])
        let batchLines = batch.dropLast().split(separator: 0x0a)
        let intent: JSONValue = ["start": .number(Double(start)), "end": .number(Double(start + batch.count)),
                                 "count": .number(Double(drafts.count)), "last": .string(SHA256.hash(batchLines.last!).hex),
                                 "first": .string(SHA256.hash(batchLines.first!).hex), "hash": .string(SHA256.hash(batch).hex)]
        return (batch, CanonicalJSON.encode(intent) + [0x0a])
    }

    func quarantineNotes() throws -> [JSONValue] {
        let text = bytes(path("ledger/quarantine/quarantine.jsonl"))
        return try text.split(separator: 0x0a).map { try JSONParser.parse(Array($0)) }
    }

    func quarantined(_ note: JSONValue) throws -> [UInt8] {
        bytes(path("ledger/quarantine/" + (try XCTUnwrap(note["file"]?.stringValue))))
    }

    // MARK: Torn tails

    func testTornTailIsQuarantinedOnOpening() throws {
        let (ledger, clean) = try ledger(with: 5)
        let torn = Array(Drafts.draft(6).record(seq: 6, version: 3, recorded: "2024-04-25T00:00:00Z",
                                                 prev: SHA256.hash(lines(of: ledger)[4]).hex, defaultID: "x").canonicalBytes.prefix(57))
        try append(torn, to: ledger.eventsPath)
        XCTAssertThrowsError(try LogVerification.verify(logAt: ledger.eventsPath)) {
            XCTAssertEqual(($0 as? LogDefect)?.kind, .unterminatedLine)
            XCTAssertEqual(($0 as? LogDefect)?.line, 6)
        }

        var warnings: [String] = []
        _ = try FileLedger.open(directory: ledger.directory, warn: { warnings.append($0) })
        let recovered = try FileLedger(directory: ledger.directory)
        XCTAssertEqual(bytes(ledger.eventsPath), clean, "the log is cut back to its last complete line")
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings[0].contains("torn write") && warnings[0].contains("57 bytes") &&
                      warnings[0].contains("offset \(clean.count)") && warnings[0].contains("quarantine"), warnings[0])

        let notes = try quarantineNotes()
        XCTAssertEqual(notes.count, 1)
        XCTAssertEqual(notes[0]["offset"]?.intValue, clean.count)
        XCTAssertEqual(notes[0]["length"]?.intValue, 57)
        XCTAssertEqual(notes[0]["from"]?.stringValue, "events.jsonl")
        XCTAssertNotNil(Timestamp(rfc3339: notes[0]["at"]?.stringValue ?? ""))
        XCTAssertTrue(notes[0]["reason"]?.stringValue?.contains("torn write") ?? false)
        XCTAssertEqual(try quarantined(notes[0]), torn, "no byte is dropped")
        XCTAssertTrue(notes[0]["file"]?.stringValue?.contains("offset-\(clean.count)") ?? false)

        XCTAssertEqual(try LogVerification.verify(logAt: ledger.eventsPath).events, 5)
        XCTAssertEqual(try recovered.append(Drafts.draft(6)).record.seq, 6)
        XCTAssertEqual(try LogVerification.verify(logAt: ledger.eventsPath).events, 6)
    }

    func testTornTailIsQuarantinedByTheNextAppend() throws {
        let (ledger, clean) = try ledger(with: 3)
        try append(Array("{\"actor\":{\"agency\":\"TE".utf8), to: ledger.eventsPath)
        var warnings: [String] = []
        let outcome = try ledger.append(Drafts.draft(4), now: { self.crashTime }, warn: { warnings.append($0) })
        XCTAssertEqual(outcome.record.seq, 4)
        XCTAssertEqual(warnings.count, 1)
        XCTAssertEqual(Array(bytes(ledger.eventsPath).prefix(clean.count)), clean)
        let notes = try quarantineNotes()
        XCTAssertEqual(notes.first?["at"]?.stringValue, crashTime.utcString, "the note says when")
        XCTAssertEqual(notes.first?["offset"]?.intValue, clean.count, "and where the bytes were")
        XCTAssertEqual(try LogVerification.verify(logAt: ledger.eventsPath).events, 4)
    }

    func testALogThatIsOnlyATornLineIsCutToEmpty() throws {
        let ledger = try makeLedger()
        try append(Array("{\"actor\":".utf8), to: ledger.eventsPath)
        XCTAssertEqual(try ledger.recover(now: crashTime).count, 1)
        XCTAssertEqual(try ledger.logSize(), 0)
        XCTAssertEqual(try ledger.append(Drafts.draft(1)).record.seq, 1)
    }

    func testQuarantineNeverOverwritesAnEarlierFile() throws {
        let (ledger, clean) = try ledger(with: 2)
        try append(Array("first torn bytes".utf8), to: ledger.eventsPath)
        XCTAssertEqual(try ledger.recover(now: crashTime).count, 1)
        try append(Array("second".utf8), to: ledger.eventsPath)
        XCTAssertEqual(try ledger.recover(now: crashTime).count, 1, "the same offset, the same instant")
        XCTAssertEqual(bytes(ledger.eventsPath), clean)
        let notes = try quarantineNotes()
        XCTAssertEqual(notes.count, 2)
        XCTAssertNotEqual(notes[0]["file"], notes[1]["file"])
        XCTAssertEqual(try quarantined(notes[0]), Array("first torn bytes".utf8))
        XCTAssertEqual(try quarantined(notes[1]), Array("second".utf8))
    }

    func testACleanLogIsLeftAlone() throws {
        let (ledger, clean) = try ledger(with: 4)
        XCTAssertEqual(try ledger.recover(), [])
        XCTAssertEqual(bytes(ledger.eventsPath), clean)
        XCTAssertFalse(exists(path("ledger/quarantine")))
    }

    // MARK: Batches cut short

    func testUnfinishedBatchEndingOnALineBoundaryIsQuarantined() throws {
        let (ledger, clean) = try ledger(with: 4)
        let (batch, intent) = try batchBytes(after: ledger, (5...9).map { Drafts.draft($0, id: "b-\($0)") })
        try write(intent, to: path("ledger/append.intent"))
        // Three of the five lines reached the disk: every line is complete, so only the
        // intent tells that the batch is unfinished.
        var cut = 0
        for _ in 0..<3 { cut = batch[cut...].firstIndex(of: 0x0a)! + 1 }
        try append(Array(batch[..<cut]), to: ledger.eventsPath)
        XCTAssertEqual(try LogVerification.verify(logAt: ledger.eventsPath).events, 7, "the lines alone look sound")

        var warnings: [String] = []
        let outcome = try ledger.append(Drafts.draft(5, id: "after"), now: { self.crashTime }, warn: { warnings.append($0) })
        XCTAssertEqual(outcome.record.seq, 5, "the unacknowledged batch is gone from the log")
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings[0].contains("interrupted batch") && warnings[0].contains("5 events"), warnings[0])
        XCTAssertEqual(Array(bytes(ledger.eventsPath).prefix(clean.count)), clean)
        XCTAssertFalse(exists(path("ledger/append.intent")))
        let notes = try quarantineNotes()
        XCTAssertEqual(notes.count, 1)
        XCTAssertEqual(notes[0]["offset"]?.intValue, clean.count)
        XCTAssertEqual(try quarantined(notes[0]), Array(batch[..<cut]))
        XCTAssertNil(try ledger.record(withID: "b-5"))
        XCTAssertEqual(try LogVerification.verify(logAt: ledger.eventsPath).events, 5)
    }

    /// The intent an append writes today: `lines`, the SHA-256 of the lines' event hashes.
    func linesIntent(_ batch: [UInt8], start: Int, count: Int) -> [UInt8] {
        let lines = batch.dropLast().split(separator: 0x0a, omittingEmptySubsequences: false)
        var hasher = SHA256()
        for line in lines { hasher.update(SHA256.hash(line)) }
        let intent: JSONValue = ["start": .number(Double(start)), "end": .number(Double(start + batch.count)),
                                 "count": .number(Double(count)), "first": .string(SHA256.hash(lines.first!).hex),
                                 "last": .string(SHA256.hash(lines.last!).hex), "lines": .string(hasher.finalize().hex)]
        return CanonicalJSON.encode(intent) + [0x0a]
    }

    func testABatchWithAPageLostInTheMiddleIsQuarantined() throws {
        // After a power cut the last page of a batch may be on disk and one in the middle
        // not (zeros where it was): the last line still hashes right; `lines` tells.
        let (ledger, clean) = try ledger(with: 4)
        let (batch, _) = try batchBytes(after: ledger, (5...40).map { Drafts.draft($0, id: "b-\($0)") })
        let intent = linesIntent(batch, start: clean.count, count: 36)
        var damaged = batch
        for i in (batch.count / 2)..<(batch.count / 2 + 100) { damaged[i] = 0 }
        try write(intent, to: path("ledger/append.intent"))
        try append(damaged, to: ledger.eventsPath)
        XCTAssertEqual(try ledger.recover(now: crashTime).count, 1)
        XCTAssertEqual(bytes(ledger.eventsPath), clean)
        XCTAssertEqual(try quarantined(try quarantineNotes()[0]), damaged)

        // The same batch whole is kept, and the intent removed.
        try write(intent, to: path("ledger/append.intent"))
        try append(batch, to: ledger.eventsPath)
        XCTAssertEqual(try ledger.recover(now: crashTime), [])
        XCTAssertEqual(bytes(ledger.eventsPath), clean + batch)
        XCTAssertFalse(exists(path("ledger/append.intent")))
        XCTAssertEqual(try LogVerification.verify(logAt: ledger.eventsPath).events, 40)
    }

    func testUnfinishedBatchTornMidLineIsQuarantinedWhole() throws {
        let (ledger, clean) = try ledger(with: 4)
        let (batch, intent) = try batchBytes(after: ledger, (5...9).map { Drafts.draft($0) })
        try write(intent, to: path("ledger/append.intent"))
        let cut = batch.count - 40
        try append(Array(batch[..<cut]), to: ledger.eventsPath)

        let warnings = try ledger.recover(now: crashTime)
        XCTAssertEqual(warnings.count, 1, "one repair: the whole batch, its torn end included")
        XCTAssertEqual(bytes(ledger.eventsPath), clean)
        XCTAssertEqual(try quarantined(try quarantineNotes()[0]), Array(batch[..<cut]))
        XCTAssertFalse(exists(path("ledger/append.intent")))
    }

    func testIntentWithoutAnyBatchBytesIsRemoved() throws {
        let (ledger, clean) = try ledger(with: 2)
        let (_, intent) = try batchBytes(after: ledger, (3...4).map { Drafts.draft($0) })
        try write(intent, to: path("ledger/append.intent"))
        XCTAssertEqual(try ledger.recover(), [], "the crash came before the batch was written: nothing to undo")
        XCTAssertEqual(bytes(ledger.eventsPath), clean)
        XCTAssertFalse(exists(path("ledger/append.intent")))
        XCTAssertFalse(exists(path("ledger/quarantine")))
    }

    func testLeftoverIntentOfACompleteBatchIsKept() throws {
        let (ledger, _) = try ledger(with: 3)
        let (batch, intent) = try batchBytes(after: ledger, (4...8).map { Drafts.draft($0, id: "b-\($0)") })
        // The crash came after the batch's fsync, before the intent was removed.
        try append(batch, to: ledger.eventsPath)
        try write(intent, to: path("ledger/append.intent"))
        // And acknowledged appends after it, should a stale intent come back after a power cut.
        let full = bytes(ledger.eventsPath)

        XCTAssertEqual(try ledger.recover(), [])
        XCTAssertEqual(bytes(ledger.eventsPath), full)
        XCTAssertFalse(exists(path("ledger/append.intent")))
        XCTAssertEqual(try ledger.record(withID: "b-8")?.seq, 8)

        try ledger.append(Drafts.draft(9, id: "later"))
        let withLater = bytes(ledger.eventsPath)
        try write(intent, to: path("ledger/append.intent"))
        XCTAssertEqual(try ledger.recover(), [], "a complete batch followed by later appends is kept")
        XCTAssertEqual(bytes(ledger.eventsPath), withLater)
    }

    func testIntentOfAnEarlierFormatIsJudgedByItsLastLine() throws {
        let (ledger, clean) = try ledger(with: 2)
        let (batch, intent) = try batchBytes(after: ledger, (3...5).map { Drafts.draft($0) })
        var members = try XCTUnwrap(JSONParser.parse(intent).objectValue)
        members["hash"] = nil
        members["first"] = nil
        try write(CanonicalJSON.encode(.object(members)) + [0x0a], to: path("ledger/append.intent"))
        try append(batch, to: ledger.eventsPath)
        XCTAssertEqual(try ledger.recover(), [])
        XCTAssertEqual(try ledger.count(), 5)

        try POSIXFile(path: ledger.eventsPath, flags: O_RDWR).truncate(to: clean.count + batch.firstIndex(of: 0x0a)! + 1)
        try write(CanonicalJSON.encode(.object(members)) + [0x0a], to: path("ledger/append.intent"))
        XCTAssertEqual(try ledger.recover(now: crashTime).count, 1)
        XCTAssertEqual(bytes(ledger.eventsPath), clean)
    }

    func testAStaleIntentNeverCutsLaterAppends() throws {
        // A batch failed and its intent was removed, but a power cut undid the removal;
        // meanwhile other appends were acknowledged where the batch would have begun.
        let (ledger, _) = try ledger(with: 3)
        let (_, intent) = try batchBytes(after: ledger, (4...9).map { Drafts.draft($0, id: "b-\($0)") })
        for n in 4...30 { try ledger.append(Drafts.draft(n, id: "later-\(n)")) }
        let acknowledged = bytes(ledger.eventsPath)
        try write(intent, to: path("ledger/append.intent"))

        let warnings = try ledger.recover(now: crashTime)
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings[0].contains("stale intent"), warnings[0])
        XCTAssertEqual(bytes(ledger.eventsPath), acknowledged, "nothing acknowledged is cut")
        XCTAssertFalse(exists(path("ledger/append.intent")))
        XCTAssertFalse(exists(path("ledger/quarantine")))

        // The same stale intent with a torn tail after the later appends: only the tail goes.
        try write(intent, to: path("ledger/append.intent"))
        try append(Array("{\"actor\"".utf8), to: ledger.eventsPath)
        XCTAssertEqual(try ledger.recover(now: crashTime).count, 2)
        XCTAssertEqual(bytes(ledger.eventsPath), acknowledged)
    }

    // MARK: Complete but corrupt lines

    func testCompleteCorruptLastLineIsNeverRepaired() throws {
        let (ledger, clean) = try ledger(with: 5)
        var damaged = clean
        // A space after the first `{` of line 5: still JSON, no longer canonical.
        let line5 = damaged[..<(damaged.count - 1)].lastIndex(of: 0x0a)! + 1
        damaged.insert(0x20, at: line5 + 1)
        try write(damaged, to: ledger.eventsPath)

        let fresh = try FileLedger(directory: ledger.directory)
        XCTAssertEqual(try fresh.recover(), [], "a complete line is not a torn write")
        XCTAssertEqual(bytes(ledger.eventsPath), damaged)
        for writer in [ledger, fresh] {
            XCTAssertThrowsError(try writer.append(Drafts.draft(6))) { error in
                guard case StoreError.damaged(let defect)? = error as? StoreError else { return XCTFail("\(error)") }
                XCTAssertEqual(defect.line, 5)
                XCTAssertEqual(defect.kind, .notCanonical)
            }
        }
        XCTAssertEqual(bytes(ledger.eventsPath), damaged, "nothing appended after it, nothing repaired")
        XCTAssertThrowsError(try LogVerification.verify(logAt: ledger.eventsPath)) {
            XCTAssertEqual(($0 as? LogDefect)?.line, 5)
        }
    }

    func testAppendIsRefusedAfterALineThatSkipsAVersion() throws {
        let ledger = try makeLedger()
        try ledger.append(Drafts.draft(1, stream: "s/x"))
        // Someone else's tool appends a sound-looking line that skips version 2.
        let bad = Drafts.draft(2, stream: "s/x").record(seq: 2, version: 3, recorded: "2024-04-25T00:00:00Z",
                                                         prev: try ledger.head().hex, defaultID: "bad")
        try append(bad.canonicalBytes + [0x0a], to: ledger.eventsPath)
        let before = bytes(ledger.eventsPath)
        XCTAssertThrowsError(try ledger.append(Drafts.draft(3, stream: "s/x"))) { error in
            guard case StoreError.damaged(let defect)? = error as? StoreError else { return XCTFail("\(error)") }
            XCTAssertEqual(defect.line, 2)
            XCTAssertEqual(defect.kind, .versionGap)
        }
        XCTAssertEqual(bytes(ledger.eventsPath), before)
    }
}
