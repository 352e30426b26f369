import Foundation
import XCTest
@testable import LedgerCore

/// Every tree of 1...64 leaves, every index and every pair of sizes, against `NaiveMerkle`
/// (RFC 9162's recursive definitions written out). Corrupted proofs are checked both ways:
/// the library must refuse a proof exactly when the naive verifier does.
final class MerkleTreeExhaustiveTests: XCTestCase {
    static let maxSize = 64
    static let leaves = testLeaves(maxSize)
    static let naive = NaiveMerkle.Tree(leafHashes: leaves.map(NaiveMerkle.leafHash))
    static let source = InMemoryMerkleHashSource(leaves: leaves)

    static func accepts(_ body: () throws -> Void) -> Bool {
        do { try body(); return true } catch { return false }
    }

    func testRoots() throws {
        for n in 0...Self.maxSize {
            XCTAssertEqual(try MerkleTree.root(size: n, source: Self.source), Self.naive.root(n), "root of \(n)")
            XCTAssertEqual(MerkleTree.root(ofLeaves: Self.leaves.prefix(n)), Self.naive.root(n), "root of \(n) leaves")
        }
    }

    func testEveryInclusionProof() throws {
        var checked = 0, structurallyEquivalentSizes = 0
        for n in 1...Self.maxSize {
            let root = Self.naive.root(n)
            for i in 0..<n {
                let what = "leaf \(i) of \(n)"
                let leaf = Self.naive.leafHashes[i]
                let path = try MerkleTree.inclusionPath(index: i, size: n, source: Self.source)
                XCTAssertEqual(path, Self.naive.path(i, size: n), what)
                XCTAssertEqual(MerkleTree.inclusionPathLength(index: i, size: n), path.count, what)
                XCTAssertTrue(NaiveMerkle.verifyInclusion(i, n, leaf, path, root), what)
                XCTAssertNoThrow(try MerkleTree.verifyInclusion(leafHash: leaf, index: i, size: n, path: path, root: root), what)
                checked += 1

                func library(_ index: Int, _ size: Int, _ path: [SHA256.Digest], _ root: SHA256.Digest, _ leaf: SHA256.Digest) -> Bool {
                    Self.accepts { try MerkleTree.verifyInclusion(leafHash: leaf, index: index, size: size, path: path, root: root) }
                }
                // Any changed path hash, leaf hash or root: always refused.
                for j in path.indices {
                    var bad = path
                    bad[j] = flipped(bad[j], bit: 8 * j + 3)
                    XCTAssertFalse(library(i, n, bad, root, leaf), "\(what), path[\(j)] changed")
                }
                XCTAssertFalse(library(i, n, path, root, flipped(leaf)), "\(what), leaf changed")
                XCTAssertFalse(library(i, n, path, flipped(root, bit: 200), leaf), "\(what), root changed")
                // A hash more or less: always refused.
                XCTAssertFalse(library(i, n, path + [root], root, leaf), "\(what), hash appended")
                XCTAssertFalse(library(i, n, [leaf] + path, root, leaf), "\(what), hash prepended")
                if !path.isEmpty {
                    XCTAssertFalse(library(i, n, Array(path.dropLast()), root, leaf), "\(what), last hash dropped")
                    XCTAssertFalse(library(i, n, Array(path.dropFirst()), root, leaf), "\(what), first hash dropped")
                }
                // Index off by one: always refused.
                XCTAssertFalse(library(i - 1, n, path, root, leaf), "\(what), index - 1")
                XCTAssertFalse(library(i + 1, n, path, root, leaf), "\(what), index + 1")
                // Size off by one: refused unless the path has the very same shape in the other size
                // (e.g. leaf 0 of 3 and of 4), which no verifier can tell apart; agree with the naive one.
                for size in [n - 1, n + 1] {
                    let got = library(i, size, path, root, leaf)
                    XCTAssertEqual(got, NaiveMerkle.verifyInclusion(i, size, leaf, path, root), "\(what), size \(size)")
                    if got { structurallyEquivalentSizes += 1 }
                }
            }
        }
        XCTAssertEqual(checked, Self.maxSize * (Self.maxSize + 1) / 2)
        print("inclusion: \(checked) proofs; \(structurallyEquivalentSizes) size-off-by-one claims share the proof's shape")
    }

    func testEveryConsistencyProof() throws {
        var checked = 0, structurallyEquivalentSizes = 0
        for n in 1...Self.maxSize {
            let toRoot = Self.naive.root(n)
            for m in 1...n {
                let what = "consistency \(m) -> \(n)"
                let fromRoot = Self.naive.root(m)
                let path = try MerkleTree.consistencyPath(from: m, to: n, source: Self.source)
                XCTAssertEqual(path, Self.naive.proof(m, n), what)
                if m < n { XCTAssertEqual(MerkleTree.consistencyPathLength(from: m, to: n), path.count, what) }
                XCTAssertTrue(NaiveMerkle.verifyConsistency(m, n, fromRoot, toRoot, path), what)
                XCTAssertNoThrow(try MerkleTree.verifyConsistency(from: m, to: n, fromRoot: fromRoot, toRoot: toRoot, path: path), what)
                checked += 1

                func library(_ m: Int, _ n: Int, _ fromRoot: SHA256.Digest, _ toRoot: SHA256.Digest, _ path: [SHA256.Digest]) -> Bool {
                    Self.accepts { try MerkleTree.verifyConsistency(from: m, to: n, fromRoot: fromRoot, toRoot: toRoot, path: path) }
                }
                for j in path.indices {
                    var bad = path
                    bad[j] = flipped(bad[j], bit: 8 * j + 5)
                    XCTAssertFalse(library(m, n, fromRoot, toRoot, bad), "\(what), path[\(j)] changed")
                }
                XCTAssertFalse(library(m, n, flipped(fromRoot), toRoot, path), "\(what), old root changed")
                XCTAssertFalse(library(m, n, fromRoot, flipped(toRoot), path), "\(what), new root changed")
                XCTAssertFalse(library(m, n, fromRoot, toRoot, path + [toRoot]), "\(what), hash appended")
                if !path.isEmpty {
                    XCTAssertFalse(library(m, n, fromRoot, toRoot, Array(path.dropLast())), "\(what), last hash dropped")
                    XCTAssertFalse(library(m, n, fromRoot, toRoot, Array(path.dropFirst())), "\(what), first hash dropped")
                }
                if m < n {
                    XCTAssertFalse(library(m, n, toRoot, fromRoot, path), "\(what), roots swapped")
                    XCTAssertFalse(library(n, m, fromRoot, toRoot, path), "\(what), sizes swapped")
                }
                // Either size off by one: agree with the naive verifier; count the shape-preserving ones.
                for (m2, n2) in [(m - 1, n), (m + 1, n), (m, n - 1), (m, n + 1)] {
                    let got = library(m2, n2, fromRoot, toRoot, path)
                    XCTAssertEqual(got, NaiveMerkle.verifyConsistency(m2, n2, fromRoot, toRoot, path), "\(what) as \(m2) -> \(n2)")
                    if got { structurallyEquivalentSizes += 1 }
                }
            }
        }
        XCTAssertEqual(checked, Self.maxSize * (Self.maxSize + 1) / 2)
        print("consistency: \(checked) proofs; \(structurallyEquivalentSizes) off-by-one claims share the proof's shape")
    }

    /// The expected-length formulas agree with the RFC's recursive paths well beyond 64 leaves.
    func testPathLengthFormulas() {
        let tall = NaiveMerkle.Tree(leafHashes: (0..<300).map { NaiveMerkle.leafHash([UInt8($0 % 256), UInt8($0 / 256)]) })
        for n in stride(from: 65, through: 300, by: 7) {
            for i in stride(from: 0, to: n, by: 5) {
                XCTAssertEqual(MerkleTree.inclusionPathLength(index: i, size: n), tall.path(i, size: n).count, "\(i) of \(n)")
            }
            for m in stride(from: 1, to: n, by: 3) {
                XCTAssertEqual(MerkleTree.consistencyPathLength(from: m, to: n), tall.proof(m, n).count, "\(m) -> \(n)")
            }
        }
    }
}
