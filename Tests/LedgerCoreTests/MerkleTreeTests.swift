import Foundation
import XCTest
@testable import LedgerCore

/// `MerkleTree` against every vector in `merkle/vectors.json` (RFC 6962 / 9162, transparency-dev,
/// certificate-transparency), plus its hashing primitives and refusals.
final class MerkleTreeTests: XCTestCase {
    func testHashVectors() throws {
        let v = try MerkleVectors.load()
        XCTAssertEqual(MerkleTree.emptyRoot.hex, v.empty_tree_root)
        XCTAssertEqual(MerkleTree.root(ofLeafHashes: []).hex, v.empty_tree_root)
        XCTAssertEqual(v.leaf_hash_vectors.count, 3)
        for e in v.leaf_hash_vectors {
            let input = Hex.decode(e.input)!
            XCTAssertEqual(MerkleTree.leafHash(input).hex, e.leaf_hash, "leaf hash of \(e.input)")
            input.withUnsafeBytes { XCTAssertEqual(MerkleTree.leafHash($0).hex, e.leaf_hash) }
        }
        XCTAssertEqual(v.node_hash_vectors.count, 1)
        for e in v.node_hash_vectors {
            XCTAssertEqual(MerkleTree.nodeHash(digest(e.left), digest(e.right)).hex, e.hash)
        }
    }

    func testRootVectors() throws {
        let v = try MerkleVectors.load()
        let leaves = v.leaves
        XCTAssertEqual(v.roots.map(\.tree_size), Array(1...8))
        let source = InMemoryMerkleHashSource(leaves: leaves)
        for e in v.roots {
            let n = e.tree_size
            XCTAssertEqual(MerkleTree.root(ofLeaves: leaves[..<n]).hex, e.root, "root of \(n)")
            XCTAssertEqual(try MerkleTree.root(size: n, source: source).hex, e.root, "root of \(n) from source")
        }
        XCTAssertEqual(v.subtree_hashes.count, 15)
        for e in v.subtree_hashes {
            XCTAssertEqual(e.end - e.start, 1 << e.level)
            XCTAssertEqual(e.start, e.index << e.level)
            let hash = e.level == 0 ? try source.leafHash(at: e.start) : try source.subtreeHash(start: e.start, level: e.level)
            XCTAssertEqual(hash.hex, e.hash, "subtree [\(e.start), \(e.end))")
            XCTAssertEqual(MerkleTree.root(ofLeaves: leaves[e.start..<e.end]).hex, e.hash)
        }
    }

    func testInclusionVectors() throws {
        let v = try MerkleVectors.load()
        let leaves = v.leaves
        let source = InMemoryMerkleHashSource(leaves: leaves)
        XCTAssertEqual(v.inclusion_proofs.count, 7)
        for e in v.inclusion_proofs {
            let what = "inclusion of \(e.leaf_index) in \(e.tree_size)"
            let path = e.proof.map { digest($0) }
            let leafHash = MerkleTree.leafHash(leaves[e.leaf_index])
            XCTAssertEqual(try MerkleTree.inclusionPath(index: e.leaf_index, size: e.tree_size, source: source), path, what)
            XCTAssertNoThrow(try MerkleTree.verifyInclusion(leafHash: leafHash, index: e.leaf_index, size: e.tree_size,
                                                            path: path, root: digest(e.root)), what)
            if !path.isEmpty {
                XCTAssertThrowsError(try MerkleTree.verifyInclusion(leafHash: leafHash, index: e.leaf_index, size: e.tree_size,
                                                                    path: [flipped(path[0])] + path.dropFirst(),
                                                                    root: digest(e.root)), what)
            }
        }
    }

    func testConsistencyVectors() throws {
        let v = try MerkleVectors.load()
        let source = InMemoryMerkleHashSource(leaves: v.leaves)
        XCTAssertEqual(v.consistency_proofs.count, 5)
        for e in v.consistency_proofs {
            let what = "consistency \(e.size1) -> \(e.size2)"
            let path = e.proof.map { digest($0) }
            XCTAssertEqual(try MerkleTree.consistencyPath(from: e.size1, to: e.size2, source: source), path, what)
            XCTAssertNoThrow(try MerkleTree.verifyConsistency(from: e.size1, to: e.size2, fromRoot: digest(e.root1),
                                                              toRoot: digest(e.root2), path: path), what)
            if !path.isEmpty {
                XCTAssertThrowsError(try MerkleTree.verifyConsistency(from: e.size1, to: e.size2, fromRoot: digest(e.root1),
                                                                      toRoot: digest(e.root2),
                                                                      path: path.dropLast() + [flipped(path.last!)]), what)
            }
        }
    }

    /// A real certificate-transparency log: leaf 848049 of 3,630,887, 22 path hashes.
    func testExternalInclusionProof() throws {
        let v = try MerkleVectors.load()
        XCTAssertEqual(v.external_inclusion_proofs.count, 1)
        for e in v.external_inclusion_proofs {
            let leafHash = MerkleTree.leafHash(Hex.decode(e.leaf_input)!)
            XCTAssertEqual(leafHash.hex, e.leaf_hash)
            let path = e.proof.map { digest($0) }
            XCTAssertEqual(MerkleTree.inclusionPathLength(index: e.leaf_index, size: e.tree_size), path.count)
            XCTAssertNoThrow(try MerkleTree.verifyInclusion(leafHash: leafHash, index: e.leaf_index, size: e.tree_size,
                                                            path: path, root: digest(e.root)))
            XCTAssertThrowsError(try MerkleTree.verifyInclusion(leafHash: leafHash, index: e.leaf_index + 1, size: e.tree_size,
                                                                path: path, root: digest(e.root)))
            XCTAssertThrowsError(try MerkleTree.verifyInclusion(leafHash: leafHash, index: e.leaf_index, size: e.tree_size,
                                                                path: path, root: flipped(digest(e.root), bit: 255)))
        }
    }

    func testSplitPoint() {
        let expected = [2: 1, 3: 2, 4: 2, 5: 4, 8: 4, 9: 8, 1 << 40: 1 << 39, (1 << 40) + 1: 1 << 40]
        for (n, k) in expected { XCTAssertEqual(MerkleTree.splitPoint(n), k, "split of \(n)") }
        for n in 2...1000 { XCTAssertEqual(MerkleTree.splitPoint(n), NaiveMerkle.split(n)) }
    }

    func testLeafHashIsDomainSeparatedFromNodeHash() {
        let a = MerkleTree.leafHash([1]), b = MerkleTree.leafHash([2])
        XCTAssertEqual(MerkleTree.nodeHash(a, b), SHA256.hash([0x01] + a.bytes + b.bytes))
        XCTAssertNotEqual(MerkleTree.leafHash([0x01] + a.bytes + b.bytes), MerkleTree.nodeHash(a, b))
        XCTAssertEqual(MerkleTree.leafHash("héllo".utf8), SHA256.hash([0x00] + Array("héllo".utf8)))
    }

    /// Impossible requests are refused with the case that says why.
    func testPathGenerationRefusals() {
        let source = InMemoryMerkleHashSource(leaves: testLeaves(5))
        func expect(_ error: MerkleProofError, _ body: () throws -> Any, line: UInt = #line) {
            XCTAssertThrowsError(try body(), line: line) { XCTAssertEqual($0 as? MerkleProofError, error, line: line) }
        }
        expect(.indexOutOfRange(index: 5, size: 5)) { try MerkleTree.inclusionPath(index: 5, size: 5, source: source) }
        expect(.indexOutOfRange(index: -1, size: 5)) { try MerkleTree.inclusionPath(index: -1, size: 5, source: source) }
        expect(.indexOutOfRange(index: 0, size: 0)) { try MerkleTree.inclusionPath(index: 0, size: 0, source: source) }
        expect(.sizeBeyondSource(size: 6, available: 5)) { try MerkleTree.inclusionPath(index: 0, size: 6, source: source) }
        expect(.negativeSize(-1)) { try MerkleTree.inclusionPath(index: 0, size: -1, source: source) }
        expect(.sizesOutOfOrder(from: 4, to: 3)) { try MerkleTree.consistencyPath(from: 4, to: 3, source: source) }
        expect(.fromEmptyTree(to: 3)) { try MerkleTree.consistencyPath(from: 0, to: 3, source: source) }
        expect(.fromEmptyTree(to: 0)) { try MerkleTree.consistencyPath(from: 0, to: 0, source: source) }
        expect(.negativeSize(-2)) { try MerkleTree.consistencyPath(from: -2, to: 3, source: source) }
        expect(.sizeBeyondSource(size: 9, available: 5)) { try MerkleTree.consistencyPath(from: 1, to: 9, source: source) }
        expect(.sizeBeyondSource(size: 6, available: 5)) { try MerkleTree.root(size: 6, source: source) }
        XCTAssertEqual(try MerkleTree.consistencyPath(from: 3, to: 3, source: source), [])
        XCTAssertEqual(try MerkleTree.root(size: 0, source: source), MerkleTree.emptyRoot)
    }

    /// The verifiers name the problem: sizes, lengths, then the roots.
    func testVerificationErrors() throws {
        let leaves = testLeaves(8)
        let source = InMemoryMerkleHashSource(leaves: leaves)
        let root = try source.root()
        let leaf = MerkleTree.leafHash(leaves[5])
        let path = try MerkleTree.inclusionPath(index: 5, size: 8, source: source)
        func expect(_ error: MerkleProofError, _ body: () throws -> Void, line: UInt = #line) {
            XCTAssertThrowsError(try body(), line: line) {
                XCTAssertEqual($0 as? MerkleProofError, error, line: line)
                XCTAssertFalse(String(describing: $0).isEmpty)
            }
        }
        expect(.indexOutOfRange(index: 8, size: 8)) {
            try MerkleTree.verifyInclusion(leafHash: leaf, index: 8, size: 8, path: path, root: root)
        }
        expect(.negativeSize(-8)) { try MerkleTree.verifyInclusion(leafHash: leaf, index: 5, size: -8, path: path, root: root) }
        expect(.wrongPathLength(expected: 3, actual: 2)) {
            try MerkleTree.verifyInclusion(leafHash: leaf, index: 5, size: 8, path: Array(path.dropLast()), root: root)
        }
        expect(.wrongPathLength(expected: 3, actual: 4)) {
            try MerkleTree.verifyInclusion(leafHash: leaf, index: 5, size: 8, path: path + [root], root: root)
        }
        let bad = flipped(root)
        expect(.rootMismatch(computed: root, claimed: bad.hex)) {
            try MerkleTree.verifyInclusion(leafHash: leaf, index: 5, size: 8, path: path, root: bad)
        }
        expect(.wrongHashLength(what: "leaf hash", count: 31)) {
            try MerkleTree.verifyInclusion(leafHash: Array(leaf.bytes.dropLast()), index: 5, size: 8,
                                           path: path.map(\.bytes), root: root.bytes)
        }
        expect(.wrongHashLength(what: "path[1]", count: 33)) {
            try MerkleTree.verifyInclusion(leafHash: leaf.bytes, index: 5, size: 8,
                                           path: [path[0].bytes, path[1].bytes + [0], path[2].bytes], root: root.bytes)
        }
        expect(.wrongHashLength(what: "root", count: 0)) {
            try MerkleTree.verifyInclusion(leafHash: leaf.bytes, index: 5, size: 8, path: path.map(\.bytes), root: [])
        }

        let old = try source.root(size: 6)
        let cpath = try MerkleTree.consistencyPath(from: 6, to: 8, source: source)
        expect(.sizesOutOfOrder(from: 8, to: 6)) {
            try MerkleTree.verifyConsistency(from: 8, to: 6, fromRoot: root, toRoot: old, path: cpath)
        }
        expect(.fromEmptyTree(to: 8)) { try MerkleTree.verifyConsistency(from: 0, to: 8, fromRoot: .empty, toRoot: root, path: cpath) }
        expect(.negativeSize(-6)) { try MerkleTree.verifyConsistency(from: -6, to: 8, fromRoot: old, toRoot: root, path: cpath) }
        expect(.wrongPathLength(expected: 3, actual: 0)) {
            try MerkleTree.verifyConsistency(from: 6, to: 8, fromRoot: old, toRoot: root, path: [])
        }
        expect(.wrongPathLength(expected: 0, actual: 3)) {
            try MerkleTree.verifyConsistency(from: 8, to: 8, fromRoot: root, toRoot: root, path: cpath)
        }
        expect(.rootsDiffer(size: 8)) { try MerkleTree.verifyConsistency(from: 8, to: 8, fromRoot: root, toRoot: old, path: []) }
        expect(.fromRootMismatch(computed: old, claimed: root.hex)) {
            try MerkleTree.verifyConsistency(from: 6, to: 8, fromRoot: root, toRoot: root, path: cpath)
        }
        expect(.toRootMismatch(computed: root, claimed: old.hex)) {
            try MerkleTree.verifyConsistency(from: 6, to: 8, fromRoot: old, toRoot: old, path: cpath)
        }
        expect(.wrongHashLength(what: "toRoot", count: 3)) {
            try MerkleTree.verifyConsistency(from: 6, to: 8, fromRoot: old.bytes, toRoot: [1, 2, 3], path: cpath.map(\.bytes))
        }
        expect(.wrongHashLength(what: "path[2]", count: 0)) {
            try MerkleTree.verifyConsistency(from: 6, to: 8, fromRoot: old.bytes, toRoot: root.bytes,
                                             path: [cpath[0].bytes, cpath[1].bytes, []])
        }
        XCTAssertNoThrow(try MerkleTree.verifyConsistency(from: 6, to: 8, fromRoot: old.bytes, toRoot: root.bytes,
                                                          path: cpath.map(\.bytes)))
    }
}
