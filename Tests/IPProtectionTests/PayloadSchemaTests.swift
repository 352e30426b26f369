import XCTest
import LedgerCore
import LedgerTestSupport
@testable import IPProtection

/// The schema language: each construct validates as its JSON Schema says.
final class PayloadSchemaTests: XCTestCase {
    private func problem(_ schema: PayloadSchema, _ value: JSONValue) -> String? {
        do { try schema.validate(value, at: "payload"); return nil } catch { return "\(error)" }
    }

    func testText_countsUnicodeScalarsAsJSONSchemaDoes() {
        let short = PayloadSchema.string(.text(maxLength: 3))
        XCTAssertNil(problem(short, "知识产"))
        XCTAssertNotNil(problem(short, "知识产权"))
        XCTAssertNil(problem(short, "👍🏽"), "two scalars")
        XCTAssertEqual(problem(short, ""), "payload: must not be empty")
    }

    func testIntegers_acceptWholeNumbersOnlyWithinTheirRange() {
        XCTAssertNil(problem(.fen, 0))
        XCTAssertNil(problem(.fen, 12.0))
        XCTAssertNotNil(problem(.fen, 12.5))
        XCTAssertNotNil(problem(.fen, -1))
        XCTAssertNotNil(problem(.fen, .number(9_007_199_254_740_992)))
        XCTAssertNotNil(problem(.fen, true))
    }

    func testFormats() {
        XCTAssertNil(problem(.string(.offence), "219之一"))
        XCTAssertNotNil(problem(.string(.offence), "21"))
        XCTAssertNotNil(problem(.string(.offence), "213之"))
        XCTAssertNil(problem(.stream("case", "report"), "report/R-1"))
        XCTAssertNotNil(problem(.stream("case"), "supervision/S1"))
        XCTAssertNil(problem(.string(.dateTime), "2024-03-11T09:00:00.5+08:00"))
        XCTAssertNotNil(problem(.string(.dateTime), "2024-03-11T09:00:00"))
        XCTAssertNotNil(problem(.sha256, .string(String(repeating: "a", count: 63))))
        XCTAssertNotNil(problem(.identifier, .string(String(repeating: "a", count: 65))))
    }

    func testObjects_checkUnknownMembersFirst_thenDeclaredOrder() {
        let schema = PayloadSchema.object([required("a", .text, "a"), required("b", .text, "b")])
        XCTAssertEqual(problem(schema, ["z": 1]), "payload.z: unknown member; allowed: a, b")
        XCTAssertEqual(problem(schema, [:]), "payload.a: missing; it is required")
        XCTAssertEqual(problem(schema, ["a": "x", "b": 1]), "payload.b: expected a string, found integer")
        XCTAssertEqual(problem(.object([]), ["z": 1]), "payload.z: unknown member; no members are allowed here")
    }

    func testJSONSchemaOutput_ofEachConstruct() {
        XCTAssertEqual(PayloadSchema.fen.jsonSchema().value, ["type": "integer", "minimum": 0, "maximum": .number(9_007_199_254_740_991)])
        XCTAssertEqual(PayloadSchema.list(.identifier, minItems: 2).jsonSchema().value,
                       ["type": "array", "items": ["type": "string", "pattern": "^[A-Za-z0-9._-]{1,64}$"], "minItems": 2,
                           "uniqueItems": true])
        XCTAssertEqual(PayloadSchema.stream("case", "report").jsonSchema().value,
                       ["type": "string", "pattern": "^(case|report)/[A-Za-z0-9._-]{1,64}$"])
        XCTAssertEqual(OrderedJSON.quote("a\"b\\c\n\u{1}中"), "\"a\\\"b\\\\c\\n\\u0001中\"")
    }
}

/// The message-free check `validate` runs first (`accepts`) against `validate` itself, on
/// every sample payload and on mutants of them: the two must agree on every input.
final class PayloadSchemaAcceptsTests: XCTestCase {
    func testAcceptsAgreesWithValidateOnEverySampleAndItsMutants() {
        var seed: UInt64 = 0x5EED
        func next() -> UInt64 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return seed >> 17
        }
        let replacements: [JSONValue] = [nil, true, 0, 1.5, -1, "", "x", "case/FLE-1", [], [1, 1], ["a", "a"], [:], ["k": 1],
                                         .number(9_007_199_254_740_992), "2024-03-11", "2024-03-11T09:00:00+08:00"]
        var checked = 0
        for type in Catalogue.all {
            let sample = Samples.payload(type.name)
            for round in 0..<40 {
                let value = round == 0 ? sample : mutate(sample, next, replacements, depth: 0)
                let validates = (try? type.payload.validate(value, at: "payload")) != nil
                XCTAssertEqual(type.payload.accepts(value), validates, "\(type.name): \(CanonicalJSON.string(value))")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 1000)
    }

    /// One random change somewhere in `value`: a member removed, added, or replaced, an
    /// array item repeated or replaced.
    private func mutate(_ value: JSONValue, _ next: () -> UInt64, _ replacements: [JSONValue], depth: Int) -> JSONValue {
        let pick = Int(next() % 8)
        switch value {
        case .object(var members) where !members.isEmpty && depth < 3:
            let names = members.keys.sorted()
            let name = names[Int(next() % UInt64(names.count))]
            switch pick {
            case 0: members[name] = nil
            case 1: members["unknown\(next() % 3)"] = replacements[Int(next() % UInt64(replacements.count))]
            case 2: members[name] = replacements[Int(next() % UInt64(replacements.count))]
            default: members[name] = mutate(members[name]!, next, replacements, depth: depth + 1)
            }
            return .object(members)
        case .array(var items) where !items.isEmpty && depth < 3:
            let i = Int(next() % UInt64(items.count))
            switch pick {
            case 0: items.append(items[i])
            case 1: items.remove(at: i)
            case 2: items[i] = replacements[Int(next() % UInt64(replacements.count))]
            default: items[i] = mutate(items[i], next, replacements, depth: depth + 1)
            }
            return .array(items)
        default:
            return pick < 6 ? replacements[Int(next() % UInt64(replacements.count))] : value
        }
    }
}
