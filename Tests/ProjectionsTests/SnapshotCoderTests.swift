import Foundation
import LedgerCore
@testable import Projections
import XCTest

/// The encoder and decoder on their own: every kind of value `Codable` can express comes
/// back as it was, read in any order.
final class SnapshotCoderTests: XCTestCase {
    enum Shape: Codable, Equatable {
        case none
        case circle(radius: Int)
        case label(String, Double)
    }

    struct Nested: Codable, Equatable {
        var name: String
        var shapes: [Shape]
        var when: Timestamp?
    }

    struct Sample: Codable, Equatable {
        var text: String
        var numbers: [Int]
        var small: [Int8]
        var unsigned: [UInt64]
        var floats: [Double]
        var nested: [String: [String?]]
        var byNumber: [Int: String]
        var flag: Bool?
        var none: Int?
        var items: [Nested]
        var matrix: [[Int]]
        var times: [Timestamp]
        var empty: [String: Int]
        var emptyList: [Nested]
    }

    static let sample = Sample(
        text: "引号\" 反斜杠\\ 换行\n 制表\t \u{1} 表情\u{1F4C4} / \0 end", numbers: [0, -1, 127, 128, -128, 300, Int.max, Int.min],
        small: [Int8.min, -1, 0, Int8.max], unsigned: [0, 1, UInt64(Int64.max), UInt64(Int64.max) + 1, UInt64.max],
        floats: [0, -0.5, 1e300, .pi, 12.5], nested: ["a\"b": ["x", nil, ""], "": [], "长键名": [nil]],
        byNumber: [1: "one", -7: "minus seven"], flag: false, none: nil,
        items: [Nested(name: "n", shapes: [.none, .circle(radius: 3), .label("l", 2.5)], when: Timestamp(rfc3339: "2024-03-11T15:00:00.123+08:00")),
                Nested(name: "m", shapes: [], when: nil)],
        matrix: [[], [1], [2, 3]], times: [Timestamp(seconds: 0), Timestamp(seconds: -86_401, nanoseconds: 5, offsetSeconds: -3_600)],
        empty: [:], emptyList: [])

    func testEveryKindOfValueRoundTrips() throws {
        let bytes = try SnapshotEncoder.encode(Self.sample)
        let decoded = try SnapshotDecoder.decode(Sample.self, from: bytes)
        XCTAssertEqual(decoded, Self.sample)
        XCTAssertEqual(decoded.items[0].when?.offsetSeconds, 28_800, "a timestamp keeps its offset")
        XCTAssertEqual(decoded.items[0].when?.description, "2024-03-11T15:00:00.123+08:00")
        XCTAssertEqual(decoded.times[1].offsetSeconds, -3_600)
    }

    func testAValueAloneRoundTrips() throws {
        XCTAssertEqual(try SnapshotDecoder.decode(String.self, from: try SnapshotEncoder.encode("alone")), "alone")
        XCTAssertEqual(try SnapshotDecoder.decode(Int?.self, from: try SnapshotEncoder.encode(Int?.none)), nil)
        XCTAssertEqual(try SnapshotDecoder.decode([Shape].self, from: try SnapshotEncoder.encode([Shape.circle(radius: -2)])),
                       [.circle(radius: -2)])
    }

    /// Members read in another order than written, or not at all, or looked for and absent.
    struct Reordered: Decodable, Equatable {
        var c: Int
        var a: String
        var missing: Int?

        enum CodingKeys: String, CodingKey { case a, b, c, missing }

        init(c: Int, a: String) { self.c = c; self.a = a }

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            c = try container.decode(Int.self, forKey: .c)
            a = try container.decode(String.self, forKey: .a)
            missing = try container.decodeIfPresent(Int.self, forKey: .missing)
            XCTAssertTrue(container.contains(.b))
            XCTAssertFalse(container.contains(.missing))
            XCTAssertEqual(Set(container.allKeys.map(\.stringValue)), ["a", "b", "c"])
        }
    }

    struct Written: Encodable {
        var a = "first"
        var b = [1, 2, 3]
        var c = 42
    }

    func testMembersAreFoundInAnyOrder() throws {
        let decoded = try SnapshotDecoder.decode([Reordered].self, from: try SnapshotEncoder.encode([Written(), Written()]))
        XCTAssertEqual(decoded, [Reordered(c: 42, a: "first"), Reordered(c: 42, a: "first")])
    }

    func testAMissingMemberOrAnotherType_isAnError() throws {
        struct Other: Codable { var a: Int }
        XCTAssertThrowsError(try SnapshotDecoder.decode(Other.self, from: try SnapshotEncoder.encode(["b": 1])))
        XCTAssertThrowsError(try SnapshotDecoder.decode(Other.self, from: try SnapshotEncoder.encode(["a": "text"])))
        XCTAssertThrowsError(try SnapshotDecoder.decode(Int8.self, from: try SnapshotEncoder.encode(300)))
        XCTAssertThrowsError(try SnapshotDecoder.decode(Int.self, from: try SnapshotEncoder.encode(UInt64.max)))
    }

    /// A dictionary large enough near the top to be cut in blocks, holding values of every shape.
    struct Large: Codable, Equatable {
        var entries: [String: Nested]
        var counts: [String: Int]
    }

    func testLargeDictionariesInBlocks_roundTrip() throws {
        var entries: [String: Nested] = [:]
        var counts: [String: Int] = [:]
        for i in 0..<10_000 {
            entries["stream/\(i)"] = Nested(name: "n\(i % 17)", shapes: i % 3 == 0 ? [.circle(radius: i)] : [],
                                            when: i % 2 == 0 ? Timestamp(seconds: Int64(i) * 86_400) : nil)
            counts["k\(i)"] = i
        }
        let large = Large(entries: entries, counts: counts)
        let chunks = try SnapshotEncoder.encodeInChunks(large)
        XCTAssertGreaterThan(chunks.count, 4, "both dictionaries are in blocks")
        XCTAssertEqual(try SnapshotDecoder.decode(Large.self, from: Array(chunks.joined())), large)
    }
}
