import Foundation
import XCTest

/// The public conformance data in `../shared/testdata/` beside the project's root.
/// A test that cannot find it fails; it never skips.
public enum TestData {
    public static let root = Paths.testData

    public static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    public static func data(_ relative: String, file: StaticString = #filePath, line: UInt = #line) throws -> Data {
        let url = url(relative)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            XCTFail("conformance data missing: \(url.path)", file: file, line: line)
            throw CocoaError(.fileNoSuchFile)
        }
        return data
    }

    public static func files(in relative: String) throws -> [URL] {
        let dir = url(relative)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        return names.sorted().map { dir.appendingPathComponent($0) }
    }
}
