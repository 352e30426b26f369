import Foundation
import XCTest

/// Whole answers compared with the files of one directory, e.g. `Tests/ProjectionsTests/Expected/`.
/// A test target names its directory once and calls `assertMatches` on that type:
///
///     enum Expected: ExpectedOutput {
///         static let directory = Paths.projectRoot.appendingPathComponent("Tests/ProjectionsTests/Expected")
///     }
///     Expected.assertMatches(answer, "stats.json")
///
/// Run with `IPLEDGER_WRITE_EXPECTED=1` to write the files from the actual answers (then
/// read the diff before committing it: the files are the specification).
public protocol ExpectedOutput {
    /// Where the expected files are.
    static var directory: URL { get }
}

extension ExpectedOutput {
    /// Fails the test, naming the first differing line, unless `actual` is the text of the file
    /// `name`; a missing file fails too.
    public static func assertMatches(_ actual: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["IPLEDGER_WRITE_EXPECTED"] == "1" {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            XCTFail("missing \(url.path); write it with IPLEDGER_WRITE_EXPECTED=1", file: file, line: line)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        guard actual != expected else { return }
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let first = Array(zip(a, e)).firstIndex { $0 != $1 } ?? min(a.count, e.count)
        XCTFail("""
            \(name) differs first at line \(first + 1):
              expected: \(first < e.count ? String(e[first]) : "(end)")
              actual:   \(first < a.count ? String(a[first]) : "(end)")
            """, file: file, line: line)
    }
}
