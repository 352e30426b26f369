import Foundation
import XCTest
@testable import LedgerCore

/// The consistency proof's FORMAT.md JSON form, read strictly, written exactly, and checked.
final class ConsistencyProofTests: XCTestCase {
    static let source = InMemoryMerkleHashSource(leaves: testLeaves(20))

    func testMakeWriteReadVerify() throws {
        for to in 1...20 {
            for from in 1...to {
                let proof = try ConsistencyProof(from: from, to: to, source: Self.source)
                XCTAssertEqual(proof.fromRoot, try Self.source.root(size: from))
                XCTAssertEqual(proof.toRoot, try Self.source.root(size: to))
                XCTAssertEqual(proof.path, try MerkleTree.consistencyPath(from: from, to: to, source: Self.source))
                XCTAssertNoThrow(try proof.verify())
                XCTAssertEqual(try ConsistencyProof(json: proof.json), proof)
            }
        }
    }

    func testJSONShape() throws {
        let proof = try ConsistencyProof(from: 6, to: 13, source: Self.source)
        XCTAssertEqual(proof.json, .object([
            "from": .number(6),
            "fromRoot": .string(proof.fromRoot.hex),
            "path": .array(proof.path.map { .string($0.hex) }),
            "to": .number(13),
            "toRoot": .string(proof.toRoot.hex),
        ]))
        XCTAssertEqual(proof.json.objectValue.map { Set($0.keys) }, Set(ConsistencyProof.memberNames))
        let same = try ConsistencyProof(from: 13, to: 13, source: Self.source)
        XCTAssertEqual(same.path, [])
        XCTAssertEqual(same.json["path"], .array([]))
    }

    func testStrictReading() throws {
        let valid = try ConsistencyProof(from: 3, to: 17, source: Self.source).json
        let what = "consistency proof"
        assertStrictReader(valid, what: what, read: ConsistencyProof.init(json:))
        assertHashMemberStrict(valid, member: "fromRoot", what: what, read: ConsistencyProof.init(json:))
        assertHashMemberStrict(valid, member: "toRoot", what: what, read: ConsistencyProof.init(json:))
        assertHashMemberStrict(valid, member: "path", inArray: true, what: what, read: ConsistencyProof.init(json:))
        assertCountMemberStrict(valid, member: "from", what: what, read: ConsistencyProof.init(json:))
        assertCountMemberStrict(valid, member: "to", what: what, read: ConsistencyProof.init(json:))
    }

    /// Well-formed JSON whose claim is false is read, and then refused by `verify()`.
    func testVerifyRefusesFalseClaims() throws {
        let proof = try ConsistencyProof(from: 7, to: 12, source: Self.source)
        func refused(_ change: (inout ConsistencyProof) -> Void, _ check: (MerkleProofError) -> Bool, line: UInt = #line) {
            var p = proof
            change(&p)
            XCTAssertThrowsError(try ConsistencyProof(json: p.json).verify(), line: line) {
                guard let e = $0 as? MerkleProofError else { return XCTFail("\($0)", line: line) }
                XCTAssertTrue(check(e), "\(e)", line: line)
            }
        }
        refused({ $0.from = 0 }, { $0 == .fromEmptyTree(to: 12) })
        refused({ $0.to = 6 }, { $0 == .sizesOutOfOrder(from: 7, to: 6) })
        refused({ $0.from = 12 }, { $0 == .wrongPathLength(expected: 0, actual: proof.path.count) })
        refused({ $0.path = [] }, { if case .wrongPathLength = $0 { return true }; return false })
        refused({ $0.fromRoot = try! Self.source.root(size: 6) }, { if case .fromRootMismatch = $0 { return true }; return false })
        refused({ $0.toRoot = try! Self.source.root(size: 13) }, { if case .toRootMismatch = $0 { return true }; return false })
        refused({ $0.path[0] = flipped($0.path[0]) }, { if case .fromRootMismatch = $0 { return true }; return false })
        refused({ swap(&$0.fromRoot, &$0.toRoot) }, { if case .fromRootMismatch = $0 { return true }; return false })
        var same = try ConsistencyProof(from: 9, to: 9, source: Self.source)
        same.toRoot = try Self.source.root(size: 10)
        XCTAssertThrowsError(try same.verify()) { XCTAssertEqual($0 as? MerkleProofError, .rootsDiffer(size: 9)) }
    }

    func testMakingImpossibleProofsIsRefused() {
        XCTAssertThrowsError(try ConsistencyProof(from: 0, to: 5, source: Self.source)) {
            XCTAssertEqual($0 as? MerkleProofError, .fromEmptyTree(to: 5))
        }
        XCTAssertThrowsError(try ConsistencyProof(from: 6, to: 5, source: Self.source)) {
            XCTAssertEqual($0 as? MerkleProofError, .sizesOutOfOrder(from: 6, to: 5))
        }
        XCTAssertThrowsError(try ConsistencyProof(from: 5, to: 21, source: Self.source)) {
            XCTAssertEqual($0 as? MerkleProofError, .sizeBeyondSource(size: 21, available: 20))
        }
    }
}
