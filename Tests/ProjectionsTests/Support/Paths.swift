import Foundation
import XCTest
import LedgerCore

/// Files the tests read: the project's `Schemas/` and the shared design data beside the project.
enum Paths {
    /// The package root: three levels up from this file's folder (Tests/IPProtectionTests/Support).
    static let projectRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let schemas = projectRoot.appendingPathComponent("Schemas")
    static let samples = schemas.appendingPathComponent("samples")
    /// `../shared/design/calendar-cn.json` beside the package root.
    static let calendar = projectRoot.deletingLastPathComponent().appendingPathComponent("shared/design/calendar-cn.json")

    /// The file's bytes; a missing file fails the test (never skips it).
    static func data(_ url: URL, file: StaticString = #filePath, line: UInt = #line) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            XCTFail("missing file: \(url.path)", file: file, line: line)
            throw CocoaError(.fileNoSuchFile)
        }
        return Array(data)
    }

    /// calendar-cn.json parsed.
    static func calendarDocument(file: StaticString = #filePath, line: UInt = #line) throws -> JSONValue {
        try JSONParser.parse(data(calendar, file: file, line: line))
    }
}
