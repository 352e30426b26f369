/// The name of one event type of the catalogue, as a value the fold can switch on.
///
/// The fold reads a record's `type` once (`EventName(_:)`, one lookup) and then
/// dispatches on this enumeration instead of comparing strings; an `EventReference`
/// keeps it in one byte. Its raw values are exactly the names in `Catalogue.all`
/// (`CatalogueTests` checks both ways): a type added to the catalogue is added here too.
public enum EventName: String, CaseIterable, Hashable, Sendable {
    // registry
    case ledgerOpened = "LedgerOpened"
    case agencyRegistered = "AgencyRegistered"
    case officerEnrolled = "OfficerEnrolled"
    case officerRetired = "OfficerRetired"
    case liaisonAssigned = "LiaisonAssigned"
    case calendarPublished = "CalendarPublished"
    // report
    case reportReceived = "ReportReceived"
    case reportShared = "ReportShared"
    case reportAccepted = "ReportAccepted"
    case reportDeclined = "ReportDeclined"
    case reportClosed = "ReportClosed"
    // case
    case caseOpened = "CaseOpened"
    case evidenceRecorded = "EvidenceRecorded"
    case evidenceNotarized = "EvidenceNotarized"
    case caseNotified = "CaseNotified"
    case consultationRequested = "ConsultationRequested"
    case consultationHeld = "ConsultationHeld"
    case penaltyDecided = "PenaltyDecided"
    case impactAssessed = "ImpactAssessed"
    case caseClosed = "CaseClosed"
    // case: the transfer to the police and its disputes
    case transferReportSubmitted = "TransferReportSubmitted"
    case transferApproved = "TransferApproved"
    case transferRefused = "TransferRefused"
    case caseTransferred = "CaseTransferred"
    case transferReceived = "TransferReceived"
    case transferForwarded = "TransferForwarded"
    case materialsRequested = "MaterialsRequested"
    case materialsSupplied = "MaterialsSupplied"
    case criminalCaseFiled = "CriminalCaseFiled"
    case filingDeclined = "FilingDeclined"
    case reconsiderationRequested = "ReconsiderationRequested"
    case reconsiderationDecided = "ReconsiderationDecided"
    case filingSupervisionSuggested = "FilingSupervisionSuggested"
    case transferDisputeRaised = "TransferDisputeRaised"
    case opinionRequested = "OpinionRequested"
    case opinionGiven = "OpinionGiven"
    case transferDisputeResolved = "TransferDisputeResolved"
    case materialsHandedOver = "MaterialsHandedOver"
    // supervision
    case supervisionOpened = "SupervisionOpened"
    case explanationRequested = "ExplanationRequested"
    case explanationGiven = "ExplanationGiven"
    case filingOrdered = "FilingOrdered"
    case transferOpinionIssued = "TransferOpinionIssued"
    case correctionIssued = "CorrectionIssued"
    case supervisionConcluded = "SupervisionConcluded"
    // mediation
    case mediationDelegated = "MediationDelegated"
    case mediationEntrusted = "MediationEntrusted"
    case mediationInvited = "MediationInvited"
    case mediationApplied = "MediationApplied"
    case mediatorAssigned = "MediatorAssigned"
    case mediationSessionHeld = "MediationSessionHeld"
    case mediationExtended = "MediationExtended"
    case mediationSettled = "MediationSettled"
    case mediationFailed = "MediationFailed"
    case courtCaseRegistered = "CourtCaseRegistered"
    // mediation: judicial confirmation
    case confirmationApplied = "ConfirmationApplied"
    case confirmationAccepted = "ConfirmationAccepted"
    case confirmationExtended = "ConfirmationExtended"
    case confirmationGranted = "ConfirmationGranted"
    case confirmationDenied = "ConfirmationDenied"
    // action, meeting, service, publication
    case jointActionLaunched = "JointActionLaunched"
    case caseLinked = "CaseLinked"
    case jointActionConcluded = "JointActionConcluded"
    case meetingHeld = "MeetingHeld"
    case serviceProvided = "ServiceProvided"
    case typicalCasePublished = "TypicalCasePublished"

    static let byName = NameTable(allCases.map { ($0.rawValue, $0) })

    /// The name of the type called `type`, or `nil` for a type the catalogue does not know.
    public init?(_ type: String) {
        guard let name = EventName.byName.value(type) else { return nil }
        self = name
    }
}
