import XCTest
@testable import LedgerCore

/// `RecordLine` and `CanonicalValueReader` read canonical bytes in place, and must read
/// exactly what the parser reads.
final class RecordLineTests: XCTestCase {
    /// Objects with members of every form: escapes in names and strings, non-ASCII names
    /// that sort among ASCII ones, numbers the plain reader cannot read, nesting.
    static let objects: [JSONValue] = [
        [:],
        ["a": 1],
        ["name": "甲公司", "privateEnterprise": true, "creditCode": "91230200MA1"],
        ["": "empty", "a\"b": "quote", "a\\b": "backslash", "a\nb": "newline", "aa": "after", "a[": "bracket", "aZ": "upper",
         "ä": "non-ASCII", "😀": "astral", "\u{e000}": "private use", "Z": 0],
        ["n": -0.0, "m": -7, "big": 1e21, "frac": 0.5, "exp": 1.5e-7, "max": 9_007_199_254_740_992, "over": 9_007_199_254_740_994,
         "digits15": 999_999_999_999_999, "digits16": 1_000_000_000_000_000, "negbig": -123_456_789_012_345],
        ["t": true, "f": false, "z": nil, "s": "true", "list": [1, "two", [3], ["four": 4], nil, false], "empty": [], "obj": [:]],
        ["text": "a\"b\\c\u{1}d\u{7f}e\u{2028}f😀", "quote": "\"", "slash": "\\", "slashquote": "\\\"", "end\\": "\\\\"],
        ["nested": ["deeper": ["deepest": ["x": "y", "list": [["k": "v"]]]]], "next": "found"],
    ]

    /// Names asked for: every member's, and ones that are missing or sort between them.
    static func names(_ object: [String: JSONValue]) -> [String] {
        Array(object.keys) + ["", "a", "aa", "ab", "b", "name", "zz", "Z", "a[", "nested", "next", "missing", "ä", "😀"]
    }

    func testEveryMemberReadsAsTheParsedValueReadsIt() throws {
        for object in Self.objects {
            let bytes = CanonicalJSON.encode(object)
            let members = object.objectValue!
            try bytes.withUnsafeBytes { raw in
                let reader = CanonicalValueReader(raw)
                let whole = 0..<raw.count
                XCTAssertEqual(reader.end(ofValueAt: 0), raw.count)
                XCTAssertEqual(reader.value(whole), object)
                for name in Self.names(members) {
                    let what = "member \(name.debugDescription) of \(CanonicalJSON.string(object))"
                    let found = Array(name.utf8).withUnsafeBytes { reader.member($0, ofObject: whole) }
                    guard let expected = members[name] else {
                        XCTAssertNil(found, what)
                        continue
                    }
                    let r = try XCTUnwrap(found, what)
                    XCTAssertEqual(reader.value(r), expected, what)
                    XCTAssertEqual(reader.string(r), expected.stringValue, what)
                    XCTAssertEqual(reader.int(r), expected.intValue, what)
                    XCTAssertEqual(reader.bool(r), expected.boolValue, what)
                    XCTAssertEqual(reader.elements(ofArray: r)?.compactMap { reader.value($0) }, expected.arrayValue, what)
                }
            }
        }
    }

    /// Random objects, seeded: every member read in place equals the parsed member.
    func testRandomObjectsReadAlike() {
        var rng = SplitMix64(seed: 42)
        let alphabet: [String] = ["a", "b", "Z", "\"", "\\", "\n", "\u{1}", "é", "案", "😀", "\u{e000}", " ", "/"]
        func text(_ max: Int) -> String {
            (0..<Int.random(in: 0...max, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }.joined()
        }
        func value(_ depth: Int) -> JSONValue {
            switch Int.random(in: 0...(depth > 2 ? 4 : 6), using: &rng) {
            case 0: return .string(text(6))
            case 1: return .number(Double(Int.random(in: -1_000_000...1_000_000, using: &rng)))
            case 2: return .number(Double.random(in: -1e6...1e6, using: &rng))
            case 3: return .bool(Bool.random(using: &rng))
            case 4: return .null
            case 5: return .array((0..<Int.random(in: 0...3, using: &rng)).map { _ in value(depth + 1) })
            default: return object(depth + 1)
            }
        }
        func object(_ depth: Int) -> JSONValue {
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...6, using: &rng) { members[text(3)] = value(depth) }
            return .object(members)
        }
        for _ in 0..<500 {
            let object = object(0)
            let members = object.objectValue!
            let bytes = CanonicalJSON.encode(object)
            bytes.withUnsafeBytes { raw in
                let reader = CanonicalValueReader(raw)
                for name in Self.names(members) + (0..<4).map({ _ in text(3) }) {
                    let found = Array(name.utf8).withUnsafeBytes { reader.member($0, ofObject: 0..<raw.count) }
                    XCTAssertEqual(found.flatMap { reader.value($0) }, members[name],
                                   "\(name.debugDescription) in \(CanonicalJSON.string(object))")
                    XCTAssertEqual(found.flatMap { reader.string($0) }, members[name]?.stringValue)
                    XCTAssertEqual(found.flatMap { reader.int($0) }, members[name]?.intValue)
                }
            }
        }
    }

    static let zero = String(repeating: "0", count: 64)

    func testALineReadsAsTheRecordTheParserReads() throws {
        let records = [
            LedgerRecord(seq: 7, id: "case/C-1@3", stream: "case/C-1", version: 3, type: "CaseOpened", schema: 2,
                         at: "2024-02-29T23:59:59.5-03:30", recorded: "2024-03-01T03:29:59.5Z", actor: Actor(agency: "amr", officer: "o-1"),
                         payload: ["respondent": ["name": "甲"]], prev: String(repeating: "ab", count: 32)),
            LedgerRecord(seq: 123_456_789_012, id: "id \"quoted\" \\ \u{1}", stream: "案件/一", version: 1, type: "Type\twith\ttabs",
                         schema: 1, at: "2024-01-01T00:00:00Z", recorded: "2024-01-01T00:00:00Z",
                         actor: Actor(agency: "机构\"", officer: "\\员"), payload: [:], prev: Self.zero),
        ]
        for record in records {
            let line = record.canonicalBytes
            try line.withUnsafeBytes { bytes in
                let read = try XCTUnwrap(RecordLine(line: bytes))
                XCTAssertEqual(read.seq, record.seq)
                XCTAssertEqual(read.version, record.version)
                XCTAssertEqual(read.schema, record.schema)
                XCTAssertEqual(read.prev.hex, record.prev)
                XCTAssertEqual(read.string(read.stream), record.stream)
                XCTAssertEqual(read.string(read.id), record.id)
                XCTAssertEqual(read.string(read.type), record.type)
                XCTAssertEqual(read.string(read.at), record.at)
                XCTAssertEqual(read.string(read.recorded), record.recorded)
                XCTAssertEqual(read.string(read.agency), record.actor.agency)
                XCTAssertEqual(read.string(read.officer), record.actor.officer)
                XCTAssertEqual(CanonicalValueReader(bytes).value(read.payload), .object(record.payload))
            }
        }
    }

    /// The line reader accepts exactly the lines the header reader accepts, on lines
    /// damaged one byte at a time.
    func testALineIsReadExactlyWhereItsHeaderIs() {
        let record = LedgerRecord(seq: 12, id: "case/C-1@2", stream: "case/C-1", version: 2, type: "CaseFiled", schema: 1,
                                  at: "2024-05-06T10:11:12+08:00", recorded: "2024-05-06T02:11:13.5Z",
                                  actor: Actor(agency: "amr", officer: "o"), payload: ["a": [1, "b"], "c": "d"], prev: Self.zero)
        let line = record.canonicalBytes
        var accepted = 0
        for i in line.indices {
            for replacement: UInt8 in [0x20, 0x22, 0x30, 0x5c, 0x7d, line[i] ^ 0x01] where replacement != line[i] {
                var damaged = line
                damaged[i] = replacement
                damaged.withUnsafeBytes { bytes in
                    let read = RecordLine(line: bytes)
                    XCTAssertEqual(read != nil, RecordHeader(line: bytes) != nil, "byte \(i) to \(replacement)")
                    if let read {
                        accepted += 1
                        XCTAssertEqual(read.seq, RecordHeader(line: bytes)?.seq)
                    }
                }
            }
        }
        XCTAssertGreaterThan(accepted, 10)
    }
}

