import Foundation
import LedgerCore
import XCTest
import LedgerTestSupport

/// The RFC 8785 writer: cyberphone's JCS test data, ES6 number formatting, member
/// order, escaping, and round trips through the reader.
final class CanonicalJSONTests: XCTestCase {
    // MARK: Conformance data

    func testEveryJCSInputCanonicalizesToItsOutput() throws {
        let names = try TestData.files(in: "jcs/testdata/input").map(\.lastPathComponent).filter { $0.hasSuffix(".json") }
        XCTAssertEqual(names, ["arrays.json", "french.json", "structures.json", "unicode.json", "values.json", "weird.json"])
        for name in names {
            let input = try TestData.data("jcs/testdata/input/\(name)")
            let output = try [UInt8](TestData.data("jcs/testdata/output/\(name)"))
            let hexText = try TestData.data("jcs/testdata/outhex/\(name.dropLast(5)).txt")
            XCTAssertEqual(output, try Self.bytes(fromHex: String(decoding: hexText, as: UTF8.self)),
                           "\(name): output and outhex disagree")
            let value = try JSONParser.parse([UInt8](input))
            XCTAssertEqual(CanonicalJSON.encode(value), output, name)
            // Canonical output is a fixed point and reads back as the same value.
            XCTAssertEqual(CanonicalJSON.encode(try JSONParser.parse(output)), output, name)
            XCTAssertEqual(try JSONParser.parse(output), value, name)
        }
    }

    func testES6NumberFormattingOfTheFirstThousandTestValues() throws {
        let text = String(decoding: try TestData.data("jcs/es6numbers_first1000.txt"), as: UTF8.self)
        var checked = 0
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: ",")
            guard fields.count == 2, let bits = UInt64(fields[0], radix: 16) else {
                XCTFail("bad line: \(line)")
                continue
            }
            let value = Double(bitPattern: bits)
            XCTAssertEqual(CanonicalJSON.formatNumber(value), String(fields[1]), "bits \(fields[0])")
            // And the reader gives back the same double (-0 is written as 0).
            let back = try JSONParser.parse(String(fields[1])).doubleValue
            XCTAssertEqual(back?.bitPattern, value == 0 ? 0 : bits, "reading \(fields[1])")
            checked += 1
        }
        XCTAssertEqual(checked, 1000)
    }

    // MARK: Numbers

    func testNumberLayout() {
        let cases: [(Double, String)] = [
            (0, "0"), (-0.0, "0"), (1, "1"), (-1, "-1"), (0.5, "0.5"), (-1.5, "-1.5"), (100, "100"),
            (123.456, "123.456"), (0.1, "0.1"), (0.30000000000000004, "0.30000000000000004"),
            (1e20, "100000000000000000000"), (1e21, "1e+21"), (1.5e21, "1.5e+21"), (123e20, "1.23e+22"),
            (999999999999999900000, "999999999999999900000"), (9007199254740992, "9007199254740992"),
            (9007199254740994, "9007199254740994"), (1152921504606846976, "1152921504606847000"),
            (0.000001, "0.000001"), (0.0000012345, "0.0000012345"), (1e-7, "1e-7"), (1.5e-7, "1.5e-7"),
            (9.999999999999997e-7, "9.999999999999997e-7"), (5e-324, "5e-324"), (-5e-324, "-5e-324"),
            (.greatestFiniteMagnitude, "1.7976931348623157e+308"), (2.2250738585072014e-308, "2.2250738585072014e-308"),
            (4.35, "4.35"), (0.002, "0.002"), (1e300, "1e+300"), (333333333.3333333, "333333333.3333333"),
        ]
        for (value, expected) in cases {
            XCTAssertEqual(CanonicalJSON.formatNumber(value), expected, "\(value)")
        }
    }

    func testNonFiniteNumbersAreWrittenAsNull() {
        XCTAssertEqual(CanonicalJSON.formatNumber(.nan), "null")
        XCTAssertEqual(CanonicalJSON.formatNumber(.infinity), "null")
        XCTAssertEqual(CanonicalJSON.string([.number(-.infinity)]), "[null]")
    }

    func testNumbersRoundTripThroughTheReader() throws {
        var generator = SplitMix64(seed: 8785)
        for _ in 0..<20_000 {
            let value = Double(bitPattern: generator.next())
            guard value.isFinite else { continue }
            let text = CanonicalJSON.formatNumber(value)
            let back = try JSONParser.parse(text).doubleValue
            XCTAssertEqual(back?.bitPattern, value == 0 ? 0 : value.bitPattern, text)
            XCTAssertEqual(Double(text)?.bitPattern, back?.bitPattern, text)
        }
    }

    // MARK: Strings and members

    func testStringsAreEscapedMinimally() {
        XCTAssertEqual(CanonicalJSON.string(.string("\" \\ / \u{8} \u{C} \n \r \t")), #""\" \\ / \b \f \n \r \t""#)
        XCTAssertEqual(CanonicalJSON.string(.string("\u{0}\u{1}\u{1F}\u{7F}")), "\"\\u0000\\u0001\\u001f\u{7F}\"",
                       "DEL stays literal")
        XCTAssertEqual(CanonicalJSON.string(.string("é€😀\u{2028}\u{FEFF}")), "\"é€😀\u{2028}\u{FEFF}\"")
        XCTAssertEqual(CanonicalJSON.string(.string("")), #""""#)
        XCTAssertEqual(CanonicalJSON.string(["a\nb": "c\u{1B}"]), #"{"a\nb":"c\u001b"}"#)
    }

    func testScalarsAndContainers() {
        XCTAssertEqual(CanonicalJSON.string(nil), "null")
        XCTAssertEqual(CanonicalJSON.string(true), "true")
        XCTAssertEqual(CanonicalJSON.string(false), "false")
        XCTAssertEqual(CanonicalJSON.string([]), "[]")
        XCTAssertEqual(CanonicalJSON.string([:]), "{}")
        XCTAssertEqual(CanonicalJSON.string([1, [2, [3.5]], ["b": nil, "a": [:]]]), #"[1,[2,[3.5]],{"a":{},"b":null}]"#)
        var out: [UInt8] = Array("prefix:".utf8)
        CanonicalJSON.write(["z": 1, "y": 2], into: &out)
        XCTAssertEqual(String(decoding: out, as: UTF8.self), #"prefix:{"y":2,"z":1}"#)
    }

    func testMembersAreSortedByUTF16CodeUnits() {
        // U+10000 and beyond are surrogate pairs in UTF-16 (D800-DFFF), so they sort
        // before U+E000-U+FFFF there, though their UTF-8 and code points are larger.
        let value: JSONValue = ["\u{FB33}": 1, "😀": 2, "\u{E000}": 3, "b": 4, "B": 5, "aa": 6, "a": 7, "\u{80}": 8,
                                "\u{D7FF}": 9, "\u{10FFFF}": 10, "": 11]
        XCTAssertEqual(CanonicalJSON.string(value),
                       "{\"\":11,\"B\":5,\"a\":7,\"aa\":6,\"b\":4,\"\u{80}\":8,\"\u{D7FF}\":9,\"😀\":2,\"\u{10FFFF}\":10,"
                       + "\"\u{E000}\":3,\"\u{FB33}\":1}")
    }

    func testUTF16OrderAgreesWithTheStandardLibrary() {
        let alphabet: [Unicode.Scalar] = ["\u{0}", "a", "b", "\u{7F}", "\u{80}", "\u{7FF}", "\u{800}", "\u{D7FF}",
                                          "\u{E000}", "\u{FFFD}", "\u{FFFF}", "\u{10000}", "\u{1F600}", "\u{10FFFF}"]
        var generator = SplitMix64(seed: 16)
        var strings: [String] = [""]
        for _ in 0..<300 {
            var s = String.UnicodeScalarView()
            for _ in 0..<Int(generator.next() % 4) { s.append(alphabet[Int(generator.next() % UInt64(alphabet.count))]) }
            strings.append(String(s))
        }
        for a in strings {
            for b in strings {
                XCTAssertEqual(CanonicalJSON.utf16Precedes(a, b), a.utf16.lexicographicallyPrecedes(b.utf16),
                               "\(a.unicodeScalars.map(\.value)) vs \(b.unicodeScalars.map(\.value))")
            }
        }
    }

    // MARK: Round trips

    func testAssortedValuesRoundTrip() throws {
        let fixed: [JSONValue] = [
            nil, true, false, 0, -0.0, 1, -1, 0.1, 1e21, 1e-7, 5e-324, .number(.greatestFiniteMagnitude), "", "é\u{0}\"\\",
            "😀", [], [:], [[[]]], ["a": ["b": ["c": [1, "2", nil, true]]]], ["\u{E000}": 1, "😀": 2, "\u{1F}": 3],
        ]
        for value in fixed {
            try assertRoundTrip(value)
        }
        var generator = SplitMix64(seed: 42)
        for _ in 0..<300 {
            try assertRoundTrip(Self.randomValue(&generator, depth: 0))
        }
    }

    // MARK: Helpers

    private func assertRoundTrip(_ value: JSONValue, file: StaticString = #filePath, line: UInt = #line) throws {
        let canonical = CanonicalJSON.encode(value)
        let back = try JSONParser.parse(canonical)
        XCTAssertEqual(back, value, String(decoding: canonical, as: UTF8.self), file: file, line: line)
        XCTAssertEqual(CanonicalJSON.encode(back), canonical, file: file, line: line)
    }

    static func randomValue(_ generator: inout SplitMix64, depth: Int) -> JSONValue {
        let pick = generator.next() % (depth >= 4 ? 5 : 7)
        switch pick {
        case 0: return nil
        case 1: return .bool(generator.next() & 1 == 0)
        case 2:
            let value = generator.next() & 1 == 0
                ? Double(Int64(bitPattern: generator.next()) >> Int64(generator.next() % 64))
                : Double(bitPattern: generator.next())
            return .number(value.isFinite ? value : 0)
        case 3, 4: return .string(randomString(&generator))
        case 5: return .array((0..<Int(generator.next() % 5)).map { _ in randomValue(&generator, depth: depth + 1) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int(generator.next() % 5) {
                members[randomString(&generator)] = randomValue(&generator, depth: depth + 1)
            }
            return .object(members)
        }
    }

    static func randomString(_ generator: inout SplitMix64) -> String {
        let alphabet: [Unicode.Scalar] = ["a", "b", "Z", "\u{0}", "\u{1F}", "\"", "\\", "/", "\u{7F}", "é", "\u{2028}",
                                          "\u{E000}", "\u{FFFF}", "😀", "\u{10FFFF}"]
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int(generator.next() % 12) {
            scalars.append(alphabet[Int(generator.next() % UInt64(alphabet.count))])
        }
        return String(scalars)
    }

    static func bytes(fromHex text: String) throws -> [UInt8] {
        let digits = text.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) }.map(Character.init)
        guard digits.count % 2 == 0 else { throw CocoaError(.coderInvalidValue) }
        return try stride(from: 0, to: digits.count, by: 2).map { i in
            guard let byte = UInt8(String(digits[i...i + 1]), radix: 16) else { throw CocoaError(.coderInvalidValue) }
            return byte
        }
    }
}

/// A small deterministic random number generator (SplitMix64) so failures repeat.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
