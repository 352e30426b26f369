import Foundation
import XCTest
@testable import LedgerCore

/// The checkpoint's FORMAT.md JSON form, read strictly and written exactly.
final class CheckpointTests: XCTestCase {
    static let lines = ["{\"seq\":1}", "{\"seq\":2}", "{\"seq\":3}"]
    static let checkpoint = Checkpoint(
        head: SHA256.hash(lines[2].utf8), recorded: "2024-04-26T01:30:00.123Z",
        root: MerkleTree.root(ofLeaves: lines.map { Array($0.utf8) }), size: 3)

    func testWriteAndRead() throws {
        let json = Self.checkpoint.json
        XCTAssertEqual(json, .object([
            "head": .string(SHA256.hash(Self.lines[2].utf8).hex),
            "recorded": .string("2024-04-26T01:30:00.123Z"),
            "root": .string(Self.checkpoint.root.hex),
            "size": .number(3),
        ]))
        XCTAssertEqual(json.objectValue.map { Set($0.keys) }, Set(Checkpoint.memberNames))
        XCTAssertEqual(try Checkpoint(json: json), Self.checkpoint)
    }

    func testStrictReading() {
        let valid = Self.checkpoint.json
        let what = "checkpoint"
        assertStrictReader(valid, what: what, read: Checkpoint.init(json:))
        assertHashMemberStrict(valid, member: "head", what: what, read: Checkpoint.init(json:))
        assertHashMemberStrict(valid, member: "root", what: what, read: Checkpoint.init(json:))
        assertCountMemberStrict(valid, member: "size", what: what, read: Checkpoint.init(json:))
        var members = valid.objectValue!
        members["recorded"] = "2024-04-26T09:30:00+08:00"
        XCTAssertThrowsError(try Checkpoint(json: .object(members))) {
            XCTAssertEqual($0 as? ProofJSONError, .invalidTimestamp(what: what, member: "recorded", value: "2024-04-26T09:30:00+08:00"))
        }
    }

    /// The empty log has exactly one possible checkpoint (besides its time).
    func testEmptyLog() throws {
        let empty = Checkpoint(head: .zero, recorded: "2024-01-01T00:00:00Z", root: MerkleTree.emptyRoot, size: 0)
        XCTAssertEqual(try Checkpoint(json: empty.json), empty)
        var wrongHead = empty
        wrongHead.head = SHA256.hash(Self.lines[0].utf8)
        XCTAssertThrowsError(try Checkpoint(json: wrongHead.json)) {
            guard case .inconsistent("checkpoint", _) = $0 as? ProofJSONError else { return XCTFail("\($0)") }
        }
        var wrongRoot = empty
        wrongRoot.root = .zero
        XCTAssertThrowsError(try Checkpoint(json: wrongRoot.json)) {
            guard case .inconsistent("checkpoint", _) = $0 as? ProofJSONError else { return XCTFail("\($0)") }
        }
    }

    func testRFC3339UTC() {
        let good = ["2024-04-26T01:30:00Z", "2024-04-26T01:30:00.1Z", "2024-04-26T01:30:00.123456789012Z",
                    "2024-02-29T23:59:59Z", "2000-02-29T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z"]
        for text in good { XCTAssertTrue(Checkpoint.isRFC3339UTC(text), text) }
        let bad = ["2024-04-26T01:30:00", "2024-04-26T01:30:00+00:00", "2024-04-26t01:30:00Z", "2024-04-26T01:30:00z",
                   "2024-04-26 01:30:00Z", "2024-04-26T01:30:00.Z", "2024-04-26T01:30Z", "24-04-26T01:30:00Z",
                   "2024-13-01T00:00:00Z", "2024-00-01T00:00:00Z", "2024-04-31T00:00:00Z", "2023-02-29T00:00:00Z",
                   "1900-02-29T00:00:00Z", "2024-04-26T24:00:00Z", "2024-04-26T23:60:00Z", "2024-06-30T23:59:60Z",
                   "2024-04-26T01:30:00ZZ", " 2024-04-26T01:30:00Z", "2024-04-26T01:30:00.12a Z", "", "2024-04-2601:30:00Z",
                   "2024-04-26T01:30:00.5+01:00", "２024-04-26T01:30:00Z"]
        for text in bad { XCTAssertFalse(Checkpoint.isRFC3339UTC(text), text) }
    }

    /// A checkpoint and a consistency proof from its size and root: the later log extends it.
    func testCheckpointWithConsistencyProof() throws {
        let lines = (1...9).map { "{\"seq\":\($0)}" }
        let source = InMemoryMerkleHashSource(leaves: lines.map { Array($0.utf8) })
        let checkpoint = Checkpoint(head: SHA256.hash(lines[3].utf8), recorded: "2024-04-26T01:30:00Z",
                                    root: try source.root(size: 4), size: 4)
        let proof = try ConsistencyProof(from: checkpoint.size, to: 9, source: source)
        XCTAssertEqual(proof.fromRoot, checkpoint.root)
        XCTAssertNoThrow(try proof.verify())
    }
}
