import Foundation
import LedgerCore
@testable import Projections
import XCTest

/// Damaged snapshot bytes are refused with an error, never read as something else, and
/// never crash the reader.
final class SnapshotDamageTests: XCTestCase {
    static let set = Scenario.projections()
    static let bytes = try! set.snapshotBytes()

    func assertRefused(_ bytes: [UInt8], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try ProjectionSet(snapshotBytes: bytes), what, file: file, line: line) { error in
            guard case DecodingError.dataCorrupted(let context) = error else {
                return XCTFail("\(what): \(error) is not a damaged snapshot", file: file, line: line)
            }
            XCTAssertTrue(context.debugDescription.hasPrefix("damaged snapshot: "), context.debugDescription, file: file, line: line)
        }
    }

    func testTheBytesCutShortAnywhere_areRefused() {
        let bytes = Self.bytes
        for length in stride(from: 0, to: bytes.count, by: 3) {
            assertRefused(Array(bytes[..<length]), "cut to \(length) of \(bytes.count) bytes")
        }
        assertRefused(Array(bytes.dropLast()), "one byte short")
        assertRefused(bytes + [0], "one byte more")
    }

    func testAnyBitFlipped_isRefused() {
        let bytes = Self.bytes
        for at in stride(from: 0, to: bytes.count, by: 5) {
            var damaged = bytes
            damaged[at] ^= UInt8(1 << (at % 8))
            assertRefused(damaged, "bit \(at % 8) of byte \(at) flipped")
        }
    }

    func testTheChecksumCatchesEveryFlipOfABitInAWord() {
        // The property the checksum is built for, on every bit of a stretch of the body.
        let bytes = Self.bytes
        let body = Array(bytes[SnapshotFormat.headerSize...])
        let checksum = body.withUnsafeBytes { SnapshotChecksum.of($0) }
        for at in 0..<Swift.min(body.count, 512) {
            for bit in 0..<8 {
                var damaged = body
                damaged[at] ^= UInt8(1 << bit)
                XCTAssertNotEqual(damaged.withUnsafeBytes { SnapshotChecksum.of($0) }, checksum, "byte \(at), bit \(bit)")
            }
        }
        // Fed in pieces, the same.
        var pieces = SnapshotChecksum()
        for chunk in stride(from: 0, to: body.count, by: 13) {
            body[chunk..<Swift.min(chunk + 13, body.count)].withUnsafeBytes { pieces.update($0) }
        }
        XCTAssertEqual(pieces.finalize(), checksum)
    }

    func testDamageBehindAValidChecksum_isRefusedOrReadSafely() throws {
        // Were a checksum ever to match damaged bytes, every length, count and index is still
        // checked against the bytes it lies in: the reader throws or reads a value, never crashes.
        var generator = SystemRandomNumberGenerator()
        let bytes = Self.bytes
        var refused = 0
        for round in 0..<3_000 {
            var damaged = bytes
            for _ in 0...(round % 4) {
                let at = Int.random(in: SnapshotFormat.headerSize..<damaged.count, using: &generator)
                damaged[at] = round % 3 == 0 ? UInt8.random(in: 0...255, using: &generator) : damaged[at] ^ 0x80
            }
            if round % 5 == 0 { damaged.removeLast(Int.random(in: 1...64, using: &generator)) }
            resign(&damaged)
            do {
                _ = try ProjectionSet(snapshotBytes: damaged)
            } catch {
                refused += 1
            }
        }
        XCTAssertGreaterThan(refused, 1_000)
    }

    struct WithBlocks: Codable, Equatable {
        var entries: [String: [Int]]
        var name: String
    }

    func testDamageInBlocksBehindAValidChecksum_isRefusedOrReadSafely() throws {
        var entries: [String: [Int]] = [:]
        for i in 0..<(SnapshotEncoder.Writer.blocksFrom + 100) { entries["s/\(i)"] = Array(0..<(i % 4)) }
        let value = WithBlocks(entries: entries, name: "blocks")
        let bytes = try SnapshotEncoder.encode(value)
        XCTAssertEqual(try SnapshotDecoder.decode(WithBlocks.self, from: bytes), value)
        var generator = SystemRandomNumberGenerator()
        for round in 0..<300 {
            var damaged = bytes
            let at = round < 100 ? SnapshotFormat.headerSize + round : Int.random(in: SnapshotFormat.headerSize..<damaged.count, using: &generator)
            damaged[at] = UInt8.random(in: 0...255, using: &generator)
            resign(&damaged)
            _ = try? SnapshotDecoder.decode(WithBlocks.self, from: damaged)
        }
    }

    func testAnotherEncodingIsRefused() {
        assertRefused(Array("{\"domain\":{}}".utf8), "JSON")
        var other = Self.bytes
        other[7] = UInt8(ascii: "9")
        assertRefused(other, "another version of the encoding")
    }

    /// Sets the checksum that `bytes` hold to the one of their (damaged) body.
    func resign(_ bytes: inout [UInt8]) {
        guard bytes.count > SnapshotFormat.headerSize else { return }
        let checksum = bytes[SnapshotFormat.headerSize...].withUnsafeBytes { SnapshotChecksum.of($0) }
        withUnsafeBytes(of: checksum.littleEndian) { bytes.replaceSubrange(8..<16, with: $0) }
    }
}
