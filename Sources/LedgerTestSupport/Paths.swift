import Foundation
import XCTest
import LedgerCore

/// Files the tests read: the project's `Schemas/` and the shared data beside the project
/// (`../shared/design/`, `../shared/testdata/`). A test whose file is missing fails; it never skips.
public enum Paths {
    /// The package root: two levels up from this file's folder (Sources/LedgerTestSupport).
    public static let projectRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static let schemas = projectRoot.appendingPathComponent("Schemas")
    public static let samples = schemas.appendingPathComponent("samples")
    /// `../shared/` beside the package root.
    public static let shared = projectRoot.deletingLastPathComponent().appendingPathComponent("shared")
    /// `../shared/design/`: the calendar and other design data.
    public static let design = shared.appendingPathComponent("design")
    /// `../shared/testdata/`: the public conformance data (see `TestData`).
    public static let testData = shared.appendingPathComponent("testdata")
    /// `../shared/design/calendar-cn.json` beside the package root.
    public static let calendar = design.appendingPathComponent("calendar-cn.json")

    /// The file's bytes; a missing file fails the test (never skips it).
    public static func data(_ url: URL, file: StaticString = #filePath, line: UInt = #line) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            XCTFail("missing file: \(url.path)", file: file, line: line)
            throw CocoaError(.fileNoSuchFile)
        }
        return Array(data)
    }

    /// calendar-cn.json parsed.
    public static func calendarDocument(file: StaticString = #filePath, line: UInt = #line) throws -> JSONValue {
        try JSONParser.parse(data(calendar, file: file, line: line))
    }
}
