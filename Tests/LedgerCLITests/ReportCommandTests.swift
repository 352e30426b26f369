import Foundation
import LedgerCore
import XCTest

final class ReportCommandTests: XCTestCase {
    static let sample = DemoCommandTests.sample
    static let now = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18, after the sample's last act

    func report(_ extra: [String] = []) -> CLIHarness.Result {
        CLIHarness.run(["report", "--html", "--ledger", Self.sample] + extra, now: Self.now)
    }

    func json(_ arguments: [String]) throws -> JSONValue {
        let result = CLIHarness.run(arguments + ["--ledger", Self.sample, "--json"], now: Self.now)
        XCTAssertEqual(result.code, 0, result.err)
        return try JSONParser.parse(result.out)
    }

    func testTheReportIsOneSelfContainedFile() {
        let result = report()
        XCTAssertEqual(result.code, 0, result.err)
        let html = result.out
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertFalse(html.lowercased().contains("<script"), "no scripts")
        XCTAssertFalse(html.contains("src=\""), "nothing loaded from elsewhere")
        XCTAssertFalse(html.contains("href=\"http"), "no links out")
        XCTAssertEqual(html.components(separatedBy: "<svg").count - 1, 6, "the six charts")
    }

    /// The tiles and tables show the numbers `stats` and `alerts` give for the same ledger.
    func testTheChartsShowTheLedgersNumbers() throws {
        let html = report().out
        let stats = try json(["stats"])
        for metric in ["reports", "cases", "transfers", "filings", "mediationsSettled", "confirmationsGranted", "typicalCasesPublished"] {
            let value = try XCTUnwrap(stats["total"]?[metric]?.intValue, metric)
            XCTAssertTrue(html.contains("data-metric=\"\(metric)\"><b>\(value)</b>"), "\(metric) = \(value)")
        }
        let autoParts = try XCTUnwrap(stats["bySector"]?["autoParts"])
        let row = "<tr><td>汽车配件 autoParts</td><td>\(autoParts["reports"]!.intValue!)</td><td>\(autoParts["cases"]!.intValue!)</td><td>\(autoParts["transfers"]!.intValue!)</td><td>\(autoParts["filings"]!.intValue!)</td></tr>"
        XCTAssertTrue(html.contains(row), row)
        let month = try XCTUnwrap(stats["byMonth"]?["2025-03"])
        XCTAssertTrue(html.contains("<tr><td>2025-03</td><td>\(month["cases"]!.intValue!)</td><td>\(month["transfers"]!.intValue!)</td>"))
        let alerts = CLIHarness.run(["alerts", "--ledger", Self.sample, "--json"], now: Self.now).out.split(separator: "\n")
        XCTAssertTrue(html.contains("data-metric=\"openAlerts\"><b>\(alerts.count)</b>"), "\(alerts.count) alerts")
        let start = try XCTUnwrap(html.range(of: "<table id=\"alerts\">"))
        let alertTable = String(html[start.lowerBound...]).components(separatedBy: "</table>")[0]
        let tableRows = alertTable.components(separatedBy: "<tr>").count - 2  // less the header row and the text before it
        XCTAssertEqual(tableRows, alerts.count)
        XCTAssertTrue(html.contains("case/FLE-2025-0012"), "the 以罚代刑 case is among the alerts")
    }

    func testAsOfAndEnglishAndOut() throws {
        let dir = try CLIHarness.temporaryDirectory(self)
        let result = report(["--as-of", "2025-04-26", "--lang", "en", "--out", dir + "/426.html"])
        XCTAssertEqual(result.code, 0, result.err)
        let html = try String(contentsOfFile: dir + "/426.html", encoding: .utf8)
        XCTAssertTrue(html.contains("<html lang=\"en\">"))
        XCTAssertTrue(html.contains("Cases and transfers by month"))
        XCTAssertFalse(html.contains("2025-06</td>"), "nothing dated after the as-of date")
        XCTAssertEqual(CLIHarness.run(["report", "--ledger", Self.sample]).code, 2, "the format must be named")
    }
}
