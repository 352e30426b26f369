import XCTest
import LedgerCore
@testable import IPProtection
import LedgerTestSupport

final class ReportDeciderTests: XCTestCase {
    func testGivenReport_whenSharedWithAnUnregisteredAgency_thenRefusedNamingIt() throws {
        let f = try Fixture()
        try f.givenReport()
        let refusal = f.refusal("ReportShared", "report/R1", "2024-03-01T10:00", Who.amrClerk, ["agencies": ["fle-psb", "ghost"]])
        XCTAssertEqual(refusal.member, "payload.agencies[1]")
    }

    func testGivenReportReceivedByPolice_whenSharedWithAmr_thenThatAmrDecides() throws {
        let f = try Fixture()
        try f.givenReport(by: Who.psbClerk)
        XCTAssertEqual(f.refusal("ReportAccepted", "report/R1", "2024-03-02T10:00", Who.psbClerk).kind, .permission, "police do not " +
            "accept reports")
        XCTAssertEqual(f.refusal("ReportAccepted", "report/R1", "2024-03-02T10:00", Who.amrClerk).kind, .permission, "the amr does " +
            "not hold it yet")
        try f.record("ReportShared", "report/R1", "2024-03-01T10:00", Who.psbClerk, ["agencies": ["fle-amr"]])
        try f.record("ReportAccepted", "report/R1", "2024-03-02T10:00", Who.amrClerk)
        XCTAssertEqual(f.replayed.reports["report/R1"]?.stage, .accepted)
    }

    func testGivenDeclinedReport_whenAccepted_thenRefused() throws {
        let f = try Fixture()
        try f.givenReport()
        try f.record("ReportDeclined", "report/R1", "2024-03-02T10:00", Who.amrClerk, ["reason": "不属于本部门管辖"])
        XCTAssertEqual(f.refusal("ReportAccepted", "report/R1", "2024-03-02T11:00", Who.amrClerk).kind, .rule)
    }

    func testGivenReport_whenDeclinedWithoutReason_thenRefusedNamingTheReason() throws {
        let f = try Fixture()
        try f.givenReport()
        let refusal = f.refusal("ReportDeclined", "report/R1", "2024-03-02T10:00", Who.amrClerk, [:])
        XCTAssertEqual(refusal.kind, .schema)
        XCTAssertEqual(refusal.member, "payload.reason")
    }

    func testGivenReport_whenClosedAsCaseOpened_thenTheCaseMustBeNamedAndExist() throws {
        let f = try Fixture()
        try f.givenReport()
        XCTAssertEqual(f.refusal("ReportClosed", "report/R1", "2024-03-06T10:00", Who.amrClerk, ["outcome": "caseOpened"]).member,
            "payload.case")
        XCTAssertEqual(f.refusal("ReportClosed", "report/R1", "2024-03-06T10:00", Who.amrClerk, ["outcome": "caseOpened",
            "case": "case/NOPE"]).member, "payload.case")
        try f.record("ReportClosed", "report/R1", "2024-03-06T10:00", Who.amrClerk, ["outcome": "withdrawn", "reason": "举报人撤回"])
        XCTAssertEqual(f.refusal("ReportShared", "report/R1", "2024-03-07T10:00", Who.amrClerk, ["agencies": ["fle-psb"]]).kind, .rule,
            "nothing follows a close")
    }

    func testGivenReport_whenAnActIsDatedBeforeTheReceipt_thenRefused() throws {
        let f = try Fixture()
        try f.givenReport()
        let refusal = f.refusal("ReportAccepted", "report/R1", "2024-02-29T10:00", Who.amrClerk)
        XCTAssertEqual(refusal.member, "at")
        XCTAssertTrue(refusal.message.contains("before the report's receipt"), refusal.message)
    }
}
