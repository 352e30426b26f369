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

    func testTheSameTagAndBody_inTheSameFile_areNotWrittenAgain() throws {
        let file = path("projections/snapshot.jsonl")
        XCTAssertTrue(try SnapshotFile.save(chunks: body, tag: tag, to: file, unlessHeldBy: nil))
        let mapped = try XCTUnwrap(try SnapshotFile.map(file))
        XCTAssertTrue(SnapshotFile.body(mapped, equals: body))
        let before = inode(file)
        XCTAssertFalse(try SnapshotFile.save(chunks: body, tag: tag, to: file, unlessHeldBy: mapped))
        XCTAssertEqual(inode(file), before)
        XCTAssertEqual(try SnapshotFile.load(file)?.body, body.flatMap { $0 })
    }

    func testAnotherTag_orAFileReplacedSinceItWasMapped_isWritten() throws {
        let file = path("snapshot.jsonl")
        try SnapshotFile.save(chunks: body, tag: tag, to: file)
        let mapped = try XCTUnwrap(try SnapshotFile.map(file))

        var later = tag
        later.recorded = "2026-11-21T09:00:00.000Z"
        XCTAssertTrue(try SnapshotFile.save(chunks: body, tag: later, to: file, unlessHeldBy: mapped))
        XCTAssertEqual(try SnapshotFile.load(file)?.tag.recorded, later.recorded)

        // The path now holds another file than the one mapped, though with the same tag as `mapped`.
        try SnapshotFile.save(chunks: body, tag: tag, to: file)
        let replaced = inode(file)
        XCTAssertTrue(try SnapshotFile.save(chunks: body, tag: tag, to: file, unlessHeldBy: mapped))
        XCTAssertNotEqual(inode(file), replaced, "written anew")
    }
}
