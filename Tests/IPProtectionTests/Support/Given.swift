import LedgerCore
@testable import IPProtection
import LedgerTestSupport

/// The states the given/when/then tests start from, each built on the one before it by
/// recording the acts that lead there (a case in March 2024, transferred to fle-psb).
extension Fixture {
    func givenReport(_ stream: String = "report/R1", by actor: Actor = Who.amrClerk) throws {
        try record("ReportReceived", stream, "2024-03-01T09:00", actor, Samples.payload("ReportReceived"))
    }

    func givenCase(_ stream: String = "case/C1", by actor: Actor = Who.amrInv, report: Bool = true) throws {
        var payload = Samples.payload("CaseOpened")
        if report {
            try givenReport()
        } else {
            payload = Samples.payload("CaseOpened", without: "report")
        }
        try record("CaseOpened", stream, "2024-03-05T10:00", actor, payload)
    }

    func givenEvidence(_ stream: String = "case/C1") throws {
        try givenCase(stream)
        try record("EvidenceRecorded", stream, "2024-03-06T10:00", Who.amrInv, Samples.payload("EvidenceRecorded"))
    }

    func givenTransferReport(_ stream: String = "case/C1") throws {
        try givenCase(stream)
        try record("TransferReportSubmitted", stream, "2024-03-08T10:00", Who.amrInv, Samples.payload("TransferReportSubmitted"))
    }

    func givenApprovedTransfer(_ stream: String = "case/C1") throws {
        try givenTransferReport(stream)
        try record("TransferApproved", stream, "2024-03-11T09:00", Who.amrHead, Samples.payload("TransferApproved"))
    }

    func givenTransferredCase(_ stream: String = "case/C1") throws {
        try givenApprovedTransfer(stream)
        try record("CaseTransferred", stream, "2024-03-11T15:00", Who.amrClerk, Samples.payload("CaseTransferred"))
    }

    func givenReceivedTransfer(_ stream: String = "case/C1") throws {
        try givenTransferredCase(stream)
        try record("TransferReceived", stream, "2024-03-12T10:00", Who.psbClerk, Samples.payload("TransferReceived"))
    }

    func givenDeclinedFiling(_ stream: String = "case/C1") throws {
        try givenReceivedTransfer(stream)
        try record("FilingDeclined", stream, "2024-03-13T10:00", Who.psbHead, Samples.payload("FilingDeclined"))
    }

    func givenReconsiderationRequested(_ stream: String = "case/C1") throws {
        try givenDeclinedFiling(stream)
        try record("ReconsiderationRequested", stream, "2024-03-14T10:00", Who.amrClerk, Samples.payload("ReconsiderationRequested"))
    }

    func givenUpheldDecline(_ stream: String = "case/C1") throws {
        try givenReconsiderationRequested(stream)
        try record("ReconsiderationDecided", stream, "2024-03-15T10:00", Who.psbHead, Samples.payload("ReconsiderationDecided"))
    }

    func givenSuggestion(_ stream: String = "case/C1") throws {
        try givenUpheldDecline(stream)
        try record("FilingSupervisionSuggested", stream, "2024-03-16T10:00", Who.amrClerk, Samples.payload("FilingSupervisionSuggested"))
    }

    func givenFiledCase(_ stream: String = "case/C1") throws {
        try givenReceivedTransfer(stream)
        try record("CriminalCaseFiled", stream, "2024-03-13T10:00", Who.psbHead, Samples.payload("CriminalCaseFiled"))
    }

    func givenDispute(_ stream: String = "case/C1") throws {
        try givenDeclinedFiling(stream)
        try record("TransferDisputeRaised", stream, "2024-03-14T11:00", Who.amrHead, Samples.payload("TransferDisputeRaised"))
    }

    func givenOpinionRequested(_ stream: String = "case/C1") throws {
        try givenDispute(stream)
        try record("OpinionRequested", stream, "2024-03-14T12:00", Who.amrHead, Samples.payload("OpinionRequested"))
    }

    func givenMaterialsRequested(_ stream: String = "case/C1") throws {
        try givenReceivedTransfer(stream)
        try record("MaterialsRequested", stream, "2024-03-12T15:00", Who.psbClerk, Samples.payload("MaterialsRequested"))
    }

    func givenSupervision(_ stream: String = "supervision/S1", kind: String = "filing") throws {
        try givenDeclinedFiling()
        try record("SupervisionOpened", stream, "2024-03-20T09:00", Who.prosecutor,
                   Samples.payload("SupervisionOpened", with: ["kind": .string(kind)]))
    }

    func givenExplanationRequested(_ stream: String = "supervision/S1") throws {
        try givenSupervision(stream)
        try record("ExplanationRequested", stream, "2024-03-21T09:00", Who.prosecutor, Samples.payload("ExplanationRequested"))
    }

    func givenExplanationGiven(_ stream: String = "supervision/S1") throws {
        try givenExplanationRequested(stream)
        try record("ExplanationGiven", stream, "2024-03-22T09:00", Who.psbHead, Samples.payload("ExplanationGiven"))
    }

    func givenFilingOrdered(_ stream: String = "supervision/S1") throws {
        try givenExplanationGiven(stream)
        try record("FilingOrdered", stream, "2024-03-25T09:00", Who.prosecutor, Samples.payload("FilingOrdered"))
    }
}
