import LedgerCore
import XCTest

/// The strict reader on hand-written input: values, strings, numbers, nesting, and
/// the position and wording of its errors. JSONTestSuite is in
/// `JSONParserConformanceTests.swift`.
final class JSONParserTests: XCTestCase {
    // MARK: Values

    func testScalarsAndContainers() throws {
        XCTAssertEqual(try JSONParser.parse("null"), .null)
        XCTAssertEqual(try JSONParser.parse(" true "), .bool(true))
        XCTAssertEqual(try JSONParser.parse("\tfalse\r\n"), .bool(false))
        XCTAssertEqual(try JSONParser.parse("\"x\""), .string("x"))
        XCTAssertEqual(try JSONParser.parse("-12.5e1"), .number(-125))
        XCTAssertEqual(try JSONParser.parse("[]"), .array([]))
        XCTAssertEqual(try JSONParser.parse("{}"), .object([:]))
        XCTAssertEqual(try JSONParser.parse(#" { "a" : [ 1 , { "b" : null } , "c" ] , "d" : { } } "#),
                       ["a": [1, ["b": nil], "c"], "d": [:]])
    }

    func testTheThreeOverloadsAgree() throws {
        let text = #"{"k":[1,"é",true]}"#
        let bytes = Array(text.utf8)
        let fromString = try JSONParser.parse(text)
        XCTAssertEqual(try JSONParser.parse(bytes), fromString)
        XCTAssertEqual(try bytes.withUnsafeBytes { try JSONParser.parse($0) }, fromString)
    }

    func testEmptyInputIsRefused() {
        assertRefused("", line: 1, column: 1, message: "expected a JSON value, found end of input")
        assertRefused(" \n ", line: 2, column: 2, message: "expected a value, found end of input")
        XCTAssertThrowsError(try JSONParser.parse(UnsafeRawBufferPointer(start: nil, count: 0)))
    }

    // MARK: Strings

    func testEscapes() throws {
        XCTAssertEqual(try JSONParser.parse(#""\" \\ \/ \b \f \n \r \t""#), .string("\" \\ / \u{8} \u{C} \n \r \t"))
        XCTAssertEqual(try JSONParser.parse(#""\u0041\u00e9\u20AC\u0000""#), .string("Aé€\u{0}"))
        XCTAssertEqual(try JSONParser.parse(#""\uD83D\uDE00 and \ud834\udd1e""#), .string("😀 and 𝄞"))
        XCTAssertEqual(try JSONParser.parse(#""plain then \n escaped, long enough to pass the 8-byte scan""#),
                       .string("plain then \n escaped, long enough to pass the 8-byte scan"))
    }

    func testUTF8IsDecodedStraight() throws {
        let text = "\"ASCII run, then é, € and 😀, then ASCII again to the end\""
        XCTAssertEqual(try JSONParser.parse(text), .string("ASCII run, then é, € and 😀, then ASCII again to the end"))
        XCTAssertEqual(try JSONParser.parse("\"\u{7F}\""), .string("\u{7F}"), "DEL is not a control character in JSON")
    }

    func testEveryQuoteAndBackslashPositionInAWordIsSeen() throws {
        // The eight-byte scan must notice a quote, backslash, control or non-ASCII byte anywhere in a word.
        for position in 0..<9 {
            let prefix = String(repeating: "a", count: position)
            XCTAssertEqual(try JSONParser.parse("\"\(prefix)\"  "), .string(prefix))
            XCTAssertEqual(try JSONParser.parse("\"\(prefix)\\n12345678\""), .string(prefix + "\n12345678"))
            XCTAssertEqual(try JSONParser.parse("\"\(prefix)é12345678\""), .string(prefix + "é12345678"))
            XCTAssertThrowsError(try JSONParser.parse("\"\(prefix)\u{1}12345678\""))
            XCTAssertThrowsError(try JSONParser.parse(Array("\"\(prefix)".utf8) + [0xFF] + Array("12345678\"".utf8)))
        }
    }

    func testBadStringsAreRefused() {
        assertRefused("\"abc", line: 1, column: 5,
                      message: "expected '\"' to close the string that starts at line 1, column 1, found end of input")
        assertRefused("[\"a\tb\"]", line: 1, column: 4,
                      message: "expected an escape such as \\n or \\u00XX for a control character in a string, "
                        + "found control character U+0009")
        assertRefused(#""\x""#, line: 1, column: 3,
                      message: #"invalid escape: expected one of " \ / b f n r t u after '\', found 'x'"#)
        assertRefused(#""\u12G4""#, line: 1, column: 6, message: "expected four hex digits after '\\u', found 'G'")
        assertRefused(#"["\uD800"]"#, line: 1, column: 3,
                      message: "lone high surrogate \\uD800: expected '\\u' and a low surrogate (DC00-DFFF) after it, "
                        + "found '\"'")
        assertRefused(#"["\uD888\u1234"]"#, line: 1, column: 3,
                      message: "lone high surrogate \\uD888: expected a low surrogate (DC00-DFFF) after it, "
                        + "found \\u1234")
        assertRefused(#"{"\uDFAA":0}"#, line: 1, column: 3,
                      message: "lone low surrogate \\uDFAA: expected a high surrogate (D800-DBFF) before it")
        assertRefused([0x22, 0x61, 0xC3, 0x28, 0x22], line: 1, column: 3,
                      message: "expected UTF-8 text in a string (I-JSON), found byte 0xC3 (not UTF-8)")
        // Encoded surrogate, overlong form, beyond U+10FFFF, truncated sequence.
        for bad: [UInt8] in [[0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xF4, 0x90, 0x80, 0x80],
                             [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82]] {
            XCTAssertThrowsError(try JSONParser.parse([0x22] + bad + [0x22]), "\(bad)")
        }
    }

    // MARK: Numbers

    func testNumbersAreCorrectlyRounded() throws {
        let cases: [(String, Double)] = [
            ("0", 0), ("-0", -0.0), ("1", 1), ("-1", -1), ("0.1", 0.1), ("1e2", 100), ("1E+2", 100), ("1e-2", 0.01),
            ("123456789012345678", 123456789012345678), ("9007199254740993", 9007199254740992),
            ("9007199254740995", 9007199254740996), ("0.30000000000000004", 0.30000000000000004),
            ("2.2250738585072011e-308", 2.2250738585072011e-308), ("2.2250738585072012e-308", 2.2250738585072014e-308),
            ("4.9406564584124654e-324", 5e-324), ("1.7976931348623157e308", .greatestFiniteMagnitude),
            ("1e23", 1e23), ("8.98846567431158e307", 8.98846567431158e307), ("1e-400", 0), ("-1e-400", -0.0),
            ("123.456e-789", 0), ("0.000000000000000000000000000001", 1e-30),
            ("1.00000000000000011102230246251565404236316680908203125", 1.0),
            ("1.00000000000000011102230246251565404236316680908203126", 1.0000000000000002),
            ("100000000000000000000000000000000000000000000000000000000000", 1e59),
        ]
        for (text, expected) in cases {
            let value = try JSONParser.parse(text)
            XCTAssertEqual(value.doubleValue?.bitPattern, expected.bitPattern, text)
        }
    }

    func testOverflowingNumbersAreRefused() {
        for text in ["1e400", "-1e400", "1.8e308", "[123123e100000]", "0.4e0066999999999999999999999999999999999999"] {
            XCTAssertThrowsError(try JSONParser.parse(text), text) { error in
                XCTAssert((error as? JSONError)?.message.hasPrefix("expected a number within a double's range") == true,
                          "\(error)")
            }
        }
    }

    func testBadNumbersAreRefused() {
        assertRefused("-", line: 1, column: 2, message: "expected a digit after '-', found end of input")
        assertRefused("[-x]", line: 1, column: 3, message: "expected a digit after '-', found 'x'")
        assertRefused("012", line: 1, column: 2,
                      message: "expected '.', 'e' or the end of the number after a leading '0' "
                        + "(leading zeros are not allowed), found '1'")
        assertRefused("1.", line: 1, column: 3, message: "expected a digit after the decimal point, found end of input")
        assertRefused("1.e3", line: 1, column: 3, message: "expected a digit after the decimal point, found 'e'")
        assertRefused("1e+", line: 1, column: 4, message: "expected a digit in the exponent, found end of input")
        assertRefused("+1", line: 1, column: 1, message: "expected a value, found '+'")
        assertRefused(".5", line: 1, column: 1, message: "expected a value, found '.'")
        assertRefused("NaN", line: 1, column: 1, message: "expected a value, found 'N'")
        assertRefused("1 2", line: 1, column: 3, message: "expected end of input after the JSON value, found '2'")
    }

    // MARK: Objects

    func testDuplicateMemberNamesAreRefused() {
        assertRefused(#"{"a":1,"b":2,"a":3}"#, line: 1, column: 14,
                      message: #"duplicate member name "a" (I-JSON requires unique names)"#)
        assertRefused("{\"x\":{\"a\\u0022\":1,\n  \"a\\\"\":2}}", line: 2, column: 3,
                      message: #"duplicate member name "a\"" (I-JSON requires unique names)"#)
        // The same name in different objects is fine.
        XCTAssertNoThrow(try JSONParser.parse(#"{"a":{"a":1},"b":{"a":2}}"#))
    }

    func testBadObjectsAreRefused() {
        assertRefused("{\"a\":1 x}", line: 1, column: 8, message: "expected ',' or '}' after an object member, found 'x'")
        assertRefused("{\"a\":1,}", line: 1, column: 8,
                      message: "expected a member name (a string) after ',' in an object, found '}'")
        assertRefused("{1:2}", line: 1, column: 2,
                      message: "expected a member name (a string) or '}' after '{', found '1'")
        assertRefused("{\"a\" 1}", line: 1, column: 6, message: "expected ':' after member name \"a\", found '1'")
        assertRefused("[1 2]", line: 1, column: 4, message: "expected ',' or ']' after an array element, found '2'")
        assertRefused("[1,]", line: 1, column: 4, message: "expected a value, found ']'")
        assertRefused("[tru]", line: 1, column: 5, message: "expected 'true', found ']'")
        assertRefused("nul", line: 1, column: 4, message: "expected 'null', found end of input")
        assertRefused("['x']", line: 1, column: 2, message: "expected a value, found \"'\"")
        assertRefused("[\u{00E9}]", line: 1, column: 2, message: "expected a value, found 'é' (U+00E9)")
        assertRefused([0xEF, 0xBB, 0xBF, 0x7B, 0x7D], line: 1, column: 1,
                      message: "a byte-order mark (U+FEFF) at the start is not allowed (I-JSON); expected a JSON value")
    }

    // MARK: Positions

    func testErrorPositionsOnSeveralLines() {
        let text = "{\n  \"a\": 1,\n  \"b\" 2\n}"
        assertRefused(text, line: 3, column: 7, message: "expected ':' after member name \"b\", found '2'")
        // CR LF counts as one line end, a lone CR as one too; columns are bytes.
        assertRefused("[1,\r\n2,\r3,\n\"é\" x]", line: 4, column: 6,
                      message: "expected ',' or ']' after an array element, found 'x'")
        let error = refusal("[\n\n  true,\n  fals ]")
        XCTAssertEqual(error?.offset, 17)
        XCTAssertEqual(error?.description, "line 4, column 7: expected 'false', found ' '")
    }

    // MARK: Nesting

    func testNestingUpToTheLimitIsAccepted() throws {
        let depth = JSONParser.defaultMaxDepth
        let arrays = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        XCTAssertNoThrow(try JSONParser.parse(arrays))
        let objects = String(repeating: "{\"a\":", count: depth - 1) + "{}" + String(repeating: "}", count: depth - 1)
        XCTAssertNoThrow(try JSONParser.parse(objects))
        XCTAssertNoThrow(try JSONParser.parse("[[1]]", maxDepth: 2))
        XCTAssertThrowsError(try JSONParser.parse("[[1]]", maxDepth: 1))
        XCTAssertEqual(try JSONParser.parse("1", maxDepth: 0), .number(1))
    }

    func testNestingBeyondTheLimitIsRefused() {
        let depth = JSONParser.defaultMaxDepth + 1
        let message = "nesting too deep: more than 128 arrays and objects open at once"
        assertRefused(String(repeating: "[", count: depth) + String(repeating: "]", count: depth),
                      line: 1, column: 129, message: message)
        assertRefused(String(repeating: "{\"a\":", count: depth) + "1" + String(repeating: "}", count: depth),
                      line: 1, column: 641, message: message)
        assertRefused(String(repeating: "[{\"a\":", count: 100_000), line: 1, column: 385, message: message)
    }

    func testHundredThousandOpeningBracketsAreRefusedWithoutCrashing() {
        let deep = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
        assertRefused(deep, line: 1, column: 129, message: "nesting too deep: more than 128 arrays and objects open at once")
        // Even a caller asking for no limit gets the hard one.
        let closed = deep + [UInt8](repeating: UInt8(ascii: "]"), count: 100_000)
        XCTAssertThrowsError(try JSONParser.parse(closed, maxDepth: .max)) { error in
            XCTAssertEqual((error as? JSONError)?.message,
                           "nesting too deep: more than \(JSONParser.hardMaxDepth) arrays and objects open at once")
        }
    }

    func testValuesAtTheHardLimitCanBeUsed() throws {
        let depth = JSONParser.hardMaxDepth
        let text = String(repeating: "[{\"k\":", count: depth / 2) + "0" + String(repeating: "}]", count: depth / 2)
        let value = try JSONParser.parse(text, maxDepth: .max)
        let again = try JSONParser.parse(text, maxDepth: depth)
        XCTAssertEqual(value, again)
        XCTAssertEqual(value.hashValue, again.hashValue)
        XCTAssertEqual(CanonicalJSON.string(value), text)
    }

    // MARK: Helpers

    private func refusal(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> JSONError? {
        do {
            let value = try JSONParser.parse(bytes)
            XCTFail("accepted, as \(value)", file: file, line: line)
        } catch let error as JSONError {
            return error
        } catch {
            XCTFail("threw \(error), not a JSONError", file: file, line: line)
        }
        return nil
    }

    private func refusal(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> JSONError? {
        refusal(Array(text.utf8), file: file, line: line)
    }

    private func assertRefused(_ bytes: [UInt8], line: Int, column: Int, message: String,
                               file: StaticString = #filePath, line testLine: UInt = #line) {
        guard let error = refusal(bytes, file: file, line: testLine) else { return }
        XCTAssertEqual(error.message, message, file: file, line: testLine)
        XCTAssertEqual(error.line, line, "line", file: file, line: testLine)
        XCTAssertEqual(error.column, column, "column", file: file, line: testLine)
    }

    private func assertRefused(_ text: String, line: Int, column: Int, message: String,
                               file: StaticString = #filePath, line testLine: UInt = #line) {
        assertRefused(Array(text.utf8), line: line, column: column, message: message, file: file, line: testLine)
    }
}
