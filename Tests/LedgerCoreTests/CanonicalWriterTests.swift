import Foundation
import XCTest
import LedgerCore

/// The fast writers (objects sorted by an 8-byte prefix, a record's members in their
/// fixed order) against the plain reference: sort by UTF-16 code units, then write.
final class CanonicalWriterTests: XCTestCase {
    func testObjectsAreWrittenAsTheReferenceSortsThem() {
        // Names that share long prefixes, cross the 8-byte mark in the middle of a character,
        // and mix the ranges where UTF-8 and UTF-16 order part (U+E000-U+FFFF against U+10000 up).
        let pieces = ["a", "b", "B", "\u{0}", "é", "\u{7FF}", "\u{E000}", "\u{FFFD}", "😀", "\u{10FFFF}", "abcdefg", "abcdefgh",
                      "abcdefghi", "1234567\u{E000}", "1234567😀", "\u{FB33}\u{FB33}\u{FB33}"]
        var generator = SplitMix64(seed: 8785)
        for round in 0..<400 {
            var members: [String: JSONValue] = [:]
            let count = round % 3 == 0 ? Int(generator.next() % 60) : Int(generator.next() % 12)
            for _ in 0..<count {
                var name = ""
                for _ in 0..<Int(generator.next() % 4) { name += pieces[Int(generator.next() % UInt64(pieces.count))] }
                members[name] = CanonicalJSONTests.randomValue(&generator, depth: 2)
            }
            let fast = CanonicalJSON.encode(.object(members))
            XCTAssertEqual(fast, reference(.object(members)), String(decoding: fast, as: UTF8.self))
        }
    }

    /// Strings are escaped as a byte-by-byte writer escapes them, whatever the position of
    /// each byte that needs an escape among the eight the writer checks at a time, and
    /// whatever bytes surround it (characters of two, three and four bytes, bytes just
    /// around the ones that need escapes).
    func testStringsAreEscapedAsByteByByte() {
        func reference(_ text: String) -> [UInt8] {
            var out: [UInt8] = [0x22]
            for c in text.utf8 {
                switch c {
                case 0x22: out += [0x5c, 0x22]
                case 0x5c: out += [0x5c, 0x5c]
                case 0x08: out += Array("\\b".utf8)
                case 0x0C: out += Array("\\f".utf8)
                case 0x0A: out += Array("\\n".utf8)
                case 0x0D: out += Array("\\r".utf8)
                case 0x09: out += Array("\\t".utf8)
                case 0..<0x20: out += Array(String(format: "\\u%04x", Int(c)).utf8)
                default: out.append(c)
                }
            }
            return out + [0x22]
        }
        let special: [String] = ["\"", "\\", "\u{0}", "\u{1F}", "\n", "\t", "\u{8}", "\u{C}", "\r"]
        let ordinary: [String] = ["a", " ", "!", "#", "[", "]", "\u{7F}", "\u{80}", "é", "案", "😀", "\u{21}", "\u{5B}", "\u{5D}"]
        var generator = SplitMix64(seed: 0x2022)
        for length in 0..<40 {
            for _ in 0..<60 {
                var text = ""
                for _ in 0..<length {
                    let r = generator.next()
                    text += r % 5 == 0 ? special[Int(r / 5 % UInt64(special.count))] : ordinary[Int(r / 5 % UInt64(ordinary.count))]
                }
                var out: [UInt8] = []
                CanonicalJSON.writeString(text, into: &out)
                XCTAssertEqual(out, reference(text), text.debugDescription)
            }
        }
        // Each byte value at each place in a word of eight.
        for byte in UInt8(0)...0x7f {
            for place in 0..<8 {
                var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: 8)
                bytes[place] = byte
                let text = String(decoding: bytes + bytes, as: UTF8.self)
                var out: [UInt8] = []
                CanonicalJSON.writeString(text, into: &out)
                XCTAssertEqual(out, reference(text), "byte \(byte) at \(place)")
            }
        }
    }

    func testARecordLineIsTheCanonicalFormOfItsJSON() throws {
        var generator = SplitMix64(seed: 11)
        for n in 1...300 {
            var payload: [String: JSONValue] = [:]
            for _ in 0..<Int(generator.next() % 8) {
                payload[CanonicalJSONTests.randomString(&generator)] = CanonicalJSONTests.randomValue(&generator, depth: 1)
            }
            let record = LedgerRecord(
                seq: n * 7919, id: "id-\(CanonicalJSONTests.randomString(&generator))", stream: "case/\(n)", version: n,
                type: "T\(CanonicalJSONTests.randomString(&generator))", schema: 1 + n % 3, at: "2024-05-01T09:00:00+08:00",
                recorded: "2024-05-01T01:00:00.123Z",
                actor: Actor(agency: "a\u{0}\"", officer: CanonicalJSONTests.randomString(&generator)),
                payload: payload, prev: SHA256.hash(Array("\(n)".utf8)).hex)
            let line = record.canonicalBytes
            XCTAssertEqual(line, CanonicalJSON.encode(record.json))
            XCTAssertEqual(line, reference(record.json))
            XCTAssertTrue(line.withUnsafeBytes { CanonicalScanner.isCanonical($0) })
            var appended: [UInt8] = Array("x".utf8)
            record.writeCanonical(into: &appended)
            XCTAssertEqual(Array(appended.dropFirst()), line)
        }
    }

    func testAPayloadEncodedWithItsDraftIsWrittenAsIsAndForgottenWhenItChanges() {
        var draft = EventDraft(id: nil, stream: "case/A", type: "T", schema: 1, at: "2024-05-01T09:00:00+08:00",
                               actor: Actor(agency: "a", officer: "o"), payload: ["z": 1, "a": ["é": "\u{1F600}", "b": [1, 2]]])
        draft.encodePayload()
        XCTAssertEqual(draft.canonicalPayload.bytes, CanonicalJSON.encode(.object(draft.payload)))
        var record = draft.record(seq: 3, version: 1, recorded: "2024-05-01T01:00:00Z", prev: String(repeating: "0", count: 64),
                                  defaultID: "case/A@1")
        XCTAssertNotNil(record.canonicalPayload.bytes)
        XCTAssertEqual(record.canonicalBytes, CanonicalJSON.encode(record.json))
        // A payload changed afterwards (an upcast, a test) is encoded again, never the old bytes.
        record.payload["z"] = 2
        XCTAssertNil(record.canonicalPayload.bytes)
        XCTAssertEqual(record.canonicalBytes, CanonicalJSON.encode(record.json))
        draft.payload["a"] = nil
        XCTAssertNil(draft.canonicalPayload.bytes)
        XCTAssertEqual(draft.record(seq: 3, version: 1, recorded: "r", prev: "p", defaultID: "d").canonicalBytes,
                       CanonicalJSON.encode(draft.record(seq: 3, version: 1, recorded: "r", prev: "p", defaultID: "d").json))
        // The cache is no part of equality.
        var plain = EventDraft(id: nil, stream: "case/A", type: "T", schema: 1, at: "2024-05-01T09:00:00+08:00",
                               actor: Actor(agency: "a", officer: "o"), payload: draft.payload)
        XCTAssertEqual(plain, draft)
        plain.encodePayload()
        XCTAssertEqual(plain, draft)
    }

    func testStreamKind() {
        func kind(_ stream: String) -> String {
            String(LedgerRecord(seq: 1, id: "i", stream: stream, version: 1, type: "T", schema: 1, at: "", recorded: "",
                                actor: Actor(agency: "a", officer: "o"), payload: [:], prev: "").streamKind)
        }
        XCTAssertEqual(kind("case/FLE-1"), "case")
        XCTAssertEqual(kind("registry"), "registry")
        XCTAssertEqual(kind("a//b"), "a")
        XCTAssertEqual(kind("/x/y"), "x", "a name starting with / keeps its old reading")
        XCTAssertEqual(kind("case/"), "case")
    }

    /// RFC 8785 the plain way: members sorted by their UTF-16 code units.
    private func reference(_ value: JSONValue) -> [UInt8] {
        guard case .object(let members) = value else {
            if case .array(let items) = value {
                return Array("[".utf8) + Array(items.map(reference).joined(separator: Array(",".utf8))) + Array("]".utf8)
            }
            return CanonicalJSON.encode(value)
        }
        var out = Array("{".utf8)
        for (i, name) in members.keys.sorted(by: { $0.utf16.lexicographicallyPrecedes($1.utf16) }).enumerated() {
            if i > 0 { out += Array(",".utf8) }
            CanonicalJSON.writeString(name, into: &out)
            out += Array(":".utf8)
            out += reference(members[name]!)
        }
        return out + Array("}".utf8)
    }
}
