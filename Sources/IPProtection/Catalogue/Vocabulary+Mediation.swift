// The values of the `mediation/<id>` payloads (DOMAIN.md "mediation/<id>").

/// Where a party stands in a mediated dispute: as a litigant before a court, or as an
/// applicant before a mediation organisation.
public enum PartySide: String, PayloadEnumeration {
    /// The plaintiff (原告) of a court case or a pre-filing claim.
    case plaintiff
    /// The defendant (被告).
    case defendant
    /// A party who applied for mediation (申请人).
    case applicant
    /// The party the application is against (被申请人).
    case respondent
    /// A third party (第三人) with an interest in the outcome.
    case thirdParty
}

/// The procedure of the court case an entrusted mediation belongs to.
public enum CourtProcedure: String, PayloadEnumeration {
    /// Ordinary procedure (普通程序): 15 days of mediation (特邀调解规定 第27条).
    case ordinary
    /// Summary procedure (简易程序): 7 days of mediation (特邀调解规定 第27条).
    case summary
}

/// How a mediation session was held.
public enum SessionMode: String, PayloadEnumeration {
    /// Online (在线调解), e.g. on the people's court mediation platform.
    case online
    /// In person (现场调解).
    case inPerson
}

/// Why a court denied judicial confirmation (民事诉讼法 2023 第206条; 民诉解释 第355、358条).
public enum ConfirmationDenialReason: String, PayloadEnumeration {
    /// The agreement violates a mandatory provision of law (违反法律强制性规定).
    case mandatoryLaw
    /// The agreement harms the state's or the public interest (损害国家利益、社会公共利益).
    case publicInterest
    /// The agreement harms a third party's lawful rights (损害案外人合法权益).
    case thirdParty
    /// A party did not agree voluntarily (违背自愿原则).
    case notVoluntary
    /// The agreement's content is unclear (内容不明确).
    case unclear
    /// The agreement confirms ownership of an IP right (知识产权确权), which no court confirms (民诉解释 第355条).
    case ipOwnership
    /// Another reason, given in `detail`.
    case other
}

/// How a mediation came about: the four ways DOMAIN.md names.
public enum MediationKind: String, Hashable, Sendable, CaseIterable, Codable {
    /// Pre-filing mediation a court delegated (委派调解), `MediationDelegated`.
    case delegated
    /// In-litigation mediation a court entrusted (委托调解), `MediationEntrusted`.
    case entrusted
    /// Mediation a court invited an organisation to (邀请调解), `MediationInvited`.
    case invited
    /// Mediation the parties applied for themselves, `MediationApplied`.
    case applied
}
