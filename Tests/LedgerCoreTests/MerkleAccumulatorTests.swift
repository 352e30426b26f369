import Foundation
import XCTest
@testable import LedgerCore

/// The streaming root builder against the naive MTH, and on a large tree.
final class MerkleAccumulatorTests: XCTestCase {
    func testEverySizeUpTo300MatchesNaiveRoot() {
        let leaves = testLeaves(300)
        let naive = NaiveMerkle.Tree(leafHashes: leaves.map(NaiveMerkle.leafHash))
        var accumulator = MerkleAccumulator()
        XCTAssertEqual(accumulator.root, naive.root(0))
        XCTAssertEqual(accumulator.root, MerkleTree.emptyRoot)
        for n in 1...300 {
            accumulator.appendLeaf(leaves[n - 1])
            XCTAssertEqual(accumulator.size, n)
            XCTAssertEqual(accumulator.frontier.count, n.nonzeroBitCount, "frontier of \(n)")
            XCTAssertEqual(accumulator.root, naive.root(n), "root of \(n)")
            // The frontier is the complete subtrees of [0, n), largest first.
            var start = 0
            for (j, hash) in accumulator.frontier.enumerated() {
                let width = 1 << (Int.bitWidth - 1 - (n - start).leadingZeroBitCount)
                XCTAssertEqual(hash, naive.mth(start, start + width), "frontier[\(j)] of \(n)")
                start += width
            }
            XCTAssertEqual(start, n)
        }
    }

    /// Saved at any size and resumed, the accumulator goes on as if never stopped.
    func testResumeFromSavedFrontier() throws {
        let leaves = testLeaves(40)
        var whole = MerkleAccumulator()
        for leaf in leaves { whole.appendLeaf(leaf) }
        for cut in 0...40 {
            var first = MerkleAccumulator()
            for leaf in leaves[..<cut] { first.appendLeaf(leaf) }
            var resumed = try MerkleAccumulator(size: first.size, frontier: first.frontier)
            XCTAssertEqual(resumed, first)
            for leaf in leaves[cut...] { resumed.appendLeaf(leaf) }
            XCTAssertEqual(resumed.root, whole.root, "resumed at \(cut)")
        }
        XCTAssertThrowsError(try MerkleAccumulator(size: 5, frontier: [.zero])) {
            XCTAssertEqual($0 as? MerkleProofError, .wrongFrontierLength(size: 5, expected: 2, actual: 1))
        }
        XCTAssertThrowsError(try MerkleAccumulator(size: -1, frontier: [])) {
            XCTAssertEqual($0 as? MerkleProofError, .negativeSize(-1))
        }
    }

    /// Roots of prefixes of the 100,000-leaf tree below, computed independently with Python's
    /// hashlib and RFC 9162's recursive MTH.
    static let largeTreeRoots = [
        1: "b119a77a4864308c481efb947ff723d6bd4ea1e7fab902eb8ca98bd759e46aee",
        2: "7759a01b9ada866e466d88d1c5d0a1814113d8646f3eceb06a1e03c053a3066a",
        3: "8822325fdcc11989850a6fd8758e2cfd34be445b08c22a7f0f2d64504ceee24f",
        65_536: "24324018d1a2f3a400b95d7bad992602fe893e91ecda111224a9047dc6b64251",
        65_537: "69b6514756d9f34722699b34eb2f9050787be48553404c3c3794132f20d4fc65",
        70_000: "f6f0bc0140c810135acb473a00427cfc78858ff007f4ec289765195ca471a6a0",
        99_999: "89a72293686da76beac7e577443bc763bff1f2f05118f411593c51dea6dee50d",
        100_000: "4308a2a511c6dd70ac5d7527b7be57bcf6ff4e1e068c9662662be14ebcbd3d1a",
    ]

    /// 100,000 leaves `{"seq":1}` ... streamed: the root and prefix roots match the independent
    /// values, and proofs at spot indices and sizes verify.
    func testLargeTree() throws {
        let n = 100_000
        var accumulator = MerkleAccumulator()
        var source = InMemoryMerkleHashSource()
        var largestFrontier = 0
        for i in 0..<n {
            let hash = MerkleTree.leafHash("{\"seq\":\(i + 1)}".utf8)
            accumulator.append(hash)
            source.append(hash)
            largestFrontier = max(largestFrontier, accumulator.frontier.count)
            if let want = Self.largeTreeRoots[i + 1] { XCTAssertEqual(accumulator.root.hex, want, "root of \(i + 1)") }
        }
        XCTAssertLessThanOrEqual(largestFrontier, 17)
        let root = accumulator.root
        XCTAssertEqual(try source.root(), root)
        for (size, want) in Self.largeTreeRoots { XCTAssertEqual(try source.root(size: size).hex, want, "source root of \(size)") }

        // SHA-256 of the concatenated audit path of leaf 12345, from the same Python run.
        let path12345 = try MerkleTree.inclusionPath(index: 12_345, size: n, source: source)
        XCTAssertEqual(path12345.count, 17)
        XCTAssertEqual(SHA256.hash(path12345.flatMap(\.bytes)).hex, "64cad60a56e19d713ea0cb1b4d1b8a1438da8a013edcb465c6e09a7842819ee5")

        for i in [0, 1, 12_345, 65_535, 65_536, 65_537, 99_998, 99_999] {
            let leafHash = try source.leafHash(at: i)
            let path = try MerkleTree.inclusionPath(index: i, size: n, source: source)
            XCTAssertNoThrow(try MerkleTree.verifyInclusion(leafHash: leafHash, index: i, size: n, path: path, root: root), "leaf \(i)")
            XCTAssertThrowsError(try MerkleTree.verifyInclusion(leafHash: leafHash, index: i ^ 1, size: n, path: path, root: root))
        }
        for m in [1, 2, 3, 65_536, 65_537, 70_000, 99_999] {
            let fromRoot = digest(Self.largeTreeRoots[m]!)
            let path = try MerkleTree.consistencyPath(from: m, to: n, source: source)
            XCTAssertNoThrow(try MerkleTree.verifyConsistency(from: m, to: n, fromRoot: fromRoot, toRoot: root, path: path), "\(m) -> \(n)")
            XCTAssertThrowsError(try MerkleTree.verifyConsistency(from: m, to: n, fromRoot: flipped(fromRoot), toRoot: root, path: path))
        }
    }
}
