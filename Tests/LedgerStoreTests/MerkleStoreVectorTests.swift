import Foundation
import LedgerCore
import LedgerTestSupport
import XCTest
@testable import LedgerStore

/// The stored Merkle tree on the public vectors of `../shared/testdata/merkle/vectors.json`
/// (RFC 6962 / 9162, transparency-dev, certificate-transparency): their eight leaves written
/// as the lines of a log (none holds a line feed; the first is empty), with chunks of 1, 2,
/// 4 and 256 leaves, persisted and reopened.
final class MerkleStoreVectorTests: XCTestCase {
    private struct Vectors: Decodable {
        struct Root: Decodable { let tree_size: Int; let root: String }
        struct Inclusion: Decodable { let leaf_index: Int; let tree_size: Int; let proof: [String]; let root: String }
        struct Consistency: Decodable { let size1: Int; let size2: Int; let proof: [String]; let root1: String; let root2: String }
        let leaves_hex: [String]
        let roots: [Root]
        let inclusion_proofs: [Inclusion]
        let consistency_proofs: [Consistency]
    }

    func testTheVectorsFromAStoreOnDisk() throws {
        let v = try JSONDecoder().decode(Vectors.self, from: TestData.data("merkle/vectors.json"))
        let leaves = v.leaves_hex.map { Hex.decode($0)! }
        XCTAssertEqual(leaves.count, 8)
        XCTAssertFalse(leaves.contains { $0.contains(0x0a) })
        let dir = try MerkleFixtures.temporaryDirectory(self)
        try MerkleFixtures.append(leaves[...], to: dir)
        for chunkLevel in [0, 1, 2, 8] {
            for reopened in [false, true] {
                let store = try MerkleStore.open(directory: dir + "/merkle-\(chunkLevel)", logPath: dir + "/events.jsonl",
                                                 chunkLevel: chunkLevel, lockTimeout: 1)!.store
                if !reopened {
                    var offset = 0
                    for leaf in leaves {
                        try leaf.withUnsafeBytes { try store.append(line: $0, offset: offset) }
                        offset += leaf.count + 1
                    }
                    try store.save()
                }
                XCTAssertEqual(store.size, 8)
                let what = "chunks of \(1 << chunkLevel)\(reopened ? ", reopened" : "")"
                XCTAssertEqual(v.roots.count, 8)
                for e in v.roots { XCTAssertEqual(try store.root(size: e.tree_size).hex, e.root, "\(what): root of \(e.tree_size)") }
                XCTAssertEqual(v.inclusion_proofs.count, 7)
                for e in v.inclusion_proofs {
                    XCTAssertEqual(try MerkleTree.inclusionPath(index: e.leaf_index, size: e.tree_size, source: store).map(\.hex), e.proof,
                                   "\(what): inclusion of \(e.leaf_index) in \(e.tree_size)")
                }
                XCTAssertEqual(v.consistency_proofs.count, 5)
                for e in v.consistency_proofs {
                    XCTAssertEqual(try MerkleTree.consistencyPath(from: e.size1, to: e.size2, source: store).map(\.hex), e.proof,
                                   "\(what): consistency \(e.size1) to \(e.size2)")
                    XCTAssertEqual(try store.root(size: e.size1).hex, e.root1)
                    XCTAssertEqual(try store.root(size: e.size2).hex, e.root2)
                }
            }
        }
    }
}
