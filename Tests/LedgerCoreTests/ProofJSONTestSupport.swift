import Foundation
import XCTest
@testable import LedgerCore

/// Checks that a strict JSON reader refuses every structural corruption of a valid object:
/// each member removed, an unknown member added, each member given a value of another JSON type,
/// and a non-object.
func assertStrictReader<T>(_ valid: JSONValue, what: String, read: (JSONValue) throws -> T,
                           file: StaticString = #filePath, line: UInt = #line) {
    guard case .object(let members) = valid else { return XCTFail("not an object", file: file, line: line) }
    XCTAssertNoThrow(try read(valid), file: file, line: line)
    func expect(_ value: JSONValue, _ check: (ProofJSONError) -> Bool, _ label: String) {
        XCTAssertThrowsError(try read(value), label, file: file, line: line) { error in
            guard let e = error as? ProofJSONError else { return XCTFail("\(label): \(error)", file: file, line: line) }
            XCTAssertTrue(check(e), "\(label): \(e)", file: file, line: line)
            XCTAssertTrue(e.description.hasPrefix(what) || e == .leafContainsNewline, "\(label): \(e)", file: file, line: line)
        }
    }
    for name in members.keys {
        var fewer = members
        fewer[name] = nil
        expect(.object(fewer), { $0 == .missingMember(what: what, member: name) }, "without \(name)")
        let wrongTypes: [JSONValue] = [.null, .bool(true), .number(1), .string("x"), .array([]), .object([:])]
        for wrong in wrongTypes where wrong.typeName != members[name]!.typeName {
            var changed = members
            changed[name] = wrong
            expect(.object(changed), {
                if case .wrongType(what, name, _, wrong.typeName) = $0 { return true }
                return false
            }, "\(name) as \(wrong.typeName)")
        }
    }
    var more = members
    more["extra"] = .null
    expect(.object(more), { $0 == .unknownMember(what: what, member: "extra") }, "with an extra member")
    var case1 = members
    if let first = members.keys.sorted().first {
        case1[first] = nil
        case1[first.uppercased()] = members[first]
        expect(.object(case1), { if case .missingMember = $0 { return true }; return false }, "member name in upper case")
    }
    for other: JSONValue in [.array([valid]), .string("{}"), .null, .number(0)] {
        expect(other, { $0 == .notAnObject(what: what, found: other.typeName) }, "a \(other.typeName)")
    }
}

/// Checks that a hash member (or array of hashes) refuses anything but 64 lowercase hex digits.
func assertHashMemberStrict<T>(_ valid: JSONValue, member: String, inArray: Bool = false, what: String,
                               read: (JSONValue) throws -> T, file: StaticString = #filePath, line: UInt = #line) {
    guard case .object(var members) = valid else { return XCTFail("not an object", file: file, line: line) }
    let good = String(repeating: "ab", count: 32)
    let bad = [good.uppercased(), String(good.dropLast()), good + "a", good + "ab",
               String(good.dropLast()) + "g", "", " " + good.dropFirst()]
    for text in bad {
        members[member] = inArray ? .array([.string(good), .string(text)]) : .string(text)
        let name = inArray ? "\(member)[1]" : member
        XCTAssertThrowsError(try read(.object(members)), "\(member) = \"\(text)\"", file: file, line: line) {
            XCTAssertEqual($0 as? ProofJSONError, .invalidHash(what: what, member: name, value: text), file: file, line: line)
        }
    }
    if inArray {
        members[member] = .array([.string(good), .number(1)])
        XCTAssertThrowsError(try read(.object(members)), file: file, line: line) {
            let want = ProofJSONError.wrongType(what: what, member: "\(member)[1]", expected: "a hash string", found: "integer")
            XCTAssertEqual($0 as? ProofJSONError, want, file: file, line: line)
        }
    }
}

/// Checks that a count member refuses negative, fractional and too large numbers.
func assertCountMemberStrict<T>(_ valid: JSONValue, member: String, what: String, read: (JSONValue) throws -> T,
                                file: StaticString = #filePath, line: UInt = #line) {
    guard case .object(var members) = valid else { return XCTFail("not an object", file: file, line: line) }
    for value in [-1, 1.5, 9_007_199_254_740_994, 1e300, -0.5] {
        members[member] = .number(value)
        XCTAssertThrowsError(try read(.object(members)), "\(member) = \(value)", file: file, line: line) {
            XCTAssertEqual($0 as? ProofJSONError, .invalidCount(what: what, member: member, value: value), file: file, line: line)
        }
    }
}
