import Foundation
import LedgerCore
import XCTest
@testable import LedgerStore

/// The stored Merkle tree: the same roots and paths as RFC 9162's definitions at every size,
/// whatever the chunk size; caught up from the log; rebuilt when deleted, damaged or stale.
final class MerkleStoreTests: XCTestCase {
    // MARK: Against RFC 9162's recursive definitions

    /// Every size 1 to 64, chunks of 1, 4, 8 and 256 leaves: the root of every prefix, and the
    /// audit and consistency paths of the tree as it stands, equal the naive definitions'.
    func testEverySizeUpTo64AgreesWithTheNaiveDefinitions() throws {
        let lines = MerkleFixtures.lines(64)
        let naive = NaiveMerkleTree(lines)
        let log = try MerkleFixtures.writeLog(lines, test: self)
        for chunkLevel in [0, 2, 3, 8] {
            let store = MerkleStore(inMemoryFor: log.path, chunkLevel: chunkLevel)
            for (i, line) in lines.enumerated() {
                try line.withUnsafeBytes { try store.append(line: $0, offset: log.offsets[i]) }
                let n = i + 1
                for m in 1...n {
                    XCTAssertEqual(try store.root(size: m), naive.root(m), "chunk level \(chunkLevel), root of \(m) in a store of \(n)")
                }
                for index in 0..<n {
                    XCTAssertEqual(try MerkleTree.inclusionPath(index: index, size: n, source: store), naive.path(index, n),
                                   "chunk level \(chunkLevel), path of \(index) in \(n)")
                }
                for m in 1..<n {
                    XCTAssertEqual(try MerkleTree.consistencyPath(from: m, to: n, source: store), naive.proof(m, n),
                                   "chunk level \(chunkLevel), consistency \(m) to \(n)")
                }
                XCTAssertEqual(try store.line(seq: n), line)
            }
            // Every smaller tree, asked of the full store.
            for n in 1...64 {
                for index in stride(from: 0, to: n, by: 3) {
                    XCTAssertEqual(try MerkleTree.inclusionPath(index: index, size: n, source: store), naive.path(index, n))
                }
                for m in stride(from: 1, to: n, by: 5) {
                    XCTAssertEqual(try MerkleTree.consistencyPath(from: m, to: n, source: store), naive.proof(m, n))
                }
            }
        }
    }

    /// A store on disk, reopened after every append of one to nine lines, with chunks of 4
    /// leaves: it catches up from where it was and answers as the naive tree.
    func testStoreOnDiskCatchesUpAsTheLogGrows() throws {
        let lines = MerkleFixtures.lines(150)
        let naive = NaiveMerkleTree(lines)
        let dir = try MerkleFixtures.temporaryDirectory(self)
        var written = 0
        var step = 1
        while written < lines.count {
            let next = min(lines.count, written + step)
            try MerkleFixtures.append(lines[written..<next], to: dir)
            written = next
            step = step % 9 + 1
            let ledger = try FileLedger(directory: dir)
            var warnings: [String] = []
            let store = try ledger.merkleTree(chunkLevel: 2, warn: { warnings.append($0) })
            XCTAssertEqual(warnings, [], "at \(written)")
            XCTAssertEqual(store.size, written)
            XCTAssertEqual(try store.root(), naive.root(written), "at \(written)")
            let index = written * 7 % written
            XCTAssertEqual(try MerkleTree.inclusionPath(index: index, size: written, source: store), naive.path(index, written))
            if written > 1 {
                let m = max(1, written / 3)
                XCTAssertEqual(try MerkleTree.consistencyPath(from: m, to: written, source: store), naive.proof(m, written))
            }
        }
        let tag = try JSONParser.parse(MerkleFixtures.bytes(dir + "/merkle/tree.head"))
        XCTAssertEqual(tag["size"], 150)
        XCTAssertEqual(tag["chunkLevel"], 2)
        XCTAssertEqual(tag["root"]?.stringValue, naive.root(150).hex)
        // 150 leaves in chunks of 4: 38 chunks begun, 37 complete ones at level 2, 18 at level 3 ... 1 at level 7.
        XCTAssertEqual(try MerkleFixtures.bytes(dir + "/merkle/chunks.bin").count, 38 * 8)
        for (level, count) in [(2, 37), (3, 18), (4, 9), (5, 4), (6, 2), (7, 1)] {
            XCTAssertEqual(try MerkleFixtures.bytes(dir + "/merkle/level-\(level).bin").count, count * 32, "level \(level)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/merkle/level-8.bin"))
    }

    /// A larger log with the default chunks of 256: the root of every size around the chunk
    /// boundaries, and proofs sampled across the tree, equal those of the in-memory tree.
    func testLargeLogWithDefaultChunks() throws {
        let lines = MerkleFixtures.lines(3000)
        let reference = InMemoryMerkleHashSource(leaves: lines)
        let dir = try MerkleFixtures.temporaryDirectory(self)
        try MerkleFixtures.append(lines[...], to: dir)
        // The store holds merkle/'s lock while it lives: one at a time in this test.
        do {
            let store = try FileLedger(directory: dir).merkleTree()
            try checkLargeStore(store, reference)
        }
        let reopened = try FileLedger(directory: dir).merkleTree(warn: { XCTFail("unexpected warning \($0)") })
        XCTAssertEqual(try reopened.root(), try reference.root())
        // 3000 leaves: 11 chunks of 256 complete, 12 begun; 3000 / 2048 etc. above.
        XCTAssertEqual(try MerkleFixtures.bytes(dir + "/merkle/level-8.bin").count, 11 * 32)
        XCTAssertEqual(try MerkleFixtures.bytes(dir + "/merkle/chunks.bin").count, 12 * 8)
        XCTAssertEqual(try MerkleFixtures.bytes(dir + "/merkle/level-11.bin").count, 1 * 32)
    }

    private func checkLargeStore(_ store: MerkleStore, _ reference: InMemoryMerkleHashSource) throws {
        XCTAssertEqual(store.size, 3000)
        XCTAssertEqual(try store.root(), try reference.root())
        for size in [1, 255, 256, 257, 511, 512, 513, 1024, 2047, 2048, 2049, 2999, 3000] {
            XCTAssertEqual(try store.root(size: size), try reference.root(size: size), "size \(size)")
        }
        for index in stride(from: 0, to: 3000, by: 97) {
            for size in [index + 1, 2048, 3000] where size > index {
                XCTAssertEqual(try MerkleTree.inclusionPath(index: index, size: size, source: store),
                               try MerkleTree.inclusionPath(index: index, size: size, source: reference))
            }
            if index > 0 {
                XCTAssertEqual(try MerkleTree.consistencyPath(from: index, to: 3000, source: store),
                               try MerkleTree.consistencyPath(from: index, to: 3000, source: reference))
            }
        }
    }

    // MARK: Catching up

    /// Catching up reads only the lines after the store's end: a line before it that changed
    /// meanwhile (same length) is not read again until a proof needs its chunk.
    func testCatchUpReadsOnlyTheNewLines() throws {
        let dir = try MerkleFixtures.temporaryDirectory(self)
        let ledger = try FileLedger.create(directory: dir + "/ledger")
        try MerkleFixtures.record(30, in: ledger)
        let before = try ledger.merkleTree(chunkLevel: 2).root()
        // Change a digit of line 5 in place, then record ten more events.
        let eventsPath = dir + "/ledger/events.jsonl"
        var log = try MerkleFixtures.bytes(eventsPath)
        let lineStarts = [0] + log.indices.filter { log[$0] == 0x0a }.map { $0 + 1 }
        let position = log[lineStarts[4]..<lineStarts[5]].firstIndex(of: 0x39)!
        log[position] = 0x38
        try Data(log).write(to: URL(fileURLWithPath: eventsPath))
        try MerkleFixtures.record(10, in: ledger)
        let store = try ledger.merkleTree(chunkLevel: 2, warn: { XCTFail("unexpected warning \($0)") })
        XCTAssertEqual(store.size, 40)
        XCTAssertEqual(try store.root(size: 30), before)
        // The chunk of lines 5 to 8 no longer hashes to its stored root.
        XCTAssertThrowsError(try store.leafHash(at: 4)) {
            XCTAssertEqual($0 as? MerkleStoreError, .logChanged(firstSeq: 5, lastSeq: 8))
        }
        XCTAssertNoThrow(try store.leafHash(at: 8))
    }

    /// `withMerkleTree` answers a store that no longer matches the log with a rebuild, and
    /// says so; the proof made then is that of the log as it is.
    func testProofOverAChangedChunkRebuildsTheStore() throws {
        var lines = MerkleFixtures.lines(20)
        let dir = try MerkleFixtures.temporaryDirectory(self)
        try MerkleFixtures.append(lines[...], to: dir)
        let ledger = try FileLedger(directory: dir)
        _ = try ledger.merkleTree(chunkLevel: 2)
        // Same length, another byte, line 6.
        let position = lines[0..<5].reduce(0) { $0 + $1.count + 1 } + 2
        var log = try MerkleFixtures.bytes(dir + "/events.jsonl")
        log[position] ^= 0x01
        lines[5][2] ^= 0x01
        try Data(log).write(to: URL(fileURLWithPath: dir + "/events.jsonl"))
        var warnings: [String] = []
        let path = try ledger.withMerkleTree(chunkLevel: 2, warn: { warnings.append($0) }) {
            try MerkleTree.inclusionPath(index: 5, size: 20, source: $0)
        }
        XCTAssertEqual(path, NaiveMerkleTree(lines).path(5, 20))
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings[0].contains("did not match the log (the log's lines 5 to 8 no longer hash"), warnings[0])
    }

    // MARK: Rebuilding

    /// Deleting `merkle/` is harmless: the next use rebuilds it, silently, to the same root.
    func testDeletedStoreIsRebuiltSilently() throws {
        let lines = MerkleFixtures.lines(600)
        let dir = try MerkleFixtures.temporaryDirectory(self)
        try MerkleFixtures.append(lines[...], to: dir)
        let root = try FileLedger(directory: dir).merkleTree().root()
        try FileManager.default.removeItem(atPath: dir + "/merkle")
        let store = try FileLedger(directory: dir).merkleTree(warn: { XCTFail("unexpected warning \($0)") })
        XCTAssertEqual(try store.root(), root)
        XCTAssertEqual(root, NaiveMerkleTree(lines).root(600))
    }

    /// Damaged files are noticed when the store opens (a stored root that the tag's root
    /// covers, a short file, the last chunk's offset, a bad tag) or when a proof uses them (a
    /// hash deep inside a subtree, an earlier chunk's offset), and the store is rebuilt with a
    /// warning that says what was wrong; every answer stays right.
    func testDamagedStoreIsRebuilt() throws {
        let lines = MerkleFixtures.lines(70)
        let naive = NaiveMerkleTree(lines)
        let dir = try MerkleFixtures.temporaryDirectory(self)
        try MerkleFixtures.append(lines[...], to: dir)
        let ledger = try FileLedger(directory: dir)
        // Chunks of 4: 70 = 64 + 4 + 2, so level 6's one hash and level 2's 17th are on the
        // tree's right edge (the tag's root covers them); level 3's second is inside.
        let damages: [(file: String, damage: (inout [UInt8]) -> Void, warning: String)] = [
            ("level-6.bin", { $0[5] ^= 0x40 }, "its stored hashes do not give the root in its tag"),
            ("level-2.bin", { $0[16 * 32] ^= 0x01 }, "its stored hashes do not give the root in its tag"),
            ("level-2.bin", { $0.removeLast() }, "level-2.bin is shorter than its tag says"),
            ("chunks.bin", { $0[8 * 17] ^= 0x02 }, "its stored hashes do not give the root in its tag"),
            ("tree.head", { $0 = Array("{\"format\":\"something else\"}\n".utf8) }, "its tag tree.head is not ipledger-merkle/1"),
            ("tree.head", { $0 = Array($0.dropLast(20)) }, "its tag tree.head is not ipledger-merkle/1"),
            // Not on the right edge: noticed by the proofs that use it.
            ("level-3.bin", { $0[32 + 7] ^= 0x10 }, "the path leads to root"),
            ("chunks.bin", { $0[8 * 3] ^= 0x02 }, "the log's lines 9 to 12 no longer hash"),
            ("chunks.bin", { $0[8 * 3 + 7] ^= 0x40 }, "the stored Merkle hashes are damaged: chunk 2 lies at bytes"),
        ]
        for (file, damage, warning) in damages {
            _ = try ledger.merkleTree(chunkLevel: 2)
            let path = dir + "/merkle/" + file
            var bytes = try MerkleFixtures.bytes(path)
            damage(&bytes)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            var warnings: [String] = []
            // Proofs check themselves as they are made, as the commands make them.
            let answers = try ledger.withMerkleTree(chunkLevel: 2, warn: { warnings.append($0) }) { store in
                (try store.root(), try (0..<70).map {
                    try InclusionProof(leaf: String(decoding: lines[$0], as: UTF8.self), index: $0, size: 70, source: store).path
                })
            }
            XCTAssertEqual(answers.0, naive.root(70), file)
            XCTAssertEqual(answers.1, (0..<70).map { naive.path($0, 70) }, file)
            XCTAssertEqual(warnings.count, 1, "\(file): \(warnings)")
            XCTAssertEqual(warnings.first?.contains("did not match the log (\(warning)"), true, "\(file): \(warnings)")
            _ = try ledger.merkleTree(chunkLevel: 2, warn: { XCTFail("\(file), after the rebuild: \($0)") })
        }
    }

    /// A log cut back (or replaced) below the store's size is noticed when the store opens:
    /// it is rebuilt from the log as it is, with a warning.
    func testLogCutBackBelowTheStoreIsNoticed() throws {
        let lines = MerkleFixtures.lines(300)
        let dir = try MerkleFixtures.temporaryDirectory(self)
        try MerkleFixtures.append(lines[...], to: dir)
        _ = try FileLedger(directory: dir).merkleTree()
        try FileManager.default.removeItem(atPath: dir + "/events.jsonl")
        try? FileManager.default.removeItem(atPath: dir + "/index")
        try MerkleFixtures.append(lines[0..<290], to: dir)
        var warnings: [String] = []
        let store = try FileLedger(directory: dir).merkleTree(warn: { warnings.append($0) })
        XCTAssertEqual(store.size, 290)
        XCTAssertEqual(try store.root(), NaiveMerkleTree(lines).root(290))
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings[0].contains("the log has"), warnings[0])
    }

    /// A checkpoint is the size, the last line's hash and the root; `mismatch` names what differs.
    func testCheckpointAndMismatch() throws {
        let lines = MerkleFixtures.lines(12)
        let log = try MerkleFixtures.writeLog(lines, test: self)
        let store = MerkleStore(inMemoryFor: log.path, chunkLevel: 2)
        for (i, line) in lines.enumerated() { try line.withUnsafeBytes { try store.append(line: $0, offset: log.offsets[i]) } }
        let checkpoint = try store.checkpoint(size: 9, recorded: "2024-04-26T01:30:00Z")
        XCTAssertEqual(checkpoint, Checkpoint(head: SHA256.hash(lines[8]), recorded: "2024-04-26T01:30:00Z",
                                              root: NaiveMerkleTree(lines).root(9), size: 9))
        XCTAssertNil(try store.mismatch(with: checkpoint))
        XCTAssertEqual(try store.checkpoint(size: 0, recorded: "2024-04-26T01:30:00Z").head, .zero)
        var other = checkpoint
        other.root = NaiveMerkleTree(lines).root(8)
        XCTAssertEqual(try store.mismatch(with: other), "the root of the first 9 lines is \(checkpoint.root.hex), not \(other.root.hex)")
        XCTAssertEqual(try store.mismatch(with: checkpoint, atSize: 8), "the log holds 8 events, fewer than the checkpoint's 9: it was cut back")
    }
}
