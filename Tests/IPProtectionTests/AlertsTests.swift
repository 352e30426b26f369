import XCTest
import LedgerCore
@testable import IPProtection
import LedgerTestSupport

/// Alerts as of an instant: overdue deadlines, should-transfer (以罚代刑) and repeat offenders.
final class AlertsTests: XCTestCase {
    private let c = "case/C1"

    private func penalty(volume: Int, gains: Int, no: String = "罚1") -> JSONValue {
        ["decisionNo": .string(no), "fineFen": 100_000, "illegalGainsFen": .number(Double(gains)),
            "businessVolumeFen": .number(Double(volume))]
    }

    func testGivenReportNotDecided_whenSevenWorkingDaysPass_thenOverdueAlertForTheAmr() throws {
        let f = try Fixture()
        try f.givenReport()
        let state = f.replayed
        XCTAssertEqual(Alerts.compute(state, asOf: ts("2024-03-12T23:59")), [], "due at the end of the 12th")
        let alerts = Alerts.compute(state, asOf: ts("2024-03-13T00:00"))
        XCTAssertEqual(alerts.count, 1)
        let alert = try XCTUnwrap(alerts.first)
        XCTAssertEqual(alert.kind, .overdue)
        XCTAssertEqual(alert.stream, "report/R1")
        XCTAssertEqual(alert.agency, "fle-amr")
        XCTAssertEqual(alert.agencyKind, .amr)
        XCTAssertEqual(alert.since.description, "2024-03-12T23:59:59+08:00")
        XCTAssertEqual(alert.citation, "市场监督管理投诉举报处理暂行办法 第14条")
        XCTAssertEqual(alert.rule, "reportDecision")
        XCTAssertNil(alert.caseName)
    }

    func testGivenFilingOrder_whenFifteenDaysPass_thenOverdueAlertForThatPolice_naming_theCase() throws {
        let f = try Fixture()
        try f.givenFilingOrdered()
        let alerts = Alerts.compute(f.replayed, asOf: ts("2024-04-10T09:00"))
        let order = try XCTUnwrap(alerts.first { $0.rule == "filingAfterOrder" })
        XCTAssertEqual(order.agency, "fle-psb")
        XCTAssertEqual(order.caseName, "case/C1")
        XCTAssertEqual(order.stream, "supervision/S1")
        XCTAssertEqual(order.citation, "人民检察院刑事诉讼规则 第563条")
    }

    func testGivenTrademarkPenaltyAtTheThreshold_andNoTransfer_thenShouldTransfer() throws {
        let f = try Fixture()
        try f.givenCase(report: false)
        try f.record("PenaltyDecided", c, "2024-04-01T10:00", Who.amrHead, penalty(volume: 5_000_000, gains: 0))
        let alerts = Alerts.compute(f.replayed, asOf: ts("2024-04-02T00:00"))
        XCTAssertEqual(alerts.map(\.kind), [.shouldTransfer])
        XCTAssertEqual(alerts[0].agency, "fle-amr")
        XCTAssertEqual(alerts[0].since, ts("2024-04-01T10:00"))
        XCTAssertTrue(alerts[0].citation.hasPrefix("刑法 第213条; 法释〔2004〕19号"), alerts[0].citation)
        XCTAssertTrue(alerts[0].message.contains("50,000.00 yuan"), alerts[0].message)
    }

    func testGivenTrademarkPenaltyBelowBothThresholds_thenNoAlert() throws {
        let f = try Fixture()
        try f.givenCase(report: false)
        try f.record("PenaltyDecided", c, "2024-04-01T10:00", Who.amrHead, penalty(volume: 4_999_999, gains: 2_999_999))
        XCTAssertEqual(Alerts.compute(f.replayed, asOf: ts("2024-04-02T00:00")), [])
    }

    func testGivenPatentCase_thresholdsAre200000Or100000Yuan() throws {
        let f = try Fixture()
        try f.record("CaseOpened", c, "2024-03-05T10:00", Who.amrInv, Samples.payload("CaseOpened", with: ["ipType": "patent",
            "report": nil]).droppingNulls)
        try f.record("PenaltyDecided", c, "2024-04-01T10:00", Who.amrHead, penalty(volume: 19_999_999, gains: 9_999_999))
        XCTAssertEqual(Alerts.compute(f.replayed, asOf: ts("2024-04-02T00:00")), [])
        try f.record("CaseOpened", "case/C2", "2024-03-05T10:00", Who.amrInv, Samples.payload("CaseOpened", with: ["ipType": "patent",
            "report": nil]).droppingNulls)
        try f.record("PenaltyDecided", "case/C2", "2024-04-01T10:00", Who.amrHead, penalty(volume: 0, gains: 10_000_000))
        XCTAssertEqual(Alerts.compute(f.replayed, asOf: ts("2024-04-02T00:00")).map(\.stream), ["case/C2"])
    }

    func testTheTransferReportsOffenceOverridesTheIPType_andCopyrightHasNoThresholdYet() throws {
        let f = try Fixture()
        try f.givenCase(report: false)
        try f.record("TransferReportSubmitted", c, "2024-03-08T10:00", Who.amrInv, Samples.payload("TransferReportSubmitted",
            with: ["suspectedOffence": "216"]))
        try f.record("TransferRefused", c, "2024-03-09T10:00", Who.amrHead, ["reason": "x"])
        try f.record("PenaltyDecided", c, "2024-04-01T10:00", Who.amrHead, penalty(volume: 6_000_000, gains: 0))
        XCTAssertEqual(Alerts.compute(f.replayed, asOf: ts("2024-04-02T00:00")), [], "216's threshold is 200,000 yuan")
        try f.record("CaseOpened", "case/C3", "2024-03-05T10:00", Who.amrInv, Samples.payload("CaseOpened", with: ["ipType": "copyright",
            "report": nil]).droppingNulls)
        try f.record("PenaltyDecided", "case/C3", "2024-04-01T10:00", Who.amrHead, penalty(volume: 900_000_000, gains: 900_000_000))
        XCTAssertEqual(Alerts.compute(f.replayed, asOf: ts("2024-04-02T00:00")), [])
    }

    func testGivenShouldTransfer_whenTheCaseIsTransferred_thenTheAlertEnds_butAsOfBeforeItStands() throws {
        let f = try Fixture()
        try f.givenApprovedTransfer()
        try f.record("PenaltyDecided", c, "2024-03-11T10:00", Who.amrHead, penalty(volume: 9_000_000, gains: 0))
        try f.record("CaseTransferred", c, "2024-03-11T15:00", Who.amrClerk, Samples.payload("CaseTransferred"))
        XCTAssertEqual(Alerts.compute(f.replayed, asOf: ts("2024-03-12T00:00")), [])
        let before = DomainState.replay(f.ledger.records.filter { ts($0.at) <= ts("2024-03-11T12:00") })
        XCTAssertEqual(Alerts.compute(before, asOf: ts("2024-03-11T12:00")).map(\.kind), [.shouldTransfer])
    }

    func testThresholds_areEffectiveDated() {
        var table = ThresholdTable.standard
        table.thresholds.append(CriminalThreshold(offence: "213", effectiveFrom: CivilDate("2025-04-26")!, businessVolumeFen: 10_000_000,
                                                  illegalGainsFen: 5_000_000, citation: "test row"))
        XCTAssertEqual(table.inForce(offence: "213", on: CivilDate("2025-04-25")!)?.businessVolumeFen, 5_000_000)
        XCTAssertEqual(table.inForce(offence: "213", on: CivilDate("2025-04-26")!)?.businessVolumeFen, 10_000_000)
        XCTAssertNil(table.inForce(offence: "213", on: CivilDate("2004-12-21")!))
        XCTAssertNil(table.inForce(offence: "217", on: CivilDate("2024-01-01")!))
    }

    func testEffectiveDatedThresholds_applyByThePenaltysDate() throws {
        let f = try Fixture()
        try f.givenCase(report: false)
        try f.record("PenaltyDecided", c, "2025-05-10T10:00", Who.amrHead, penalty(volume: 6_000_000, gains: 0))
        var table = ThresholdTable.standard
        table.thresholds.append(CriminalThreshold(offence: "213", effectiveFrom: CivilDate("2025-04-26")!, businessVolumeFen: 10_000_000,
                                                  illegalGainsFen: 5_000_000, citation: "test row"))
        XCTAssertEqual(Alerts.compute(f.replayed, asOf: ts("2025-06-01T00:00"), thresholds: table).filter { $0.kind == .shouldTransfer },
            [])
        XCTAssertEqual(Alerts.compute(f.replayed, asOf: ts("2025-06-01T00:00")).filter { $0.kind == .shouldTransfer }.count, 1)
    }

    func testGivenTwoPenaltiesOfOneRespondentWithinTwoYears_thenRepeatOffenderOnTheLater() throws {
        let f = try Fixture()
        try f.givenCase(report: false)
        try f.record("PenaltyDecided", c, "2024-04-01T10:00", Who.amrHead, penalty(volume: 100, gains: 0, no: "罚1"))
        let respondent: JSONValue = ["name": "富拉尔基区 某五金经销部", "privateEnterprise": true]
        try f.record("CaseOpened", "case/C2", "2026-03-05T10:00", Who.amrInv, Samples.payload("CaseOpened", with: ["report": nil,
            "respondent": respondent]).droppingNulls)
        try f.record("PenaltyDecided", "case/C2", "2026-04-01T10:00", Who.amrHead, penalty(volume: 100, gains: 0, no: "罚2"))
        let alerts = Alerts.compute(f.replayed, asOf: ts("2026-04-02T00:00")).filter { $0.kind == .repeatOffender }
        XCTAssertEqual(alerts.map(\.stream), ["case/C2"])
        XCTAssertTrue(alerts[0].message.contains("case/C1"), alerts[0].message)
    }

    func testPenaltiesMoreThanTwoYearsApart_orForAnotherKindOfAct_areNotRepeatOffences() throws {
        let f = try Fixture()
        try f.givenCase(report: false)
        try f.record("PenaltyDecided", c, "2024-04-01T10:00", Who.amrHead, penalty(volume: 100, gains: 0))
        try f.record("CaseOpened", "case/C2", "2026-03-05T10:00", Who.amrInv, Samples.payload("CaseOpened",
            with: ["report": nil]).droppingNulls)
        try f.record("PenaltyDecided", "case/C2", "2026-04-02T10:00", Who.amrHead, penalty(volume: 100, gains: 0))
        try f.record("CaseOpened", "case/C3", "2024-06-05T10:00", Who.amrInv, Samples.payload("CaseOpened", with: ["report": nil,
            "ipType": "patent"]).droppingNulls)
        try f.record("PenaltyDecided", "case/C3", "2024-07-01T10:00", Who.amrHead, penalty(volume: 100, gains: 0))
        XCTAssertEqual(Alerts.compute(f.replayed, asOf: ts("2026-05-01T00:00")).filter { $0.kind == .repeatOffender }, [])
    }

    func testAlerts_areOrderedBySince() throws {
        let f = try Fixture()
        try f.givenReport()
        try f.givenCase("case/C2", report: false)
        let alerts = Alerts.compute(f.replayed, asOf: ts("2024-12-31T00:00"))
        XCTAssertEqual(alerts.map(\.rule), ["reportDecision", "penaltyDecision"])
        XCTAssertEqual(alerts.map(\.since), alerts.map(\.since).sorted())
    }
}
