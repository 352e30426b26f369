import Foundation
import XCTest
@testable import LedgerCore
import LedgerTestSupport

/// SHA-256 against every NIST CAVP SHAVS vector in `sha256/` (ShortMsg, LongMsg, Monte),
/// whole and fed in odd-sized pieces so the partial-block buffering is exercised, through
/// every compression function this CPU can run (the portable one and, on x86 with the SHA
/// extensions, the accelerated one) as well as through the process's default.
final class SHA256Tests: XCTestCase {
    /// The implementations to hold to the vectors: all that this CPU runs.
    static let implementations = SHA256.Implementation.allCases.filter(\.isAvailable)

    /// One `Len`/`Msg`/`MD` record of a `.rsp` file.
    struct MessageVector {
        let bits: Int
        let message: [UInt8]
        let digest: String
    }

    /// The `key = value` records of a CAVP response file, each ending at its `MD` line.
    static func records(_ name: String) throws -> [[String: String]] {
        let text = String(decoding: try TestData.data("sha256/\(name)"), as: UTF8.self)
        var out: [[String: String]] = []
        var record: [String: String] = [:]
        for raw in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#"), !line.hasPrefix("["),
                  let eq = line.firstIndex(of: "=") else { continue }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces)
            record[key] = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            if key == "MD" || key == "Seed" {
                out.append(record)
                record = [:]
            }
        }
        return out
    }

    static func messageVectors(_ name: String) throws -> [MessageVector] {
        try records(name).map { r in
            let bits = Int(r["Len"]!)!
            precondition(bits % 8 == 0, "byte-oriented vectors only")
            // For Len = 0 the file says Msg = 00, which stands for the empty message.
            let message = Array(Hex.decode(r["Msg"]!)!.prefix(bits / 8))
            return MessageVector(bits: bits, message: message, digest: r["MD"]!.lowercased())
        }
    }

    /// Piece sizes that straddle the 64-byte block boundary in every way.
    static let piecePatterns: [[Int]] = [[1], [3], [7, 13], [31, 33], [63], [64], [65], [55, 1, 8], [127, 2, 200]]

    static func hashInPieces(_ message: [UInt8], pattern: [Int], with implementation: SHA256.Implementation? = nil) -> SHA256.Digest {
        var hasher = implementation.map { SHA256(implementation: $0) } ?? SHA256()
        var offset = 0
        var i = 0
        while offset < message.count {
            let n = min(pattern[i % pattern.count], message.count - offset)
            message[offset..<(offset + n)].withUnsafeBytes { hasher.update($0) }
            offset += n
            i += 1
        }
        return hasher.finalize()
    }

    static func hash(_ message: [UInt8], with implementation: SHA256.Implementation) -> SHA256.Digest {
        var hasher = SHA256(implementation: implementation)
        hasher.update(message)
        return hasher.finalize()
    }

    func checkMessages(_ name: String, expectedCount: Int) throws {
        let vectors = try Self.messageVectors(name)
        XCTAssertEqual(vectors.count, expectedCount, "\(name): vector count")
        for v in vectors {
            for implementation in Self.implementations {
                XCTAssertEqual(Self.hash(v.message, with: implementation).hex, v.digest, "\(name) Len=\(v.bits) \(implementation)")
                for pattern in Self.piecePatterns {
                    XCTAssertEqual(Self.hashInPieces(v.message, pattern: pattern, with: implementation).hex, v.digest,
                                   "\(name) Len=\(v.bits) \(implementation) pieces \(pattern)")
                }
            }
            XCTAssertEqual(SHA256.hash(v.message).hex, v.digest, "\(name) Len=\(v.bits) whole")
            v.message.withUnsafeBytes { XCTAssertEqual(SHA256.hash($0).hex, v.digest, "\(name) Len=\(v.bits) raw") }
            // A sequence without contiguous storage goes through the copying path.
            XCTAssertEqual(SHA256.hash(v.message.lazy.map { $0 }).hex, v.digest, "\(name) Len=\(v.bits) lazy")
            for pattern in Self.piecePatterns {
                XCTAssertEqual(Self.hashInPieces(v.message, pattern: pattern).hex, v.digest,
                               "\(name) Len=\(v.bits) pieces \(pattern)")
            }
        }
    }

    func testShortMessages() throws {
        try checkMessages("SHA256ShortMsg.rsp", expectedCount: 65)
    }

    func testLongMessages() throws {
        try checkMessages("SHA256LongMsg.rsp", expectedCount: 64)
    }

    /// SHAVS section 6.4: MD_i = SHA-256(MD_{i-3} || MD_{i-2} || MD_{i-1}), 1000 times per checkpoint,
    /// each checkpoint's digest seeding the next.
    func testMonteCarlo() throws {
        for implementation in Self.implementations {
            try checkMonteCarlo(with: implementation)
        }
    }

    func checkMonteCarlo(with implementation: SHA256.Implementation) throws {
        let records = try Self.records("SHA256Monte.rsp")
        guard let seedText = records.first?["Seed"], var seed = Hex.decode(seedText) else {
            return XCTFail("SHA256Monte.rsp has no Seed")
        }
        let checkpoints = records.dropFirst()
        XCTAssertEqual(checkpoints.count, 100)
        for (j, r) in checkpoints.enumerated() {
            XCTAssertEqual(Int(r["COUNT"]!), j)
            var md0 = seed, md1 = seed, md2 = seed
            for i in 3..<1003 {
                let message = md0 + md1 + md2
                // Alternate the whole-message and the piecewise paths.
                let next = i % 2 == 0 ? Self.hash(message, with: implementation)
                    : Self.hashInPieces(message, pattern: [(i % 61) + 1], with: implementation)
                (md0, md1, md2) = (md1, md2, next.bytes)
            }
            seed = md2
            XCTAssertEqual(Hex.encode(seed), r["MD"]!.lowercased(), "Monte COUNT=\(j) \(implementation)")
        }
    }

    /// FIPS 180-2 appendix B.3: one million "a", the classic many-block message.
    func testMillionA() {
        let million = [UInt8](repeating: 0x61, count: 1_000_000)
        let want = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        XCTAssertEqual(SHA256.hash(million).hex, want)
        for implementation in Self.implementations {
            XCTAssertEqual(Self.hash(million, with: implementation).hex, want, "\(implementation)")
            XCTAssertEqual(Self.hashInPieces(million, pattern: [4093, 17], with: implementation).hex, want, "\(implementation)")
        }
    }

    func testEmptyAndDigestValues() {
        XCTAssertEqual(SHA256.Digest.empty.hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.Digest.zero.hex, String(repeating: "0", count: 64))
        XCTAssertEqual(SHA256.hash(Array("abc".utf8)).hex,
                       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        var hasher = SHA256()
        hasher.update([UInt8]())
        XCTAssertEqual(hasher.finalize(), .empty)
    }

    func testDigestHexAndBytes() throws {
        let d = SHA256.hash(Array("abc".utf8))
        XCTAssertEqual(SHA256.Digest(hex: d.hex), d)
        XCTAssertEqual(SHA256.Digest(hex: d.hex.uppercased()), d)
        XCTAssertEqual(SHA256.Digest(bytes: d.bytes), d)
        XCTAssertEqual(d.bytes.count, 32)
        XCTAssertEqual(d.description, d.hex)
        XCTAssertNil(SHA256.Digest(hex: String(d.hex.dropLast())))
        XCTAssertNil(SHA256.Digest(hex: d.hex + "00"))
        XCTAssertNil(SHA256.Digest(hex: "g" + d.hex.dropFirst()))
        XCTAssertNotEqual(d, SHA256.Digest.empty)
        XCTAssertEqual(Set([d, d, .empty]).count, 2)
        d.withUnsafeBytes { XCTAssertEqual(Array($0), d.bytes) }
    }

    func testHex() {
        XCTAssertEqual(Hex.encode([0x00, 0x0f, 0xa0, 0xff]), "000fa0ff")
        XCTAssertEqual(Hex.decode("000fA0ff"), [0x00, 0x0f, 0xa0, 0xff])
        XCTAssertEqual(Hex.decode(""), [])
        XCTAssertNil(Hex.decode("abc"))
        XCTAssertNil(Hex.decode("zz"))
        XCTAssertTrue(Hex.isLowercaseHex("00ff", count: 4))
        XCTAssertFalse(Hex.isLowercaseHex("00FF", count: 4))
        XCTAssertFalse(Hex.isLowercaseHex("00ff", count: 6))
        XCTAssertFalse(Hex.isLowercaseHex("00fg", count: 4))
    }
}
