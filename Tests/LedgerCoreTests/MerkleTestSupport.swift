import Foundation
import XCTest
@testable import LedgerCore
import LedgerTestSupport

/// A deliberately naive RFC 9162 section 2.1 implementation, written straight from the RFC's
/// recursive definitions and sharing nothing with `MerkleTree` but SHA-256 itself.
/// Tests compare the library against it.
enum NaiveMerkle {
    static func leafHash(_ leaf: [UInt8]) -> SHA256.Digest { SHA256.hash([0x00] + leaf) }

    static func nodeHash(_ l: SHA256.Digest, _ r: SHA256.Digest) -> SHA256.Digest { SHA256.hash([0x01] + l.bytes + r.bytes) }

    /// The largest power of two smaller than n.
    static func split(_ n: Int) -> Int {
        var k = 1
        while k * 2 < n { k *= 2 }
        return k
    }

    /// MTH over leaf hashes, memoised by range because the tests ask for the same ranges many times.
    final class Tree {
        let leafHashes: [SHA256.Digest]
        private var memo: [Int: SHA256.Digest] = [:]

        init(leafHashes: [SHA256.Digest]) { self.leafHashes = leafHashes }

        /// RFC 9162 2.1.1 MTH(D[start:end]).
        func mth(_ start: Int, _ end: Int) -> SHA256.Digest {
            let n = end - start
            if n == 0 { return SHA256.hash([UInt8]()) }
            if n == 1 { return leafHashes[start] }
            let key = start << 32 | end
            if let hit = memo[key] { return hit }
            let k = split(n)
            let hash = nodeHash(mth(start, start + k), mth(start + k, end))
            memo[key] = hash
            return hash
        }

        func root(_ n: Int) -> SHA256.Digest { mth(0, n) }

        /// RFC 9162 2.1.3.1 PATH(m, D[start:end]).
        func path(_ m: Int, _ start: Int, _ end: Int) -> [SHA256.Digest] {
            let n = end - start
            if n == 1 { return [] }
            let k = split(n)
            if m < k { return path(m, start, start + k) + [mth(start + k, end)] }
            return path(m - k, start + k, end) + [mth(start, start + k)]
        }

        func path(_ m: Int, size n: Int) -> [SHA256.Digest] { path(m, 0, n) }

        /// RFC 9162 2.1.4.1 SUBPROOF(m, D[start:end], b).
        func subproof(_ m: Int, _ start: Int, _ end: Int, _ b: Bool) -> [SHA256.Digest] {
            let n = end - start
            if m == n { return b ? [] : [mth(start, end)] }
            let k = split(n)
            if m <= k { return subproof(m, start, start + k, b) + [mth(start + k, end)] }
            return subproof(m - k, start + k, end, false) + [mth(start, start + k)]
        }

        /// RFC 9162 2.1.4.1 PROOF(m, D[n]) for 0 < m < n; empty for m == n.
        func proof(_ m: Int, _ n: Int) -> [SHA256.Digest] { m == n ? [] : subproof(m, 0, n, true) }
    }

    /// Inclusion checked by retracing PATH's recursion: the last path hash is the top sibling.
    static func verifyInclusion(_ index: Int, _ size: Int, _ leafHash: SHA256.Digest,
                                _ path: [SHA256.Digest], _ root: SHA256.Digest) -> Bool {
        guard index >= 0, index < size else { return false }
        var rest = path[...]
        func walk(_ m: Int, _ n: Int) -> SHA256.Digest? {
            if n == 1 { return leafHash }
            let k = split(n)
            guard let sibling = rest.popLast() else { return nil }
            if m < k { return walk(m, k).map { nodeHash($0, sibling) } }
            return walk(m - k, n - k).map { nodeHash(sibling, $0) }
        }
        guard let computed = walk(index, size), rest.isEmpty else { return false }
        return computed == root
    }

    /// Consistency checked by retracing SUBPROOF's recursion, rebuilding both roots.
    /// m == n: empty path and equal roots; m == 0 or m > n: refused.
    static func verifyConsistency(_ m: Int, _ n: Int, _ fromRoot: SHA256.Digest, _ toRoot: SHA256.Digest,
                                  _ path: [SHA256.Digest]) -> Bool {
        guard m > 0, m <= n else { return false }
        if m == n { return path.isEmpty && fromRoot == toRoot }
        var rest = path[...]
        // Returns (root of the old tree's part inside this subtree, root of this subtree).
        func walk(_ m: Int, _ n: Int, _ b: Bool) -> (SHA256.Digest, SHA256.Digest)? {
            if m == n {
                if b { return (fromRoot, fromRoot) }
                guard let hash = rest.popLast() else { return nil }
                return (hash, hash)
            }
            let k = split(n)
            guard let sibling = rest.popLast() else { return nil }
            if m <= k {
                guard let (old, new) = walk(m, k, b) else { return nil }
                return (old, nodeHash(new, sibling))
            }
            guard let (old, new) = walk(m - k, n - k, false) else { return nil }
            return (nodeHash(sibling, old), nodeHash(sibling, new))
        }
        guard let (old, new) = walk(m, n, true), rest.isEmpty else { return false }
        return old == fromRoot && new == toRoot
    }
}

/// `vectors.json`: RFC 6962 / 9162 roots, hashes and proofs (0-based leaf indices).
struct MerkleVectors: Decodable {
    struct Root: Decodable { let tree_size: Int; let root: String }
    struct LeafHash: Decodable { let input: String; let leaf_hash: String }
    struct NodeHash: Decodable { let left: String; let right: String; let hash: String }
    struct Subtree: Decodable { let level: Int; let index: Int; let start: Int; let end: Int; let hash: String }
    struct Inclusion: Decodable { let leaf_index: Int; let tree_size: Int; let proof: [String]; let root: String }
    struct Consistency: Decodable { let size1: Int; let size2: Int; let proof: [String]; let root1: String; let root2: String }
    struct External: Decodable {
        let leaf_index: Int; let tree_size: Int; let leaf_input: String; let leaf_hash: String
        let proof: [String]; let root: String
    }

    let leaves_hex: [String]
    let empty_tree_root: String
    let roots: [Root]
    let leaf_hash_vectors: [LeafHash]
    let node_hash_vectors: [NodeHash]
    let subtree_hashes: [Subtree]
    let inclusion_proofs: [Inclusion]
    let consistency_proofs: [Consistency]
    let external_inclusion_proofs: [External]

    static func load() throws -> MerkleVectors {
        try JSONDecoder().decode(MerkleVectors.self, from: try TestData.data("merkle/vectors.json"))
    }

    var leaves: [[UInt8]] { leaves_hex.map { Hex.decode($0)! } }
}

/// A 32-byte digest from 64 hex digits, failing the test otherwise.
func digest(_ hex: String, file: StaticString = #filePath, line: UInt = #line) -> SHA256.Digest {
    guard let d = SHA256.Digest(hex: hex) else {
        XCTFail("not a SHA-256 hash: \(hex)", file: file, line: line)
        return .zero
    }
    return d
}

/// The same digest with one bit flipped.
func flipped(_ d: SHA256.Digest, bit: Int = 0) -> SHA256.Digest {
    var bytes = d.bytes
    bytes[bit / 8 % 32] ^= 1 << UInt8(bit % 8)
    return SHA256.Digest(bytes: bytes)
}

/// Distinct leaves for generated trees: "leaf 0", "leaf 1", ...
func testLeaves(_ n: Int) -> [[UInt8]] { (0..<n).map { Array("leaf \($0)".utf8) } }
