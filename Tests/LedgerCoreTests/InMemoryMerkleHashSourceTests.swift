import Foundation
import XCTest
@testable import LedgerCore

/// The in-memory hash source answers complete subtrees exactly, and refuses anything else.
final class InMemoryMerkleHashSourceTests: XCTestCase {
    func testSubtreeHashesAreCompleteSubtreeRoots() throws {
        let leaves = testLeaves(37)
        let naive = NaiveMerkle.Tree(leafHashes: leaves.map(NaiveMerkle.leafHash))
        var source = InMemoryMerkleHashSource()
        for (i, leaf) in leaves.enumerated() {
            source.append(MerkleTree.leafHash(leaf))
            XCTAssertEqual(source.size, i + 1)
            for level in 1...5 {
                let width = 1 << level
                for start in stride(from: 0, through: source.size - width, by: width) {
                    XCTAssertEqual(try source.subtreeHash(start: start, level: level), naive.mth(start, start + width))
                }
            }
        }
        XCTAssertEqual(source.leafHashes, naive.leafHashes)
        XCTAssertEqual(try source.leafHash(at: 36), naive.leafHashes[36])
        XCTAssertEqual(InMemoryMerkleHashSource(leafHashes: naive.leafHashes).leafHashes, naive.leafHashes)
        XCTAssertEqual(try source.root(), naive.root(37))
        XCTAssertEqual(try source.root(size: 20), naive.root(20))
    }

    func testRefusals() {
        let source = InMemoryMerkleHashSource(leaves: testLeaves(6))
        XCTAssertThrowsError(try source.leafHash(at: 6)) {
            XCTAssertEqual($0 as? MerkleProofError, .indexOutOfRange(index: 6, size: 6))
        }
        XCTAssertThrowsError(try source.leafHash(at: -1))
        // [4, 8) is not complete in a tree of 6; [2, 6) is not aligned; level 3 does not exist yet.
        for (start, level) in [(4, 2), (2, 2), (0, 3), (1, 1), (-2, 1), (0, -1), (0, 70)] {
            XCTAssertThrowsError(try source.subtreeHash(start: start, level: level), "start \(start) level \(level)") {
                XCTAssertEqual($0 as? MerkleProofError, .notACompleteSubtree(start: start, level: level, size: 6))
            }
        }
        XCTAssertNoThrow(try source.subtreeHash(start: 4, level: 1))
        XCTAssertThrowsError(try source.root(size: 7))
    }
}
