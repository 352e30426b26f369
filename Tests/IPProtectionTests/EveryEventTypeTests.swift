import XCTest
import LedgerCore
@testable import IPProtection
import LedgerTestSupport

/// For every type of the catalogue: accepted in the right state by the right actor;
/// refused in a wrong state, by a wrong agency or role, and with a bad payload.
///
/// The specific rules of each type are tested in its decider's test file; this table
/// makes sure no type is left without the four basic cases.
final class EveryEventTypeTests: XCTestCase {
    /// How a scenario reaches a state in which the act must be refused.
    enum WrongState {
        /// A fresh ledger: the stream (or what the act answers) does not exist.
        case fresh
        /// The right state with the same act already recorded once.
        case repeated
        /// A ledger that was never opened.
        case unopened
        case custom((Fixture) throws -> Void)
    }

    struct Scenario {
        let type: String
        var stream: String
        var at: String
        var actor: Actor
        var wrongActor: Actor
        var given: (Fixture) throws -> Void = { _ in }
        var wrongState: WrongState = .fresh
        var payload: JSONValue? = nil
        var emptyLedger = false
    }

    static let c = "case/C1"
    static let s = "supervision/S1"

    static let scenarios: [Scenario] = enforcementScenarios + mediationScenarios + collaborationScenarios

    /// The registry, reports, cases and supervisions.
    static let enforcementScenarios: [Scenario] = [
        Scenario(type: "LedgerOpened", stream: "registry", at: "2024-01-02T09:00", actor: Who.admin, wrongActor: Who.psbClerk,
                 wrongState: .custom { _ in }, emptyLedger: true),
        Scenario(type: "AgencyRegistered", stream: "registry", at: "2024-02-01T09:00", actor: Who.admin, wrongActor: Who.amrHead,
            wrongState: .repeated),
        Scenario(type: "OfficerEnrolled", stream: "registry", at: "2024-02-01T09:00", actor: Who.admin, wrongActor: Who.amrInv,
            wrongState: .repeated),
        Scenario(type: "OfficerRetired", stream: "registry", at: "2024-02-01T09:00", actor: Who.admin, wrongActor: Who.amrHead,
            wrongState: .repeated),
        Scenario(type: "LiaisonAssigned", stream: "registry", at: "2024-02-01T09:00", actor: Who.amrHead, wrongActor: Who.amrInv,
                 wrongState: .custom { try $0.record("OfficerRetired", "registry", "2024-01-30T09:00", Who.admin, ["officer": "amr-inv1",
                     "reason": "退休"]) }),
        Scenario(type: "CalendarPublished", stream: "registry", at: "2024-02-01T09:00", actor: Who.admin, wrongActor: Who.amrClerk,
            wrongState: .unopened),
        Scenario(type: "ReportReceived", stream: "report/R1", at: "2024-03-01T09:00", actor: Who.amrClerk, wrongActor: Who.amrHead,
            wrongState: .repeated),
        Scenario(type: "ReportShared", stream: "report/R1", at: "2024-03-01T10:00", actor: Who.amrClerk, wrongActor: Who.psbClerk,
                 given: { try $0.givenReport() }),
        Scenario(type: "ReportAccepted", stream: "report/R1", at: "2024-03-04T10:00", actor: Who.amrClerk, wrongActor: Who.psbClerk,
                 given: { try $0.givenReport() }, wrongState: .repeated),
        Scenario(type: "ReportDeclined", stream: "report/R1", at: "2024-03-04T10:00", actor: Who.amrClerk, wrongActor: Who.psbClerk,
                 given: { try $0.givenReport() }, wrongState: .repeated),
        Scenario(type: "ReportClosed", stream: "report/R1", at: "2024-03-06T10:00", actor: Who.amrClerk, wrongActor: Who.psbClerk,
                 given: { try $0.givenCase() }),
        Scenario(type: "CaseOpened", stream: c, at: "2024-03-05T10:00", actor: Who.amrInv, wrongActor: Who.notary,
                 given: { try $0.givenReport() }, wrongState: .repeated),
        Scenario(type: "EvidenceRecorded", stream: c, at: "2024-03-06T10:00", actor: Who.amrInv, wrongActor: Who.amrClerk,
                 given: { try $0.givenCase() }, wrongState: .repeated),
        Scenario(type: "EvidenceNotarized", stream: c, at: "2024-03-07T10:00", actor: Who.notary, wrongActor: Who.amrInv,
                 given: { try $0.givenEvidence() }, wrongState: .custom { try $0.givenCase() }),
        Scenario(type: "CaseNotified", stream: c, at: "2024-03-06T10:00", actor: Who.amrInv, wrongActor: Who.admin,
                 given: { try $0.givenCase() }),
        Scenario(type: "ConsultationRequested", stream: c, at: "2024-03-06T10:00", actor: Who.amrInv, wrongActor: Who.admin,
                 given: { try $0.givenCase() }),
        Scenario(type: "ConsultationHeld", stream: c, at: "2024-03-07T10:00", actor: Who.prosecutor, wrongActor: Who.notary,
                 given: { f in
                     try f.givenCase()
                     try f.record("ConsultationRequested", c, "2024-03-06T10:00", Who.amrInv, Samples.payload("ConsultationRequested"))
                 }, wrongState: .custom { try $0.givenCase() }),
        Scenario(type: "PenaltyDecided", stream: c, at: "2024-04-01T10:00", actor: Who.amrHead, wrongActor: Who.amrInv,
                 given: { try $0.givenCase() }, wrongState: .repeated),
        Scenario(type: "TransferReportSubmitted", stream: c, at: "2024-03-08T10:00", actor: Who.amrInv, wrongActor: Who.psbClerk,
                 given: { try $0.givenCase() }, wrongState: .repeated),
        Scenario(type: "TransferApproved", stream: c, at: "2024-03-11T09:00", actor: Who.amrHead, wrongActor: Who.amrInv,
                 given: { try $0.givenTransferReport() }, wrongState: .custom { try $0.givenCase() }),
        Scenario(type: "TransferRefused", stream: c, at: "2024-03-11T09:00", actor: Who.amrHead, wrongActor: Who.amrInv,
                 given: { try $0.givenTransferReport() }, wrongState: .custom { try $0.givenCase() }),
        Scenario(type: "CaseTransferred", stream: c, at: "2024-03-11T15:00", actor: Who.amrClerk, wrongActor: Who.psbClerk,
                 given: { try $0.givenApprovedTransfer() }, wrongState: .custom { try $0.givenTransferReport() }),
        Scenario(type: "TransferReceived", stream: c, at: "2024-03-12T10:00", actor: Who.psbClerk, wrongActor: Who.otherPsb,
                 given: { try $0.givenTransferredCase() }, wrongState: .custom { try $0.givenApprovedTransfer() }),
        Scenario(type: "TransferForwarded", stream: c, at: "2024-03-12T11:00", actor: Who.psbClerk, wrongActor: Who.amrClerk,
                 given: { try $0.givenReceivedTransfer() }, wrongState: .custom { try $0.givenApprovedTransfer() }),
        Scenario(type: "MaterialsRequested", stream: c, at: "2024-03-12T15:00", actor: Who.psbClerk, wrongActor: Who.otherPsb,
                 given: { try $0.givenReceivedTransfer() }, wrongState: .custom { try $0.givenTransferredCase() }),
        Scenario(type: "MaterialsSupplied", stream: c, at: "2024-03-13T15:00", actor: Who.amrClerk, wrongActor: Who.psbClerk,
                 given: { try $0.givenMaterialsRequested() }, wrongState: .custom { try $0.givenReceivedTransfer() }),
        Scenario(type: "CriminalCaseFiled", stream: c, at: "2024-03-13T10:00", actor: Who.psbHead, wrongActor: Who.otherPsb,
                 given: { try $0.givenReceivedTransfer() }, wrongState: .custom { try $0.givenDeclinedFiling() }),
        Scenario(type: "FilingDeclined", stream: c, at: "2024-03-13T10:00", actor: Who.psbHead, wrongActor: Who.otherPsb,
                 given: { try $0.givenReceivedTransfer() }, wrongState: .custom { try $0.givenTransferredCase() }),
        Scenario(type: "ReconsiderationRequested", stream: c, at: "2024-03-14T10:00", actor: Who.amrClerk, wrongActor: Who.psbClerk,
                 given: { try $0.givenDeclinedFiling() }, wrongState: .custom { try $0.givenReceivedTransfer() }),
        Scenario(type: "ReconsiderationDecided", stream: c, at: "2024-03-15T10:00", actor: Who.psbHead, wrongActor: Who.otherPsb,
                 given: { try $0.givenReconsiderationRequested() }, wrongState: .custom { try $0.givenDeclinedFiling() }),
        Scenario(type: "FilingSupervisionSuggested", stream: c, at: "2024-03-16T10:00", actor: Who.amrClerk, wrongActor: Who.psbClerk,
                 given: { try $0.givenUpheldDecline() }, wrongState: .custom { try $0.givenReceivedTransfer() }),
        Scenario(type: "TransferDisputeRaised", stream: c, at: "2024-03-14T11:00", actor: Who.amrHead, wrongActor: Who.prosecutor,
                 given: { try $0.givenDeclinedFiling() }, wrongState: .repeated),
        Scenario(type: "OpinionRequested", stream: c, at: "2024-03-14T12:00", actor: Who.amrHead, wrongActor: Who.judge,
                 given: { try $0.givenDispute() }, wrongState: .custom { try $0.givenDeclinedFiling() }),
        Scenario(type: "OpinionGiven", stream: c, at: "2024-03-15T12:00", actor: Who.prosecutor, wrongActor: Who.judge,
                 given: { try $0.givenOpinionRequested() }, wrongState: .custom { try $0.givenDispute() }),
        Scenario(type: "TransferDisputeResolved", stream: c, at: "2024-03-16T12:00", actor: Who.amrHead, wrongActor: Who.prosecutor,
                 given: { try $0.givenDispute() }, wrongState: .custom { try $0.givenDeclinedFiling() }),
        Scenario(type: "MaterialsHandedOver", stream: c, at: "2024-03-14T10:00", actor: Who.amrClerk, wrongActor: Who.psbClerk,
                 given: { try $0.givenFiledCase() }, wrongState: .custom { try $0.givenReceivedTransfer() }),
        Scenario(type: "ImpactAssessed", stream: c, at: "2024-03-20T10:00", actor: Who.psbHead, wrongActor: Who.amrInv,
                 given: { try $0.givenCase() },
                 wrongState: .custom { f in
                     try f.record("CaseOpened", c, "2024-03-05T10:00", Who.amrInv, Samples.payload("CaseOpened", with: [
                         "report": nil, "respondent": ["name": "某电器股份有限公司", "privateEnterprise": false]]).droppingNulls)
                 }),
        Scenario(type: "CaseClosed", stream: c, at: "2024-03-20T10:00", actor: Who.amrHead, wrongActor: Who.prosecutor,
                 given: { try $0.givenFiledCase() }, wrongState: .repeated),
        Scenario(type: "SupervisionOpened", stream: s, at: "2024-03-20T09:00", actor: Who.prosecutor, wrongActor: Who.procHead,
                 given: { try $0.givenDeclinedFiling() }),
        Scenario(type: "ExplanationRequested", stream: s, at: "2024-03-21T09:00", actor: Who.prosecutor, wrongActor: Who.otherProsecutor,
                 given: { try $0.givenSupervision() }, wrongState: .custom { try $0.givenSupervision(kind: "civil") }),
        Scenario(type: "ExplanationGiven", stream: s, at: "2024-03-22T09:00", actor: Who.psbHead, wrongActor: Who.otherPsb,
                 given: { try $0.givenExplanationRequested() }, wrongState: .custom { try $0.givenSupervision() }),
        Scenario(type: "FilingOrdered", stream: s, at: "2024-03-25T09:00", actor: Who.prosecutor, wrongActor: Who.otherProsecutor,
                 given: { try $0.givenExplanationGiven() }, wrongState: .custom { try $0.givenSupervision() }),
        Scenario(type: "TransferOpinionIssued", stream: s, at: "2024-03-21T09:00", actor: Who.prosecutor, wrongActor: Who.procHead,
                 given: { f in
                     try f.givenCase()
                     try f.record("SupervisionOpened", s, "2024-03-20T09:00", Who.prosecutor,
                                  Samples.payload("SupervisionOpened", with: ["kind": "administrative"]))
                 }, wrongState: .custom { try $0.givenSupervision() }),
        Scenario(type: "CorrectionIssued", stream: s, at: "2024-03-21T09:00", actor: Who.prosecutor, wrongActor: Who.judge,
                 given: { try $0.givenSupervision() }),
        Scenario(type: "SupervisionConcluded", stream: s, at: "2024-04-01T09:00", actor: Who.prosecutor, wrongActor: Who.procHead,
                 given: { f in
                     try f.givenFilingOrdered()
                     try f.record("CriminalCaseFiled", c, "2024-03-28T09:00", Who.psbHead,
                                  Samples.payload("CriminalCaseFiled", with: ["supervision": .string(s)]))
                 }, wrongState: .repeated),
    ]

    func testEveryCatalogueTypeHasAScenario() {
        let covered = Set(Self.scenarios.map(\.type))
        for type in Catalogue.all where !covered.contains(type.name) {
            XCTFail("no scenario for \(type.name)")
        }
        XCTAssertEqual(Self.scenarios.count, Catalogue.all.count, "one scenario per type")
    }

    private func fixture(_ scenario: Scenario) throws -> Fixture {
        try scenario.emptyLedger ? Fixture(open: false) : Fixture()
    }

    private func action(_ scenario: Scenario, _ f: Fixture, actor: Actor? = nil, payload: JSONValue? = nil) -> JSONValue {
        f.action(scenario.type, scenario.stream, scenario.at, actor ?? scenario.actor,
                 payload ?? scenario.payload ?? Samples.payload(scenario.type))
    }

    func testGivenRightState_whenRightActorRecords_thenAccepted() throws {
        for scenario in Self.scenarios {
            let f = try fixture(scenario)
            try scenario.given(f)
            let before = f.ledger.records.count
            do {
                let record = try f.submit(action(scenario, f))
                XCTAssertEqual(record.type, scenario.type)
                XCTAssertEqual(record.schema, 1)
                XCTAssertEqual(f.ledger.records.count, before + 1)
                XCTAssertEqual(record.payload, (scenario.payload ?? Samples.payload(scenario.type)).objectValue)
            } catch {
                XCTFail("\(scenario.type) refused: \(error)")
            }
        }
    }

    func testGivenRightState_whenWrongAgencyOrRole_thenRefusedAsPermission() throws {
        for scenario in Self.scenarios {
            let f = try fixture(scenario)
            try scenario.given(f)
            let refusal = f.refusal(of: action(scenario, f, actor: scenario.wrongActor))
            XCTAssertEqual(refusal.kind, .permission, "\(scenario.type): \(refusal)")
        }
    }

    func testGivenWrongState_whenRecorded_thenRefusedByRule() throws {
        for scenario in Self.scenarios {
            let f: Fixture
            switch scenario.wrongState {
            case .fresh:
                f = try fixture(scenario)
            case .repeated:
                f = try fixture(scenario)
                try scenario.given(f)
                try f.submit(action(scenario, f))
            case .unopened:
                f = try Fixture(open: false)
            case .custom(let build):
                f = try Fixture()
                try build(f)
            }
            let refusal = f.refusal(of: action(scenario, f))
            XCTAssertEqual(refusal.kind, .rule, "\(scenario.type): \(refusal)")
        }
    }

    func testGivenRightState_whenPayloadLacksARequiredMember_thenRefusedNamingIt() throws {
        for scenario in Self.scenarios {
            let f = try fixture(scenario)
            try scenario.given(f)
            let schema = Catalogue.type(named: scenario.type)!.payload
            if let first = schema.members.first(where: \.required) {
                let refusal = f.refusal(of: action(scenario, f, payload: Samples.payload(scenario.type, without: first.name)))
                XCTAssertEqual(refusal.kind, .schema, scenario.type)
                XCTAssertEqual(refusal.member, "payload.\(first.name)", scenario.type)
            }
            let unknown = f.refusal(of: action(scenario, f, payload: Samples.payload(scenario.type, with: ["remark": "x"])))
            XCTAssertEqual(unknown.kind, .schema, scenario.type)
            XCTAssertEqual(unknown.member, "payload.remark", scenario.type)
        }
    }
}

extension JSONValue {
    /// The object without its null members (a test shorthand for "member removed").
    var droppingNulls: JSONValue {
        guard case .object(let m) = self else { return self }
        return .object(m.filter { !$0.value.isNull })
    }
}
