import Foundation
import XCTest
@testable import LedgerCore

/// The fast header reader (`RecordHeader.Fields`) against the slow path it stands in for:
/// it may refuse a line the slow path accepts (that line just takes the slow path), but it
/// must never accept a line the slow path refuses, nor read other values from it.
final class RecordHeaderTests: XCTestCase {
    typealias Generator = SHA256ImplementationTests.Generator

    /// Lines with every shape of value the header has: escapes, non-ASCII, numbers, nesting.
    static func sampleLines() -> [[UInt8]] {
        let ledger = InMemoryLedger()
        let payloads: [[String: JSONValue]] = [
            ["amountFen": 1_250_000, "title": "商标 «Ledger» 案"],
            ["ratio": 0.5, "flags": [true, false, nil], "nested": ["a": ["b": "c"]]],
            ["big": 1e21, "small": -0.000001, "emoji": "😀", "ctl": "\u{01}\n\"\\"],
            ["list": [1, 2, 3], "empty": [:], "holidays": ["2022-01-01", "2022-01-02"]],
        ]
        let streams = ["case/FLE-2024-0007", "registry", "case/案件-1", "report/R-2024-067295", "case/\u{212A}"]
        let actors = [Actor(agency: "fle-amr", officer: "admin1"), Actor(agency: "q\"x", officer: "\\"), Actor(agency: "公安", officer: "o")]
        let times = ["2024-04-26T09:30:00+08:00", "2024-02-29T23:59:59.123456789-11:30", "2023-12-31T00:00:00Z", "2024-04-26t09:30:00z"]
        for n in 0..<24 {
            ledger.append(EventDraft(id: n % 3 == 0 ? "id-\(n)" : nil, stream: streams[n % streams.count], type: n % 4 == 0 ? "Noted\u{7}" : "Noted",
                                     schema: 1 + n % 2, at: times[n % times.count], actor: actors[n % actors.count], payload: payloads[n % payloads.count]),
                          recorded: n % 2 == 0 ? "2024-04-26T01:30:0\(n % 10)Z" : "2024-04-26T01:30:00.5Z")
        }
        return ledger.lines
    }

    /// The slow path's record, if the line is a sound, canonical record.
    func slow(_ line: [UInt8]) -> LedgerRecord? {
        guard let record = try? line.withUnsafeBytes({ try ChainVerifier.decode($0, lineNumber: 1) }),
              record.canonicalBytes == line else { return nil }
        return record
    }

    func fast(_ line: [UInt8]) -> RecordHeader.Fields? {
        line.withUnsafeBytes { RecordHeader.Fields(line: $0) }
    }

    /// Fails unless the fast reader is sound on `line`; returns whether it accepted it.
    @discardableResult
    func assertSound(_ line: [UInt8], file: StaticString = #filePath, line number: UInt = #line) -> Bool {
        guard let fields = fast(line) else { return false }
        let text = String(decoding: line, as: UTF8.self)
        guard let record = slow(line) else {
            XCTFail("the fast path accepted a line the slow path refuses: \(text)", file: file, line: number)
            return true
        }
        XCTAssertEqual(fields.seq, record.seq, text, file: file, line: number)
        XCTAssertEqual(fields.version, record.version, text, file: file, line: number)
        XCTAssertEqual(fields.prev.hex, record.prev, text, file: file, line: number)
        XCTAssertEqual(Array(line[fields.stream]), Array(record.stream.utf8), text, file: file, line: number)
        return true
    }

    func testReadsEverySampleLine() throws {
        for line in Self.sampleLines() {
            XCTAssertTrue(assertSound(line), String(decoding: line, as: UTF8.self))
            let header = try XCTUnwrap(line.withUnsafeBytes { RecordHeader(line: $0) })
            let record = try XCTUnwrap(slow(line))
            XCTAssertEqual(header.stream, record.stream)
            XCTAssertEqual(header.seq, record.seq)
        }
    }

    /// Random byte changes, deletions and insertions of the bytes that matter to JSON.
    func testNeverAcceptsWhatTheSlowPathRefuses() {
        var random = Generator(state: 0x4845_4144)
        let lines = Self.sampleLines()
        let interesting: [UInt8] = Array(#"{}[]":,\-+.eE0159aZzTt "#.utf8) + [0x00, 0x1f, 0x7f, 0x80, 0xc3, 0xe6, 0xff]
        var accepted = 0
        for _ in 0..<40_000 {
            var line = lines.randomElement(using: &random)!
            for _ in 0..<Int.random(in: 1...2, using: &random) {
                let i = Int.random(in: 0..<line.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0: line[i] = interesting.randomElement(using: &random)!
                case 1: line[i] = UInt8.random(in: 0...255, using: &random)
                case 2: line.remove(at: i)
                default: line.insert(interesting.randomElement(using: &random)!, at: i)
                }
            }
            if assertSound(line) { accepted += 1 }
        }
        // Many changes land inside strings and leave a sound record: those must be read too.
        XCTAssertGreaterThan(accepted, 1000)
    }

    /// Each header member changed to values at the edge of what the record allows.
    func testHeaderMembersAtTheirEdges() throws {
        let line = String(decoding: try XCTUnwrap(Self.sampleLines().first), as: UTF8.self)
        func replacing(_ member: String, with value: String) -> [UInt8] {
            let pattern = try! NSRegularExpression(pattern: "\"\(member)\":(\\{[^}]*\\}|\"[^\"]*\"|[0-9]+)")
            let range = pattern.firstMatch(in: line, range: NSRange(line.startIndex..., in: line))!.range
            return Array((line as NSString).replacingCharacters(in: range, with: "\"\(member)\":\(value)").utf8)
        }
        let variants: [(String, [String])] = [
            ("seq", ["0", "01", "-1", "1.5", "1e2", "123456789012345", "1234567890123456", "\"1\"", "true"]),
            ("version", ["0", "2", "999999999999999", "1.0", "null"]),
            ("schema", ["0", "3", "\"1\"", "[]"]),
            ("stream", [#""""#, #""a\"b""#, #""案""#, #""\u001f""#, #""x\\y""#, "1", #""case/K""#]),
            ("type", [#""""#, #""\u0000""#, "2", #""T""#]),
            ("id", [#""""#, #""\"""#, "{}", #""i""#]),
            ("at", [#""2024-02-30T09:30:00+08:00""#, #""2024-02-29T09:30:00+08:00""#, #""2023-02-29T09:30:00Z""#,
                    #""2024-04-26T24:00:00Z""#, #""2024-04-26T23:60:00Z""#, #""2024-04-26T23:59:60Z""#,
                    #""2024-04-26T09:30:00+24:00""#, #""2024-04-26T09:30:00+08:60""#, #""2024-04-26T09:30:00+0800""#,
                    #""2024-04-26T09:30:00.Z""#, #""2024-04-26T09:30:00.1234567891234Z""#, #""2024-04-26 09:30:00Z""#,
                    #""2024-04-26T09:30:00""#, #""2024-04-26T09:30:00ZZ""#, #""2024-13-01T09:30:00Z""#, #""2024-00-01T09:30:00Z""#,
                    #""2024-04-00T09:30:00Z""#, #""0000-01-01T00:00:00-00:00""#, #""2024-04-26T09:30:00\u002b08:00""#]),
            ("recorded", [#""2024-04-26T01:30:00+00:00""#, #""2024-04-26T01:30:00z""#, #""2024-04-26T01:30:00.000Z""#,
                          #""2024-04-26T01:30:00-00:00""#, #""2024-04-26T01:30:00+08:00""#, #""2024-04-26T01:30Z""#]),
            ("prev", [#""\#(String(repeating: "a", count: 63))""#, #""\#(String(repeating: "A", count: 64))""#,
                      #""\#(String(repeating: "f", count: 63))g""#, #""\#(String(repeating: "0", count: 65))""#,
                      #""\#(String(repeating: "9", count: 64))""#, #""\#(String(repeating: "/", count: 64))""#,
                      #""\#(String(repeating: ":", count: 64))""#, #""\#(String(repeating: "`", count: 64))""#]),
            ("actor", [#"{"agency":"a","officer":"b"}"#, #"{"agency":"","officer":"b"}"#, #"{"agency":"a","officer":""}"#,
                       #"{"agency":"a"}"#, #"{"agency":"a","officer":"b","x":1}"#, #"{"agency":1,"officer":"b"}"#,
                       #"{"agency":"a\"","officer":"\\"}"#, #"{"officer":"b","agency":"a"}"#, #"{"agency":"a","officer":"b"} "#,
                       #"{"agency":"a","boss":"c","officer":"b"}"#, "[]", #""x""#]),
        ]
        for (member, values) in variants {
            for value in values {
                assertSound(replacing(member, with: value))
            }
        }
        // The ones the fast path must read (else the common case would take the slow path).
        XCTAssertNotNil(fast(replacing("seq", with: "123456789012345")))
        XCTAssertNotNil(fast(replacing("at", with: #""2024-02-29T09:30:00+08:00""#)))
        XCTAssertNotNil(fast(replacing("prev", with: #""\#(String(repeating: "9", count: 64))""#)))
        XCTAssertNotNil(fast(replacing("actor", with: #"{"agency":"a\"","officer":"\\"}"#)))
    }

    /// The byte-level RFC 3339 check accepts exactly what `Timestamp(rfc3339:)` does.
    func testRFC3339CheckAgreesWithTimestamp() {
        var random = Generator(state: 0x5246_4333)
        let seeds = ["2024-04-26T09:30:00+08:00", "2024-02-29T23:59:59.123456789-11:30", "2023-12-31T00:00:00Z",
                     "2000-02-29T00:00:00z", "1900-02-28T12:00:00.5+14:00", "2024-04-26t09:30:00.000Z"]
        let alphabet = Array("0123456789-:+.TtZz 9".utf8)
        var accepted = 0
        for _ in 0..<50_000 {
            var text = Array(seeds.randomElement(using: &random)!.utf8)
            for _ in 0..<Int.random(in: 0...2, using: &random) {
                let i = Int.random(in: 0..<text.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: text[i] = alphabet.randomElement(using: &random)!
                case 1: text.remove(at: i)
                default: text.insert(alphabet.randomElement(using: &random)!, at: i)
                }
            }
            let quoted = [0x22] + text + [0x22]
            let ours = quoted.withUnsafeBufferPointer { RecordBytes(base: $0.baseAddress!, count: $0.count).isRFC3339(1..<(quoted.count - 1)) }
            let theirs = Timestamp(rfc3339: String(decoding: text, as: UTF8.self)) != nil
            XCTAssertEqual(ours, theirs, String(decoding: text, as: UTF8.self))
            if theirs { accepted += 1 }
        }
        XCTAssertGreaterThan(accepted, 5000)
    }

    /// The eight-at-a-time hex decoder against `Hex.decode`, and its refusals.
    func testHexDigestDecoding() {
        var random = Generator(state: 0x4845_5821)
        func decode(_ hex: [UInt8]) -> SHA256.Digest? {
            let quoted = [0x22] + hex + [0x22]
            return quoted.withUnsafeBufferPointer { RecordBytes(base: $0.baseAddress!, count: $0.count).lowercaseHexDigest(0..<quoted.count) }
        }
        for _ in 0..<2000 {
            let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &random) }
            let hex = Array(Hex.encode(bytes).utf8)
            XCTAssertEqual(decode(hex)?.bytes, bytes)
            var bad = hex
            let i = Int.random(in: 0..<64, using: &random)
            bad[i] = [0x2f, 0x3a, 0x40, 0x41, 0x46, 0x47, 0x60, 0x67, 0x80, 0xb0, 0xe6, 0xff, 0x00, 0x20].randomElement(using: &random)!
            XCTAssertNil(decode(bad), String(decoding: bad, as: UTF8.self))
        }
        XCTAssertEqual(decode(Array("0123456789abcdef".utf8) + Array(repeating: 0x30, count: 48))?.hex,
                       "0123456789abcdef" + String(repeating: "0", count: 48))
    }
}
