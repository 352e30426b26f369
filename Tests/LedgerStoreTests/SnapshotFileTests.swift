import Foundation
import LedgerCore
@testable import LedgerStore
import XCTest

/// Snapshot files: written atomically, or left as they are when they already hold the same bytes.
final class SnapshotFileTests: StoreTestCase {
    let tag = SnapshotTag(name: "projections", version: 3, seq: 7, head: SHA256.hash(Array("line 7".utf8)), offset: 600,
                          length: 99, recorded: "2026-11-21T08:00:00.000Z")
    let body: [[UInt8]] = [Array("first chunk, ".utf8), Array("second chunk".utf8)]

    func inode(_ file: String) -> UInt64 {
        var st = stat()
        return stat(file, &st) == 0 ? UInt64(st.st_ino) : 0
    }

    func testAMappedFile_isStillTheOneAtItsPath_withItsTag_untilReplacedOrRetagged() throws {
        let file = path("projections/snapshot.jsonl")
        try SnapshotFile.save(chunks: body, tag: tag, to: file)
        let mapped = try XCTUnwrap(try SnapshotFile.map(file))
        XCTAssertTrue(mapped.isStill(at: file, taggedAs: tag))

        var later = tag
        later.recorded = "2026-11-21T09:00:00.000Z"
        XCTAssertFalse(mapped.isStill(at: file, taggedAs: later), "another tag")

        // The path now holds another file than the one mapped, though with the same tag and body.
        try SnapshotFile.save(chunks: body, tag: tag, to: file)
        XCTAssertFalse(mapped.isStill(at: file, taggedAs: tag), "replaced since it was mapped")
    }

    func testAFileWhoseTagDoesNotGiveItsBodysHash_isNotTakenForIt() throws {
        let file = path("snapshot.jsonl")
        try SnapshotFile.save(chunks: body, tag: tag, to: file)
        // The same length, one byte changed in place: the tag's SHA-256 no longer matches.
        let handle = try XCTUnwrap(FileHandle(forUpdatingAtPath: file))
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: size - 3)
        try handle.write(contentsOf: Data("X".utf8))
        try handle.close()
        let mapped = try XCTUnwrap(try SnapshotFile.map(file, verifyBody: false))
        XCTAssertFalse(mapped.isStill(at: file, taggedAs: tag))
        // Verifying the body, neither mapping nor reading takes it.
        let reason = "its body does not have the length and SHA-256 its tag gives (cut short or changed)"
        XCTAssertThrowsError(try SnapshotFile.map(file)) { error in
            XCTAssertEqual(error as? SnapshotFile.Unusable, SnapshotFile.Unusable(path: file, reason: reason))
        }
        XCTAssertThrowsError(try SnapshotFile.load(file)) { error in
            XCTAssertEqual(error as? SnapshotFile.Unusable, SnapshotFile.Unusable(path: file, reason: reason))
        }
    }

    /// A body hashed on another thread (as `rebuild` does while it folds) gives the answers
    /// a body hashed when asked gives: the file that matches its tag is taken, the one
    /// changed in place is not, and comparing the body meanwhile (which lets its pages go)
    /// changes neither.
    func testABodyHashedInTheBackground_isJudgedAsOneHashedWhenAsked() throws {
        let file = path("background/snapshot.jsonl")
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let long = (0..<(3 * SnapshotSpool.pieceSize + 5 * page + 7)).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ $0 >> 12) }
        try SnapshotFile.save(chunks: [long], tag: tag, to: file)
        let mapped = try XCTUnwrap(try SnapshotFile.map(file, verifyBody: false))
        mapped.hashBodyInBackground()
        mapped.hashBodyInBackground()  // a second call starts nothing more
        XCTAssertTrue(long.withUnsafeBytes { mapped.body(holds: UnsafeRawBufferPointer(rebasing: $0[..<(2 * page)]), at: 0) })
        XCTAssertEqual(mapped.bodySHA256(), long.withUnsafeBytes { SHA256.hash($0) })
        XCTAssertTrue(mapped.isStill(at: file, taggedAs: tag))

        // One byte changed in place, same length: the tag's SHA-256 no longer matches.
        let handle = try XCTUnwrap(FileHandle(forUpdatingAtPath: file))
        try handle.seek(toOffset: try handle.seekToEnd() - 2 * UInt64(page))
        try handle.write(contentsOf: Data("X".utf8))
        try handle.close()
        let changed = try XCTUnwrap(try SnapshotFile.map(file, verifyBody: false))
        changed.hashBodyInBackground()
        XCTAssertFalse(changed.isStill(at: file, taggedAs: tag))
    }

    func testABodysPagesLetGoAreReadAgainFromTheFile() throws {
        let file = path("snapshot.jsonl")
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let long = (0..<(5 * page + 123)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
        try SnapshotFile.save(chunks: [long], tag: tag, to: file)
        let mapped = try XCTUnwrap(try SnapshotFile.map(file))
        XCTAssertEqual(Array(mapped.body), long)
        for range in [0..<page, 17..<(3 * page + 5), (2 * page)..<(2 * page), (4 * page)..<long.count, -5..<(long.count + 99)] {
            mapped.release(bodyRange: range)
            XCTAssertEqual(Array(mapped.body), long, "after letting go of \(range)")
        }
    }

    func testABodyIsComparedPieceByPiece_atItsOffsets() throws {
        let file = path("snapshot.jsonl")
        try SnapshotFile.save(chunks: body, tag: tag, to: file)
        let mapped = try XCTUnwrap(try SnapshotFile.map(file))
        var at = 0
        for chunk in body {
            XCTAssertTrue(chunk.withUnsafeBytes { mapped.body(holds: $0, at: at) })
            at += chunk.count
        }
        XCTAssertFalse(body[1].withUnsafeBytes { mapped.body(holds: $0, at: 0) }, "at another offset")
        XCTAssertFalse(Array("chunk!".utf8).withUnsafeBytes { mapped.body(holds: $0, at: at - 5) }, "past the end")
        XCTAssertTrue(body[0].withUnsafeBytes { mapped.body(holds: $0, at: 0) }, "pages let go are read again")
    }

    func testASpooledBody_isWrittenAsSaveWritesIt_headFirst() throws {
        let saved = path("saved/snapshot.jsonl"), spooled = path("spooled/snapshot.jsonl")
        let head = Array("HEAD:".utf8)
        let tail = (0..<3).map { [UInt8](repeating: UInt8(ascii: "a") + UInt8($0), count: SnapshotSpool.pieceSize / 2 + 7) }
        try SnapshotFile.save(chunks: [head] + tail, tag: tag, to: saved)
        let spool = try SnapshotSpool(for: spooled)
        for piece in tail { try spool.append(piece) }
        XCTAssertEqual(spool.tailLength, tail.reduce(0) { $0 + $1.count })
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: (spooled as NSString).deletingLastPathComponent), [],
                       "the spool is unlinked at once")
        var read: [UInt8] = []
        try spool.readTail { read += $0 }
        XCTAssertEqual(read, Array(tail.joined()), "read back in pieces, in order")
        try spool.commit(head: head, tag: tag, to: spooled)
        XCTAssertEqual(FileManager.default.contents(atPath: spooled), FileManager.default.contents(atPath: saved))
        XCTAssertEqual(try SnapshotFile.load(spooled)?.tag.bodyBytes, head.count + spool.tailLength)
    }

    func testASpoolTakesTheEqualPartOfAMappedBody() throws {
        let file = path("snapshot.jsonl")
        try SnapshotFile.save(chunks: body, tag: tag, to: file)
        let mapped = try XCTUnwrap(try SnapshotFile.map(file))
        let spool = try SnapshotSpool(for: path("other/snapshot.jsonl"))
        try spool.append(6..<11, of: mapped)
        var read: [UInt8] = []
        try spool.readTail { read += $0 }
        XCTAssertEqual(String(decoding: read, as: UTF8.self), "chunk")
    }
}
