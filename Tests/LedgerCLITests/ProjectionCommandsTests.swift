import Foundation
import LedgerCore
import LedgerFixtures
import XCTest

/// The projection commands on the scenario ledger: exact tables in both languages, JSON
/// equal to the read models' own, help, and usage errors.
final class ProjectionCommandsTests: XCTestCase {
    /// 2024-06-17 12:00 in Qiqihar: a confirmation window closing, materials overdue.
    static let june = Date(timeIntervalSince1970: 1_718_596_800)

    var ledger = ""

    override func setUpWithError() throws {
        ledger = try CLIHarness.temporaryDirectory(self)
        try Data(ScenarioLedger.logBytes()).write(to: URL(fileURLWithPath: ledger + "/events.jsonl"))
    }

    func run(_ arguments: [String], now: Date = ProjectionCommandsTests.june) -> CLIHarness.Result {
        CLIHarness.run(arguments + ["--ledger", ledger], now: now)
    }

    static let commands: [(name: String, arguments: [String])] = [
        ("status", ["status"]), ("status-case", ["status", ScenarioLedger.transferredCase]),
        ("status-mediation", ["status", ScenarioLedger.lapsedMediation]), ("workload", ["workload"]),
        ("transfers", ["transfers"]), ("trail", ["trail", ScenarioLedger.transferredCase]), ("alerts", ["alerts"]),
        ("mediations", ["mediations"]), ("stats", ["stats"]),
    ]

    func testEveryTableInChineseAndEnglish_exactly() {
        for (name, arguments) in Self.commands {
            for (lang, extra) in [("zh", [String]()), ("en", ["--lang", "en"])] {
                let result = run(arguments + extra)
                XCTAssertEqual(result.code, 0, "\(name) \(lang): \(result.err)")
                XCTAssertEqual(result.err, "", "\(name) \(lang)")
                Expected.assertMatches(result.out, "\(name).\(lang).txt")
            }
        }
    }

    func testTheJSONIsTheReadModelsOwn() throws {
        let projections = CLIHarness.projectRoot.appendingPathComponent("Tests/ProjectionsTests/Expected")
        func expected(_ file: String) throws -> String {
            String(decoding: try XCTUnwrap(FileManager.default.contents(atPath: projections.appendingPathComponent(file).path)), as: UTF8.self)
        }
        XCTAssertEqual(run(["status", "--json"]).out, try expected("status-2024-06-17.jsonl"))
        XCTAssertEqual(run(["status", ScenarioLedger.transferredCase, "--json"]).out, try expected("status-case-detail.jsonl"))
        XCTAssertEqual(run(["workload", "--json"]).out, try expected("workload-2024-06-17.jsonl"))
        XCTAssertEqual(run(["transfers", "--json"]).out, try expected("transfers-2024-06-17.jsonl"))
        XCTAssertEqual(run(["trail", ScenarioLedger.transferredCase, "--json"]).out, try expected("trail-case.json"))
        XCTAssertEqual(run(["alerts", "--json"]).out, try expected("alerts-2024-06-17.jsonl"))
        XCTAssertEqual(run(["mediations", "--json"]).out, try expected("mediations-2024-06-17.jsonl"))
        XCTAssertEqual(run(["stats", "--json"]).out, try expected("stats.json"))
    }

    func testFiltersNarrowTheRows() {
        XCTAssertEqual(run(["status", "--json", "--open", "--flag", "overdue"]).out.split(separator: "\n").count, 2)
        XCTAssertEqual(run(["status", "--json", "--kind", "mediation"]).out.split(separator: "\n").count, 2)
        XCTAssertEqual(run(["status", "--json", "--agency", "fle-psb"]).out.split(separator: "\n").count, 1, "the case it holds")
        XCTAssertEqual(run(["workload", "--json", "--agency", "qqh-med", "--no-officers"]).out.split(separator: "\n").count, 1)
        XCTAssertEqual(run(["transfers", "--json", "--outcome", "declined"]).out, "")
        XCTAssertEqual(run(["alerts", "--json", "--kind", "overdue"]).out.split(separator: "\n").count, 2)
        XCTAssertEqual(run(["mediations", "--json", "--window", "closing"]).out.split(separator: "\n").count, 1)
        XCTAssertTrue(run(["stats", "--by", "month", "--json"]).out.hasPrefix("{\"byMonth\":{\"2024-02\":"))
    }

    func testEveryProjectionCommandHasHelpWithAnExample() {
        for name in ["status", "workload", "transfers", "trail", "alerts", "mediations", "stats", "rebuild"] {
            let help = CLIHarness.run(["help", name])
            XCTAssertEqual(help.code, 0)
            XCTAssertTrue(help.out.hasPrefix("OVERVIEW: "), name)
            XCTAssertTrue(help.out.contains("USAGE: ipledger \(name)"), name)
            XCTAssertTrue(help.out.contains("EXAMPLE:\n  ipledger \(name)"), name)
            if name != "rebuild" { XCTAssertTrue(help.out.contains("--as-of SEQ|TIME"), name) }
            XCTAssertTrue(CLIHarness.run(["--help"]).out.contains("\n  \(name) "), name)
        }
    }

    func testUsageErrorsSayWhatIsAllowed() {
        let cases: [([String], String)] = [
            (["status", "--as-of", "0"], "Error: --as-of takes a seq from 1, not 0\n"),
            (["status", "--as-of", "yesterday"], "Error: --as-of takes a seq (a whole number), an RFC 3339 time or a date YYYY-MM-DD, not \"yesterday\"\n"),
            (["alerts", "--lang", "fr"], "Error: --lang takes zh or en, not \"fr\"\n"),
            (["status", "--kind", "meeting"], "Error: --kind takes report, case, supervision or mediation, not \"meeting\"\n"),
            (["stats", "--by", "year"], "Error: --by takes sector, ipType, agency or month, not \"year\"\n"),
            (["trail"], "Error: trail needs a CASE, e.g. case/FLE-2024-0007\n"),
            (["status", "--as-of", "9999"], "Error: --as-of 9999: the log holds 144 events\n"),
        ]
        for (arguments, message) in cases {
            let result = run(arguments)
            XCTAssertEqual(result.code, 2, "\(arguments)")
            XCTAssertTrue(result.err.hasPrefix(message), "\(arguments): \(result.err)")
        }
        let unknown = run(["trail", "case/NOPE"])
        XCTAssertEqual(unknown.code, 2)
        XCTAssertEqual(unknown.err, "Error: there is no case case/NOPE in the ledger\n")
        XCTAssertEqual(run(["trail", "FLE-2024-0007", "--json"]).out, run(["trail", ScenarioLedger.transferredCase, "--json"]).out,
                       "the case/ prefix may be left out")
    }

    func testAMissingLedgerIsAnEnvironmentError() {
        let result = CLIHarness.run(["status", "--ledger", ledger + "/nowhere"])
        XCTAssertEqual(result.code, 4)
        XCTAssertTrue(result.err.contains("is not a ledger directory"), result.err)
    }
}
