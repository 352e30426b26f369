import Foundation
@testable import LedgerCLI
import LedgerCore
import LedgerFixtures
import LedgerStore
import Projections
import XCTest

/// The snapshot written as it is encoded: the same file `SnapshotFile.save` writes of the
/// whole encoding, compared with the file already there on the way, written only when it differs.
final class StreamedSnapshotTests: XCTestCase {
    /// Large enough for the reports to be cut in blocks.
    static let records = LogGenerator(LogGenerator.Options(events: 60_000, seed: 11)).records()
    /// The last event of a stream already open that sorts in the second half of the streams:
    /// without it, the set has the same streams, and the first block of each dictionary is
    /// the same.
    static let last: Int = {
        let streams = Set(records.map(\.stream)).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let median = Array(streams[streams.count / 2].utf8)
        return records.lastIndex { $0.version > 1 && median.lexicographicallyPrecedes(Array($0.stream.utf8)) }!
    }()
    static let full = ProjectionSet.replay(records[...last])
    /// The same set one event short, its dictionaries as large: the blocks holding that
    /// event's stream differ, those before them do not.
    static let short = ProjectionSet.replay(records[..<last])

    let position = ProjectionSnapshots.Position(seq: 60_000, offset: 9_000_000, length: 480, hash: SHA256.hash(Array("line".utf8)),
                                                recorded: "2026-11-21T08:00:00.000Z")

    func inode(_ file: String) -> UInt64 {
        var st = stat()
        return stat(file, &st) == 0 ? UInt64(st.st_ino) : 0
    }

    /// An empty ledger whose snapshot file holds `short`, written streamed, and mapped.
    func ledgerWithShortSnapshot() throws -> (FileLedger, String, MappedSnapshot) {
        let dir = try CLIHarness.temporaryDirectory(self)
        try CLIHarness.writeLedger([], in: dir)
        let ledger = try LedgerLocation.open(dir)
        let path = ProjectionSnapshots.path(ledger)
        try StreamedSnapshot(Self.short, at: position, ledger, comparingWith: nil).commit()
        return (ledger, path, try XCTUnwrap(try SnapshotFile.map(path)))
    }

    func testTheFileWritten_isTheOneSaveWritesOfTheWholeEncoding() throws {
        let dir = try CLIHarness.temporaryDirectory(self)
        try CLIHarness.writeLedger([], in: dir)
        let ledger = try LedgerLocation.open(dir)
        let path = ProjectionSnapshots.path(ledger)
        XCTAssertTrue(try StreamedSnapshot(Self.full, at: position, ledger, comparingWith: nil).commit())
        let streamed = try XCTUnwrap(FileManager.default.contents(atPath: path))

        try SnapshotFile.save(chunks: try Self.full.snapshotChunks(), tag: position.tag, to: path)
        XCTAssertTrue(FileManager.default.contents(atPath: path) == streamed, "the same bytes")
        XCTAssertGreaterThan(try Self.full.snapshotChunks().count, 2, "the set has blocks, streamed one by one")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: ledger.projectionsDirectory), ["snapshot.jsonl"],
                       "no spool or temporary file is left")
    }

    func testAFileThatHoldsTheSet_isLeftAsItIs_andOneThatDiffersMidway_isReplaced() throws {
        let (ledger, path, mapped) = try ledgerWithShortSnapshot()

        // The two encodings share their first blocks and differ after: the comparison
        // copies the part found equal from the file, then spools the rest.
        let shortBytes = try Self.short.snapshotBytes(), fullBytes = try Self.full.snapshotBytes()
        let shortBlocks = try XCTUnwrap(shortBytes.withUnsafeBytes { SnapshotEncoder.headLength(of: $0) })
        let fullBlocks = try XCTUnwrap(fullBytes.withUnsafeBytes { SnapshotEncoder.headLength(of: $0) })
        let equalBlocks = try XCTUnwrap((0..<(shortBytes.count - shortBlocks)).first { shortBytes[shortBlocks + $0] != fullBytes[fullBlocks + $0] })
        let firstBlock = try Self.short.snapshotChunks()[1].count
        XCTAssertGreaterThan(equalBlocks, firstBlock, "a whole block found equal before the first that differs")

        XCTAssertTrue(try StreamedSnapshot.encodes(Self.short, as: mapped))
        XCTAssertFalse(try StreamedSnapshot.encodes(Self.full, as: mapped))

        let before = inode(path)
        let same = try StreamedSnapshot(Self.short, at: position, ledger, comparingWith: mapped)
        XCTAssertTrue(same.equalsExisting)
        XCTAssertFalse(try same.commit(), "already there")
        XCTAssertEqual(inode(path), before)

        let other = try StreamedSnapshot(Self.full, at: position, ledger, comparingWith: mapped)
        XCTAssertFalse(other.equalsExisting)
        XCTAssertTrue(try other.commit())
        XCTAssertTrue(try SnapshotFile.load(path)?.body == fullBytes, "the new set's bytes")
        XCTAssertEqual(try SnapshotFile.load(path)?.tag.seq, position.seq)
    }

    func testTheSameBodyUnderAnotherTag_isWrittenWithThatTag() throws {
        let (ledger, path, mapped) = try ledgerWithShortSnapshot()

        var later = position
        later.recorded = "2026-11-21T09:00:00.000Z"
        let retagged = try StreamedSnapshot(Self.short, at: later, ledger, comparingWith: mapped)
        XCTAssertTrue(retagged.equalsExisting)
        XCTAssertTrue(try retagged.commit())
        let loaded = try XCTUnwrap(try SnapshotFile.load(path))
        XCTAssertEqual(loaded.tag.recorded, later.recorded)
        XCTAssertTrue(loaded.body == (try Self.short.snapshotBytes()), "the body copied from the file it replaces")
    }

    /// Runs `body` with writes limited to files of `bytes` (RLIMIT_FSIZE, as a full disk
    /// would stop them: `write` fails, with EFBIG instead of ENOSPC).
    func underFileSizeLimit<T>(_ bytes: Int, _ body: () throws -> T) rethrows -> T {
        var old = rlimit()
        getrlimit(Int32(RLIMIT_FSIZE.rawValue), &old)
        var limited = old
        limited.rlim_cur = rlim_t(bytes)
        let handler = signal(SIGXFSZ, SIG_IGN)
        setrlimit(Int32(RLIMIT_FSIZE.rawValue), &limited)
        defer {
            setrlimit(Int32(RLIMIT_FSIZE.rawValue), &old)
            signal(SIGXFSZ, handler)
        }
        return try body()
    }

    func testASnapshotThatCannotBeWritten_isAClearError_andTheFileIsAsItWas() throws {
        let (ledger, path, _) = try ledgerWithShortSnapshot()
        let before = try XCTUnwrap(FileManager.default.contents(atPath: path))
        let chunks = try Self.full.snapshotChunks()
        let blocks = chunks.dropFirst().reduce(0) { $0 + $1.count }
        // Stopped while the blocks are spooled, then while the file is written after them.
        for (limit, stoppedIn) in [(chunks[1].count / 2, path + ".spool"), (blocks + 10, path + ".tmp")] {
            XCTAssertThrowsError(try underFileSizeLimit(limit) {
                try StreamedSnapshot(Self.full, at: position, ledger, comparingWith: nil).commit()
            }) { error in
                guard case StoreError.io(let operation, let file, _) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(operation, "write")
                XCTAssertTrue(file.hasPrefix(stoppedIn), "\(file) is \(stoppedIn)…")
            }
            XCTAssertTrue(FileManager.default.contents(atPath: path) == before, "the snapshot as it was")
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: ledger.projectionsDirectory), ["snapshot.jsonl"],
                           "no spool or temporary file is left")
        }
        XCTAssertTrue(try StreamedSnapshot(Self.full, at: position, ledger, comparingWith: nil).commit(), "written once it can be")
    }
}
