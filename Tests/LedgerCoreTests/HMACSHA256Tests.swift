import Foundation
import XCTest
@testable import LedgerCore
import LedgerTestSupport

/// HMAC-SHA-256 against RFC 4231 test cases 1-7 (`hmac/rfc4231.json`), one-shot and streaming.
final class HMACSHA256Tests: XCTestCase {
    struct Vector {
        let testCase: Int
        let key: [UInt8]
        let data: [UInt8]
        let mac: [UInt8]
        let truncatedBits: Int?
    }

    static func vectors() throws -> [Vector] {
        let json = try JSONSerialization.jsonObject(with: try TestData.data("hmac/rfc4231.json")) as! [String: Any]
        return (json["vectors"] as! [[String: Any]]).map { v in
            Vector(testCase: v["test_case"] as! Int,
                   key: Hex.decode(v["key_hex"] as! String)!,
                   data: Hex.decode(v["data_hex"] as! String)!,
                   mac: Hex.decode(v["hmac_sha256_hex"] as! String)!,
                   truncatedBits: v["truncated_to_bits"] as? Int)
        }
    }

    func testRFC4231() throws {
        let vectors = try Self.vectors()
        XCTAssertEqual(vectors.map(\.testCase), Array(1...7))
        for v in vectors {
            let code = HMACSHA256.authenticationCode(for: v.data, key: v.key)
            XCTAssertEqual(code.count, 32)
            // Test case 5: the RFC publishes only the leftmost 128 bits.
            let bytes = (v.truncatedBits ?? 256) / 8
            XCTAssertEqual(v.mac.count, bytes, "case \(v.testCase): expected value's length")
            XCTAssertEqual(Array(code.prefix(bytes)), v.mac, "case \(v.testCase)")
            if v.truncatedBits == nil {
                XCTAssertTrue(HMACSHA256.isValidAuthenticationCode(v.mac, for: v.data, key: v.key))
            } else {
                XCTAssertFalse(HMACSHA256.isValidAuthenticationCode(v.mac, for: v.data, key: v.key),
                               "a truncated code is not a full code")
            }
        }
    }

    func testStreamingInPieces() throws {
        for v in try Self.vectors() {
            let whole = HMACSHA256.authenticationCode(for: v.data, key: v.key)
            for piece in [1, 5, 63, 64, 65] {
                var hmac = HMACSHA256(key: v.key)
                var offset = 0
                while offset < v.data.count {
                    let end = min(offset + piece, v.data.count)
                    if piece == 5 {
                        v.data[offset..<end].withUnsafeBytes { hmac.update($0) }
                    } else {
                        hmac.update(v.data[offset..<end])
                    }
                    offset = end
                }
                XCTAssertEqual(hmac.finalize(), whole, "case \(v.testCase), pieces of \(piece)")
            }
        }
    }

    /// A keyed value copied before use authenticates each message independently.
    func testKeyedStateIsReusableByCopy() throws {
        let keyed = HMACSHA256(key: Array("key".utf8))
        var first = keyed, second = keyed
        first.update(Array("one".utf8))
        second.update(Array("two".utf8))
        XCTAssertEqual(first.finalize(), HMACSHA256.authenticationCode(for: Array("one".utf8), key: Array("key".utf8)))
        XCTAssertEqual(second.finalize(), HMACSHA256.authenticationCode(for: Array("two".utf8), key: Array("key".utf8)))
    }

    /// RFC 2104 section 3: keys of exactly 64 bytes are used as they are; longer ones are hashed first.
    func testKeyLengthsAroundTheBlockSize() {
        let message = Array("message".utf8)
        let long = [UInt8](repeating: 0x42, count: 65)
        XCTAssertEqual(HMACSHA256.authenticationCode(for: message, key: long),
                       HMACSHA256.authenticationCode(for: message, key: SHA256.hash(long).bytes))
        let exact = [UInt8](repeating: 0x42, count: 64)
        XCTAssertNotEqual(HMACSHA256.authenticationCode(for: message, key: exact),
                          HMACSHA256.authenticationCode(for: message, key: SHA256.hash(exact).bytes))
        // Zero padding: a short key equals itself padded with zeros to the block size.
        XCTAssertEqual(HMACSHA256.authenticationCode(for: message, key: [1, 2, 3]),
                       HMACSHA256.authenticationCode(for: message, key: [1, 2, 3] + [UInt8](repeating: 0, count: 61)))
        XCTAssertEqual(HMACSHA256.authenticationCode(for: message, key: [UInt8]()).count, 32)
    }

    func testConstantTimeEquals() {
        XCTAssertTrue(HMACSHA256.constantTimeEquals([], []))
        XCTAssertTrue(HMACSHA256.constantTimeEquals([1, 2], [1, 2]))
        XCTAssertFalse(HMACSHA256.constantTimeEquals([1, 2], [1, 3]))
        XCTAssertFalse(HMACSHA256.constantTimeEquals([1, 2], [1, 2, 3]))
    }
}
