import Foundation
import XCTest

/// Whole answers compared with the files in `Tests/LedgerCLITests/Expected/`.
///
/// Run with `IPLEDGER_WRITE_EXPECTED=1` to write the files from the actual answers (then
/// read the diff before committing it: the files are the specification).
enum Expected {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Expected")

    static func assertMatches(_ actual: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
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
