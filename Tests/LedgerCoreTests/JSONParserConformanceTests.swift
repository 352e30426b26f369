import Foundation
import LedgerCore
import XCTest
import LedgerTestSupport

/// The strict reader against every file of nst/JSONTestSuite's `test_parsing/`.
///
/// `y_` files must be accepted, except the two with a duplicate member name, which
/// I-JSON refuses. `n_` files must be refused. `i_` files may go either way; the
/// table below says which way each goes here and why.
final class JSONParserConformanceTests: XCTestCase {
    static let directory = "jsontestsuite/test_parsing"

    /// `y_` files that are valid RFC 8259 but not I-JSON.
    static let refusedValidFiles: [String: String] = [
        "y_object_duplicated_key.json": "duplicate member name \"a\"",
        "y_object_duplicated_key_and_value.json": "duplicate member name \"a\"",
    ]

    /// What the reader does with each implementation-defined file.
    enum Outcome {
        /// Accepted.
        case accept
        /// Refused, with a message containing the given text.
        case refuse(String)
    }

    /// Numbers: refused when the value overflows a double (I-JSON wants numbers a double
    /// can hold; infinity has no JSON form), accepted when it merely loses precision or
    /// underflows to zero, as rounding to the nearest double is what every receiver does.
    /// Strings: refused when not UTF-8 or when a `\u` surrogate is unpaired (I-JSON 2.1).
    /// A BOM is refused (RFC 8259 8.1 lets a parser ignore it; I-JSON forbids it).
    static let implementationDefined: [String: Outcome] = [
        "i_number_double_huge_neg_exp.json": .accept,  // 123.456e-789 underflows to 0
        "i_number_huge_exp.json": .refuse("within a double's range"),
        "i_number_neg_int_huge_exp.json": .refuse("within a double's range"),
        "i_number_pos_double_huge_exp.json": .refuse("within a double's range"),
        "i_number_real_neg_overflow.json": .refuse("within a double's range"),
        "i_number_real_pos_overflow.json": .refuse("within a double's range"),
        "i_number_real_underflow.json": .accept,  // 123e-10000000 underflows to 0
        "i_number_too_big_neg_int.json": .accept,  // rounds to the nearest double
        "i_number_too_big_pos_int.json": .accept,
        "i_number_very_big_negative_int.json": .accept,
        "i_object_key_lone_2nd_surrogate.json": .refuse("lone low surrogate \\uDFAA"),
        "i_string_1st_surrogate_but_2nd_missing.json": .refuse("lone high surrogate \\uDADA"),
        "i_string_1st_valid_surrogate_2nd_invalid.json": .refuse("lone high surrogate \\uD888"),
        "i_string_UTF-16LE_with_BOM.json": .refuse("found byte 0xFF (not UTF-8)"),
        "i_string_UTF-8_invalid_sequence.json": .refuse("expected UTF-8 text in a string"),
        "i_string_UTF8_surrogate_U+D800.json": .refuse("expected UTF-8 text in a string"),
        "i_string_incomplete_surrogate_and_escape_valid.json": .refuse("lone high surrogate \\uD800"),
        "i_string_incomplete_surrogate_pair.json": .refuse("lone low surrogate \\uDD1E"),
        "i_string_incomplete_surrogates_escape_valid.json": .refuse("lone high surrogate \\uD800"),
        "i_string_invalid_lonely_surrogate.json": .refuse("lone high surrogate \\uD800"),
        "i_string_invalid_surrogate.json": .refuse("lone high surrogate \\uD800"),
        "i_string_invalid_utf-8.json": .refuse("expected UTF-8 text in a string"),
        "i_string_inverted_surrogates_U+1D11E.json": .refuse("lone low surrogate \\uDD1E"),
        "i_string_iso_latin_1.json": .refuse("expected UTF-8 text in a string"),
        "i_string_lone_second_surrogate.json": .refuse("lone low surrogate \\uDFAA"),
        "i_string_lone_utf8_continuation_byte.json": .refuse("expected UTF-8 text in a string"),
        "i_string_not_in_unicode_range.json": .refuse("expected UTF-8 text in a string"),
        "i_string_overlong_sequence_2_bytes.json": .refuse("expected UTF-8 text in a string"),
        "i_string_overlong_sequence_6_bytes.json": .refuse("expected UTF-8 text in a string"),
        "i_string_overlong_sequence_6_bytes_null.json": .refuse("expected UTF-8 text in a string"),
        "i_string_truncated-utf-8.json": .refuse("expected UTF-8 text in a string"),
        "i_string_utf16BE_no_BOM.json": .refuse("found control character U+0000"),
        "i_string_utf16LE_no_BOM.json": .refuse("found control character U+0000"),
        // Deeper than the default limit of 128; accepted when the caller allows 500 (below).
        "i_structure_500_nested_arrays.json": .refuse("nesting too deep"),
        "i_structure_UTF-8_BOM_empty_object.json": .refuse("byte-order mark"),
    ]

    func testTheSuiteIsComplete() throws {
        let names = try TestData.files(in: Self.directory).map(\.lastPathComponent)
        XCTAssertEqual(names.filter { $0.hasPrefix("y_") }.count, 95)
        XCTAssertEqual(names.filter { $0.hasPrefix("n_") }.count, 188)
        XCTAssertEqual(Set(names.filter { $0.hasPrefix("i_") }), Set(Self.implementationDefined.keys),
                       "the i_ table must name every i_ file, and only those")
        XCTAssertEqual(names.count, 318)
    }

    func testEveryValidFileIsAccepted() throws {
        var accepted = 0
        for url in try files(prefix: "y_") {
            let name = url.lastPathComponent
            let bytes = try [UInt8](TestData.data("\(Self.directory)/\(name)"))
            if let expected = Self.refusedValidFiles[name] {
                assertRefused(bytes, name: name, containing: expected)
                continue
            }
            do {
                _ = try JSONParser.parse(bytes)
                accepted += 1
            } catch {
                XCTFail("\(name) refused: \(error)")
            }
        }
        XCTAssertEqual(accepted, 93)
    }

    func testEveryInvalidFileIsRefused() throws {
        var refused = 0
        for url in try files(prefix: "n_") {
            let name = url.lastPathComponent
            let bytes = try [UInt8](TestData.data("\(Self.directory)/\(name)"))
            if assertRefused(bytes, name: name, containing: "") { refused += 1 }
        }
        XCTAssertEqual(refused, 188)
    }

    func testImplementationDefinedFilesGoTheWayTheTableSays() throws {
        for url in try files(prefix: "i_") {
            let name = url.lastPathComponent
            let bytes = try [UInt8](TestData.data("\(Self.directory)/\(name)"))
            switch Self.implementationDefined[name] {
            case .accept:
                XCTAssertNoThrow(try JSONParser.parse(bytes), name)
            case .refuse(let expected):
                assertRefused(bytes, name: name, containing: expected)
            case nil:
                XCTFail("\(name) is missing from the table")
            }
        }
    }

    func testImplementationDefinedNumbersTakeTheseValues() throws {
        func first(_ name: String) throws -> Double? {
            try JSONParser.parse([UInt8](TestData.data("\(Self.directory)/\(name)"))).arrayValue?.first?.doubleValue
        }
        XCTAssertEqual(try first("i_number_double_huge_neg_exp.json"), 0)
        XCTAssertEqual(try first("i_number_real_underflow.json"), 0)
        XCTAssertEqual(try first("i_number_too_big_pos_int.json"), 1e20)
        XCTAssertEqual(try first("i_number_too_big_neg_int.json"), -123123123123123123123123123123.0)
        XCTAssertEqual(try first("i_number_very_big_negative_int.json"),
                       -237462374673276894279832749832423479823246327846.0)
    }

    func testFiveHundredNestedArraysAreAcceptedWhenTheCallerAllowsThem() throws {
        let bytes = try [UInt8](TestData.data("\(Self.directory)/i_structure_500_nested_arrays.json"))
        XCTAssertNoThrow(try JSONParser.parse(bytes, maxDepth: 500))
        XCTAssertThrowsError(try JSONParser.parse(bytes, maxDepth: 499))
    }

    /// Every prefix of every suite file, and thousands of random byte mutations of
    /// them, must each give a value or a `JSONError`, never a crash or a hang; and
    /// whatever is accepted must survive a canonical round trip.
    func testTruncatedAndMutatedFilesNeverCrash() throws {
        let inputs = try TestData.files(in: Self.directory)
            .map { try [UInt8](Data(contentsOf: $0)) }
            .filter { $0.count < 2_000 }
        XCTAssertGreaterThan(inputs.count, 300)
        var outcomes = 0
        func check(_ bytes: [UInt8]) {
            do {
                let value = try JSONParser.parse(bytes)
                XCTAssertEqual(try JSONParser.parse(CanonicalJSON.encode(value)), value)
            } catch is JSONError {
            } catch {
                XCTFail("threw \(error), not a JSONError, for \(bytes)")
            }
            outcomes += 1
        }
        for input in inputs {
            for end in 0..<input.count { check(Array(input[..<end])) }
        }
        var generator = SplitMix64(seed: 7493)
        let interesting: [UInt8] = Array(#"{}[],:"\u0123456789+-.eEtrufalsn "#.utf8) + [0x00, 0x1F, 0x7F, 0x80, 0xBF, 0xC3,
                                                                                       0xE0, 0xED, 0xF0, 0xF4, 0xFF]
        for _ in 0..<20_000 {
            var bytes = inputs[Int(generator.next() % UInt64(inputs.count))]
            for _ in 0...Int(generator.next() % 3) where !bytes.isEmpty {
                let at = Int(generator.next() % UInt64(bytes.count))
                let byte = generator.next() & 1 == 0 ? interesting[Int(generator.next() % UInt64(interesting.count))]
                                                     : UInt8(truncatingIfNeeded: generator.next())
                switch generator.next() % 3 {
                case 0: bytes[at] = byte
                case 1: bytes.insert(byte, at: at)
                default: bytes.remove(at: at)
                }
            }
            check(bytes)
        }
        XCTAssertGreaterThan(outcomes, 20_000)
    }

    // MARK: Helpers

    private func files(prefix: String) throws -> [URL] {
        let all = try TestData.files(in: Self.directory).filter { $0.lastPathComponent.hasPrefix(prefix) }
        XCTAssertFalse(all.isEmpty, "no \(prefix) files")
        return all
    }

    /// Checks that `bytes` are refused with a sensible `JSONError` whose message
    /// contains `expected`; returns whether they were.
    @discardableResult
    private func assertRefused(_ bytes: [UInt8], name: String, containing expected: String,
                               file: StaticString = #filePath, line: UInt = #line) -> Bool {
        do {
            let value = try JSONParser.parse(bytes)
            XCTFail("\(name) accepted, as \(String(describing: value).prefix(200))", file: file, line: line)
            return false
        } catch let error as JSONError {
            XCTAssert(expected.isEmpty || error.message.contains(expected),
                      "\(name): \(error.message) does not say \(expected)", file: file, line: line)
            XCTAssert(error.line >= 1 && error.column >= 1 && error.offset >= 0 && error.offset <= bytes.count,
                      "\(name): bad position in \(error)", file: file, line: line)
            XCTAssertFalse(error.message.isEmpty, name, file: file, line: line)
            return true
        } catch {
            XCTFail("\(name) threw \(error), not a JSONError", file: file, line: line)
            return false
        }
    }
}
