import Foundation
import LedgerCore
import XCTest
import LedgerTestSupport

final class CanonicalScannerTests: XCTestCase {
    /// The reference answer: parse, write canonically, compare.
    func reference(_ bytes: [UInt8]) -> Bool {
        guard let value = try? JSONParser.parse(bytes) else { return false }
        return CanonicalJSON.encode(value) == bytes
    }

    func scanner(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { CanonicalScanner.isCanonical($0) }
    }

    func assertAgrees(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(scanner(bytes), reference(bytes), "\(String(decoding: bytes, as: UTF8.self))", file: file, line: line)
    }

    func testAgreesOnTheJCSFiles() throws {
        for url in try TestData.files(in: "jcs/testdata/output") {
            let bytes = Array(try Data(contentsOf: url))
            XCTAssertTrue(scanner(bytes), url.lastPathComponent)
        }
        for url in try TestData.files(in: "jcs/testdata/input") {
            assertAgrees(Array(try Data(contentsOf: url)))
        }
    }

    func testAgreesOnEveryJSONTestSuiteFile() throws {
        for url in try TestData.files(in: "jsontestsuite/test_parsing") {
            assertAgrees(Array(try Data(contentsOf: url)))
        }
    }

    func testAgreesOnTheES6Numbers() throws {
        let text = String(decoding: try TestData.data("jcs/es6numbers_first1000.txt"), as: UTF8.self)
        for line in text.split(separator: "\n") {
            let expected = line.split(separator: ",")[1]
            XCTAssertTrue(scanner(Array(expected.utf8)), String(expected))
        }
        for text in ["1.0", "1e2", "01", "-0", "1E+21", "1e21", "0.0000001", "1.50", "100000000000000000000", "9007199254740993", "-1", "0", "123456789012345"] {
            assertAgrees(Array(text.utf8))
        }
    }

    func testAgreesOnEscapesOrderAndUnicode() {
        let cases = [#""\u001f""#, #""\u001F""#, #""\u000a""#, #""\n""#, #""\/""#, #""é""#, #""\u00e9""#, #""\ud83d\ude00""#,
                     #"{"a":1,"b":2}"#, #"{"b":1,"a":2}"#, #"{"a":1,"a":2}"#, #"{"\u0001":1,"a":2}"#, #"{"a":1,"\u0001":2}"#,
                     "{\"\u{E000}\":1,\"\u{1F600}\":2}", "{\"\u{1F600}\":1,\"\u{E000}\":2}", "[1, 2]", "[1,2]", "{}", "[]", "{ }",
                     #"{"a":[true,false,null,"x",{"y":-1.5e-7}]}"#, "\"\u{7F}\"", #"{"a":"b"} "#, "tru", "nul"]
        for c in cases { assertAgrees(Array(c.utf8)) }
        assertAgrees([0x22, 0xED, 0xA0, 0x80, 0x22])  // an encoded surrogate
        assertAgrees([0x22, 0xC0, 0x80, 0x22])  // overlong
    }

    func testAgreesOnRandomValuesAndTheirMutations() {
        var rng = SystemRandomNumberGenerator()
        func randomValue(_ depth: Int) -> JSONValue {
            switch Int.random(in: 0..<(depth > 3 ? 5 : 7), using: &rng) {
            case 0: return .null
            case 1: return .bool(Bool.random(using: &rng))
            case 2: return .number([0, -1, 1.5, 1e21, 1e-7, 123456789, 0.1, -2.5e300, 9007199254740993, Double(Int.random(in: -1000...1000))].randomElement(using: &rng)!)
            case 3: return .string(["", "a", "案件", "\u{1}\n\t\"\\", "\u{1F600}", "é\u{E000}", "\u{7F}"].randomElement(using: &rng)!)
            case 4: return .number(Double.random(in: -1e6...1e6, using: &rng))
            case 5: return .array((0..<Int.random(in: 0...3, using: &rng)).map { _ in randomValue(depth + 1) })
            default:
                var o: [String: JSONValue] = [:]
                for _ in 0..<Int.random(in: 0...4, using: &rng) {
                    o[["a", "b", "aa", "案", "\u{1F600}", "\u{E000}", "\u{1}", "Z"].randomElement(using: &rng)!] = randomValue(depth + 1)
                }
                return .object(o)
            }
        }
        for _ in 0..<3000 {
            var bytes = CanonicalJSON.encode(randomValue(0))
            XCTAssertTrue(scanner(bytes), String(decoding: bytes, as: UTF8.self))
            for _ in 0..<3 {
                guard !bytes.isEmpty else { break }
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes[i] = UInt8.random(in: 0...255, using: &rng)
                case 1: bytes.remove(at: i)
                default: bytes.insert([0x20, 0x30, 0x22, 0x5c, 0x2c, 0x7d, 0x65, 0x2e].randomElement(using: &rng)!, at: i)
                }
                assertAgrees(bytes)
            }
        }
    }

    func testScanObjectGivesTheMembersInOrder() throws {
        let line = Array(#"{"a":[1,{"x":2}],"b":"s","c":{"d":null}}"#.utf8)
        let members = try line.withUnsafeBytes { try CanonicalScanner.scanObject($0) }
        XCTAssertEqual(members.map { String(decoding: line[$0.name], as: UTF8.self) }, ["a", "b", "c"])
        XCTAssertEqual(members.map { String(decoding: line[$0.value], as: UTF8.self) }, [#"[1,{"x":2}]"#, #""s""#, #"{"d":null}"#])
    }
}
