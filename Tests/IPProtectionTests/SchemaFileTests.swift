import Foundation
import XCTest
import LedgerCore
@testable import IPProtection
import LedgerTestSupport

/// `Schemas/` and the catalogue agree both ways: every type has its file, every file is a
/// type's, and each file is exactly what the catalogue generates. The samples in
/// `Schemas/samples/` are accepted (and the invalid ones refused) by the Swift validator.
///
/// To regenerate the files after changing the catalogue:
/// `IPLEDGER_WRITE_SCHEMAS=1 swift test --filter IPProtectionTests.SchemaFileTests`
final class SchemaFileTests: XCTestCase {
    static var regenerate: Bool { ProcessInfo.processInfo.environment["IPLEDGER_WRITE_SCHEMAS"] == "1" }

    private func schemaFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: Paths.schemas.path).filter { $0.hasSuffix(".schema.json") }.sorted()
    }

    func testSchemaFiles_matchTheCatalogueBothWays() throws {
        if Self.regenerate { try writeSchemas() }
        let files = Set(try schemaFiles())
        let expected = Set(Catalogue.all.map(\.schemaFileName))
        for missing in expected.subtracting(files).sorted() {
            XCTFail("Schemas/\(missing) is missing; regenerate with IPLEDGER_WRITE_SCHEMAS=1")
        }
        for extra in files.subtracting(expected).sorted() {
            XCTFail("Schemas/\(extra) is not a type of the catalogue")
        }
        for type in Catalogue.all where files.contains(type.schemaFileName) {
            let bytes = try Paths.data(Paths.schemas.appendingPathComponent(type.schemaFileName))
            XCTAssertEqual(String(decoding: bytes, as: UTF8.self), type.jsonSchema.prettyText,
                           "Schemas/\(type.schemaFileName) differs from the catalogue; regenerate with IPLEDGER_WRITE_SCHEMAS=1")
            XCTAssertEqual(try JSONParser.parse(bytes), type.jsonSchema.value, type.schemaFileName)
        }
    }

    func testSchemaFiles_areVersionOneForEveryTypeToday() {
        for type in Catalogue.all { XCTAssertEqual(type.version, 1, type.name) }
    }

    /// The sample lines of every `.jsonl` file directly in `folder`.
    private func sampleLines(_ folder: URL) throws -> [(file: String, line: Int, value: JSONValue)] {
        var out: [(String, Int, JSONValue)] = []
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".jsonl") }.sorted()
        for name in names {
            let text = String(decoding: try Paths.data(folder.appendingPathComponent(name)), as: UTF8.self)
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
                out.append((name, i + 1, try JSONParser.parse(String(line))))
            }
        }
        return out
    }

    func testValidSamples_areAcceptedByTheSwiftValidator_andCoverEveryType() throws {
        if Self.regenerate { try writeSamples() }
        var covered: Set<String> = []
        for (file, line, sample) in try sampleLines(Paths.samples) {
            let place = "samples/\(file):\(line)"
            guard let type = sample["type"]?.stringValue, let eventType = Catalogue.type(named: type) else {
                XCTFail("\(place): unknown type"); continue
            }
            XCTAssertEqual(sample["schema"]?.intValue, eventType.version, place)
            XCTAssertEqual(Set(sample.objectValue?.keys.map { $0 } ?? []), ["type", "schema", "payload"], place)
            do {
                try eventType.payload.validate(sample["payload"] ?? .null, at: "payload")
                covered.insert(type)
            } catch {
                XCTFail("\(place): \(error)")
            }
        }
        for type in Catalogue.all where !covered.contains(type.name) {
            XCTFail("Schemas/samples has no valid sample of \(type.name)")
        }
    }

    func testInvalidSamples_areRefusedNamingTheMember() throws {
        let lines = try sampleLines(Paths.samples.appendingPathComponent("invalid"))
        XCTAssertFalse(lines.isEmpty)
        for (file, line, sample) in lines {
            let place = "samples/invalid/\(file):\(line)"
            guard let type = sample["type"]?.stringValue.flatMap(Catalogue.type(named:)) else {
                XCTFail("\(place): unknown type"); continue
            }
            do {
                try type.payload.validate(sample["payload"] ?? .null, at: "payload")
                XCTFail("\(place): accepted")
            } catch let refusal as Refusal {
                XCTAssertEqual(refusal.member, sample["member"]?.stringValue, "\(place): \(refusal)")
            }
        }
    }

    // MARK: Regeneration

    private func writeSchemas() throws {
        for stale in try schemaFiles() where !Catalogue.all.contains(where: { $0.schemaFileName == stale }) {
            try FileManager.default.removeItem(at: Paths.schemas.appendingPathComponent(stale))
        }
        for type in Catalogue.all {
            try type.jsonSchema.prettyText.write(to: Paths.schemas.appendingPathComponent(type.schemaFileName), atomically: true,
                encoding: .utf8)
        }
    }

    private func writeSamples() throws {
        var text = ""
        for type in Catalogue.all {
            let line: JSONValue = ["type": .string(type.name), "schema": .number(Double(type.version)),
                "payload": Samples.payload(type.name)]
            text += CanonicalJSON.string(line) + "\n"
        }
        try text.write(to: Paths.samples.appendingPathComponent("valid.jsonl"), atomically: true, encoding: .utf8)
    }
}
