/// The amounts at which an administrative case reaches a crime and must be transferred
/// (以罚代刑 watch), for one offence from one date.
public struct CriminalThreshold: Hashable, Sendable {
    /// The Criminal Law article, e.g. "213".
    public var offence: String
    /// The first day the threshold applies (the interpretation's 施行 date).
    public var effectiveFrom: CivilDate
    /// Illegal business volume (非法经营数额) at or above which the act is a crime, in fen.
    public var businessVolumeFen: Int
    /// Illegal gains (违法所得数额) at or above which the act is a crime, in fen.
    public var illegalGainsFen: Int
    /// The source, e.g. "刑法 第213条; 法释〔2004〕19号 第一条".
    public var citation: String

    public init(offence: String, effectiveFrom: CivilDate, businessVolumeFen: Int, illegalGainsFen: Int, citation: String) {
        self.offence = offence
        self.effectiveFrom = effectiveFrom
        self.businessVolumeFen = businessVolumeFen
        self.illegalGainsFen = illegalGainsFen
        self.citation = citation
    }

    /// Whether the amounts reach the threshold (either one suffices).
    public func isReached(businessVolumeFen volume: Int, illegalGainsFen gains: Int) -> Bool {
        volume >= businessVolumeFen || gains >= illegalGainsFen
    }
}

/// Effective-dated threshold configuration: the rule in force on an act's date applies.
public struct ThresholdTable: Hashable, Sendable {
    /// Every threshold row, of every offence and date.
    public var thresholds: [CriminalThreshold]
    /// How far back a respondent's earlier penalty makes it a repeat offender, in years.
    public var repeatOffenceYears: Int
    /// The source of the repeat-offender alert.
    public var repeatOffenceCitation: String

    public init(thresholds: [CriminalThreshold], repeatOffenceYears: Int = 2, repeatOffenceCitation: String) {
        self.thresholds = thresholds
        self.repeatOffenceYears = repeatOffenceYears
        self.repeatOffenceCitation = repeatOffenceCitation
    }

    /// The thresholds of 《最高人民法院、最高人民检察院关于办理侵犯知识产权刑事案件具体应用法律若干问题的解释》
    /// (法释〔2004〕19号, in force from 2004-12-22).
    ///
    /// - 刑法 第213条 (假冒注册商标), 解释 第一条: illegal business volume ≥ 50,000 yuan or illegal gains ≥ 30,000 yuan.
    /// - 刑法 第216条 (假冒专利), 解释 第四条: illegal business volume ≥ 200,000 yuan or illegal gains ≥ 100,000 yuan.
    ///
    /// TODO: 法释〔2025〕5号, in force from 2025-04-26, replaced the 2004 interpretation and
    /// changed some of these amounts. Enter its rows here (effectiveFrom 2025-04-26) once
    /// the text has been checked against the published interpretation; until then the 2004
    /// amounts apply to acts on any date.
    public static let standard = ThresholdTable(
        thresholds: [
            CriminalThreshold(offence: "213", effectiveFrom: CivilDate(year: 2004, month: 12, day: 22),
                              businessVolumeFen: 5_000_000, illegalGainsFen: 3_000_000,
                              citation: "刑法 第213条; 法释〔2004〕19号 第一条"),
            CriminalThreshold(offence: "216", effectiveFrom: CivilDate(year: 2004, month: 12, day: 22),
                              businessVolumeFen: 20_000_000, illegalGainsFen: 10_000_000,
                              citation: "刑法 第216条; 法释〔2004〕19号 第四条"),
        ],
        repeatOffenceYears: 2,
        repeatOffenceCitation: "penalised again within two years for the same kind of act (DOMAIN.md; source to be confirmed against " +
            "法释〔2025〕5号)")

    /// The threshold for `offence` in force on `date`: the latest row that took effect on or before it.
    public func inForce(offence: String, on date: CivilDate) -> CriminalThreshold? {
        thresholds.filter { $0.offence == offence && $0.effectiveFrom <= date }.max { $0.effectiveFrom < $1.effectiveFrom }
    }

    /// The offence a case is measured against when no transfer report names one:
    /// trademark → 刑法 第213条, patent → 第216条.
    public static func defaultOffence(for ipType: String) -> String? {
        switch ipType {
        case IPType.trademark.rawValue: return "213"
        case IPType.patent.rawValue: return "216"
        default: return nil
        }
    }
}
