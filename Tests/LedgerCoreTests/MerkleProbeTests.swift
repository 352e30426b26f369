import Foundation
import XCTest
@testable import LedgerCore
import LedgerTestSupport

/// transparency-dev/merkle's probe files (`merkle/probes/`): valid and corrupted proofs, hashes in
/// base64, each saying whether it must be refused (`wantErr`). Every one must get that answer
/// from the byte-level verifiers, which check hash lengths as the probes expect.
final class MerkleProbeTests: XCTestCase {
    struct InclusionProbe: Decodable {
        let leafIdx: UInt64
        let treeSize: UInt64
        let root: String
        let leafHash: String
        let proof: [String]?
        let desc: String
        let wantErr: Bool
    }

    struct ConsistencyProbe: Decodable {
        let size1: UInt64
        let size2: UInt64
        let root1: String
        let root2: String
        let proof: [String]?
        let desc: String
        let wantErr: Bool
    }

    /// Every `.json` file under `merkle/probes/<kind>/`, depth first in name order.
    static func probeFiles(_ kind: String) throws -> [URL] {
        let root = TestData.url("merkle/probes/\(kind)")
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
            XCTFail("conformance data missing: \(root.path)")
            return []
        }
        return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "json" }
            .sorted { $0.path < $1.path }
    }

    static func bytes(_ base64: String) -> [UInt8] {
        [UInt8](Data(base64Encoded: base64)!)
    }

    /// The Go probes use uint64; one is 0 - 1 wrapped to 2^64 - 1. As an `Int` that bit
    /// pattern is -1, which is what a Swift caller that wrapped the same way would pass.
    static func int(_ value: UInt64) -> Int { Int(truncatingIfNeeded: value) }

    func testInclusionProbes() throws {
        var accepted = 0, refused = 0
        for url in try Self.probeFiles("inclusion") {
            let probe = try JSONDecoder().decode(InclusionProbe.self, from: try Data(contentsOf: url))
            let name = url.pathComponents.suffix(2).joined(separator: "/")
            var error: Error?
            do {
                try MerkleTree.verifyInclusion(leafHash: Self.bytes(probe.leafHash), index: Self.int(probe.leafIdx),
                                               size: Self.int(probe.treeSize), path: (probe.proof ?? []).map(Self.bytes),
                                               root: Self.bytes(probe.root))
                accepted += 1
            } catch let e {
                error = e
                refused += 1
                XCTAssertTrue(e is MerkleProofError, name)
            }
            XCTAssertEqual(error != nil, probe.wantErr, "\(name) (\(probe.desc)): \(error.map { "\($0)" } ?? "accepted")")
        }
        XCTAssertEqual(accepted + refused, 98, "inclusion probe files")
        XCTAssertEqual(accepted, 6, "happy paths")
    }

    func testConsistencyProbes() throws {
        var accepted = 0, refused = 0
        for url in try Self.probeFiles("consistency") {
            let probe = try JSONDecoder().decode(ConsistencyProbe.self, from: try Data(contentsOf: url))
            let name = url.pathComponents.suffix(2).joined(separator: "/")
            var error: Error?
            do {
                try MerkleTree.verifyConsistency(from: Self.int(probe.size1), to: Self.int(probe.size2),
                                                 fromRoot: Self.bytes(probe.root1), toRoot: Self.bytes(probe.root2),
                                                 path: (probe.proof ?? []).map(Self.bytes))
                accepted += 1
            } catch let e {
                error = e
                refused += 1
                XCTAssertTrue(e is MerkleProofError, name)
            }
            XCTAssertEqual(error != nil, probe.wantErr, "\(name) (\(probe.desc)): \(error.map { "\($0)" } ?? "accepted")")
        }
        XCTAssertEqual(accepted + refused, 98, "consistency probe files")
    }

    /// The happy-path probes also pass through the `Digest` verifiers and match the paths we generate
    /// for the transparency-dev test tree (leaves of vectors.json).
    func testHappyPathsMatchGeneratedProofs() throws {
        let source = InMemoryMerkleHashSource(leaves: try MerkleVectors.load().leaves)
        for url in try Self.probeFiles("inclusion") where url.lastPathComponent == "happy-path.json" {
            let p = try JSONDecoder().decode(InclusionProbe.self, from: try Data(contentsOf: url))
            let path = (p.proof ?? []).map { SHA256.Digest(bytes: Self.bytes($0)) }
            let leaf = SHA256.Digest(bytes: Self.bytes(p.leafHash))
            XCTAssertNoThrow(try MerkleTree.verifyInclusion(leafHash: leaf, index: Self.int(p.leafIdx), size: Self.int(p.treeSize),
                                                            path: path, root: SHA256.Digest(bytes: Self.bytes(p.root))))
            if p.treeSize <= 8, leaf == (try source.leafHash(at: Self.int(p.leafIdx))) {
                let generated = try MerkleTree.inclusionPath(index: Self.int(p.leafIdx), size: Self.int(p.treeSize), source: source)
                XCTAssertEqual(generated, path, url.path)
            }
        }
        for url in try Self.probeFiles("consistency") where url.lastPathComponent == "happy-path.json" {
            let p = try JSONDecoder().decode(ConsistencyProbe.self, from: try Data(contentsOf: url))
            let path = (p.proof ?? []).map { SHA256.Digest(bytes: Self.bytes($0)) }
            XCTAssertNoThrow(try MerkleTree.verifyConsistency(from: Self.int(p.size1), to: Self.int(p.size2),
                                                              fromRoot: SHA256.Digest(bytes: Self.bytes(p.root1)),
                                                              toRoot: SHA256.Digest(bytes: Self.bytes(p.root2)), path: path))
            XCTAssertEqual(try MerkleTree.consistencyPath(from: Self.int(p.size1), to: Self.int(p.size2), source: source), path, url.path)
        }
    }
}
