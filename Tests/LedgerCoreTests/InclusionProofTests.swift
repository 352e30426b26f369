import Foundation
import XCTest
@testable import LedgerCore

/// The inclusion proof's FORMAT.md JSON form, read strictly, written exactly, and checked.
final class InclusionProofTests: XCTestCase {
    static let lines = (1...11).map { #"{"seq":\#($0),"text":"ünïcode ✓"}"# }
    static let source = InMemoryMerkleHashSource(leaves: lines.map { Array($0.utf8) })

    func testMakeWriteReadVerify() throws {
        for size in 1...Self.lines.count {
            for index in 0..<size {
                let proof = try InclusionProof(leaf: Self.lines[index], index: index, size: size, source: Self.source)
                XCTAssertEqual(proof.index, index)
                XCTAssertEqual(proof.size, size)
                XCTAssertEqual(proof.root, try Self.source.root(size: size))
                XCTAssertEqual(proof.path, try MerkleTree.inclusionPath(index: index, size: size, source: Self.source))
                XCTAssertEqual(proof.leafHash, try Self.source.leafHash(at: index))
                XCTAssertNoThrow(try proof.verify())
                XCTAssertEqual(try InclusionProof(json: proof.json), proof)
            }
        }
    }

    func testJSONShape() throws {
        let proof = try InclusionProof(leaf: Self.lines[5], index: 5, size: 11, source: Self.source)
        XCTAssertEqual(proof.json, .object([
            "index": .number(5),
            "leaf": .string(Self.lines[5]),
            "path": .array(proof.path.map { .string($0.hex) }),
            "root": .string(proof.root.hex),
            "size": .number(11),
        ]))
        XCTAssertEqual(proof.json.objectValue.map { Set($0.keys) }, Set(InclusionProof.memberNames))
        XCTAssertEqual(proof.path.count, 4)
    }

    func testStrictReading() throws {
        let valid = try InclusionProof(leaf: Self.lines[2], index: 2, size: 7, source: Self.source).json
        let what = "inclusion proof"
        assertStrictReader(valid, what: what, read: InclusionProof.init(json:))
        assertHashMemberStrict(valid, member: "root", what: what, read: InclusionProof.init(json:))
        assertHashMemberStrict(valid, member: "path", inArray: true, what: what, read: InclusionProof.init(json:))
        assertCountMemberStrict(valid, member: "index", what: what, read: InclusionProof.init(json:))
        assertCountMemberStrict(valid, member: "size", what: what, read: InclusionProof.init(json:))
        var members = valid.objectValue!
        members["leaf"] = .string(Self.lines[2] + "\n")
        XCTAssertThrowsError(try InclusionProof(json: .object(members))) {
            XCTAssertEqual($0 as? ProofJSONError, .leafContainsNewline)
        }
        // An empty path is a valid array (a one-leaf tree), and 2^53 is still a count.
        members["leaf"] = .string(Self.lines[0])
        members["path"] = .array([])
        members["index"] = .number(0)
        members["size"] = .number(1)
        members["root"] = .string(try Self.source.leafHash(at: 0).hex)
        XCTAssertNoThrow(try InclusionProof(json: .object(members)).verify())
        members["size"] = .number(9_007_199_254_740_992)
        XCTAssertEqual(try InclusionProof(json: .object(members)).size, 1 << 53)
    }

    /// Well-formed JSON whose claim is false is read, and then refused by `verify()`.
    func testVerifyRefusesFalseClaims() throws {
        let proof = try InclusionProof(leaf: Self.lines[6], index: 6, size: 9, source: Self.source)
        func refused(_ change: (inout InclusionProof) -> Void, _ check: (MerkleProofError) -> Bool, line: UInt = #line) {
            var p = proof
            change(&p)
            XCTAssertThrowsError(try InclusionProof(json: p.json).verify(), line: line) {
                guard let e = $0 as? MerkleProofError else { return XCTFail("\($0)", line: line) }
                XCTAssertTrue(check(e), "\(e)", line: line)
            }
        }
        refused({ $0.leaf = Self.lines[5] }, { if case .rootMismatch = $0 { return true }; return false })
        refused({ $0.leaf += " " }, { if case .rootMismatch = $0 { return true }; return false })
        refused({ $0.index = 5 }, { if case .rootMismatch = $0 { return true }; return false })
        refused({ $0.index = 9 }, { $0 == .indexOutOfRange(index: 9, size: 9) })
        refused({ $0.size = 6 }, { $0 == .indexOutOfRange(index: 6, size: 6) })
        refused({ $0.size = 0 }, { $0 == .indexOutOfRange(index: 6, size: 0) })
        refused({ $0.path.removeLast() }, { $0 == .wrongPathLength(expected: 4, actual: 3) })
        refused({ $0.path[1] = flipped($0.path[1]) }, { if case .rootMismatch = $0 { return true }; return false })
        refused({ $0.root = try! Self.source.root(size: 8) }, { if case .rootMismatch = $0 { return true }; return false })
    }

    func testMakingForAnotherLeafIsRefused() {
        XCTAssertThrowsError(try InclusionProof(leaf: Self.lines[1], index: 2, size: 5, source: Self.source)) {
            XCTAssertEqual($0 as? MerkleProofError, .leafMismatch(index: 2))
        }
        XCTAssertThrowsError(try InclusionProof(leaf: Self.lines[2], index: 2, size: 12, source: Self.source)) {
            XCTAssertEqual($0 as? MerkleProofError, .sizeBeyondSource(size: 12, available: 11))
        }
        XCTAssertThrowsError(try InclusionProof(leaf: Self.lines[2], index: 5, size: 5, source: Self.source)) {
            XCTAssertEqual($0 as? MerkleProofError, .indexOutOfRange(index: 5, size: 5))
        }
    }
}
