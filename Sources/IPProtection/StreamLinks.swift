import LedgerCore

/// The links from one stream to others that the fold follows, as keys a reference index
/// can file streams under: so that a question about one item (`ipledger status STREAM`,
/// `trail CASE`) can fold only the streams its answer depends on instead of the whole log.
///
/// Two kinds of link are followed backwards, from the stream referred to:
/// - a supervision names its case in `SupervisionOpened` (`DomainState.supervisionsByCase`);
/// - a penalised case is compared with every case of the same respondent and IP type
///   (the repeat-offender alert, `Alerts.thresholdAlerts`).
///
/// Links followed forwards (a supervision's case, a case's report) are read from the
/// folded state itself and need no index.
///
/// The keys are a superset: every stream that can matter is filed under a key its reader
/// asks for, and streams that turn out not to matter are folded for nothing but change no
/// answer, because the answer is computed by the same fold from the same records.
public enum StreamLinks {
    /// The event types whose records file their stream under a key; a record of another
    /// type never does, so a reader may skip lines that do not contain one of these names.
    public static let linkingTypes = ["CaseOpened", "SupervisionOpened"]

    /// The keys `event` files its stream under (as `keys(of:)` of its record).
    public static func keys(of event: DomainEvent) -> [String] {
        switch (event.kind, event.name) {
        case (.supervision?, .supervisionOpened?):
            return [supervisions(of: event.payload.string("case"))]
        case (.case?, .caseOpened?):
            return sameRespondent(ipType: event.payload.string("ipType"), event.payload.party("respondent"))
        default:
            return []
        }
    }

    /// The keys `stored` files its stream under (read as the fold reads it, upcast).
    public static func keys(of stored: LedgerRecord) -> [String] {
        guard linkingTypes.contains(stored.type) else { return [] }
        return keys(of: DomainEvent(stored))
    }

    /// The key the supervisions of `caseName` are filed under (by their `SupervisionOpened`).
    public static func supervisions(of caseName: String) -> String {
        "supervises\u{0}" + caseName
    }

    /// The keys of a case's respondent and IP type: two cases that `Alerts` could compare as
    /// the same respondent (`Party.isSame`, same IP type) share at least one of them.
    ///
    /// Cases filed from their `CaseOpened` only: a case with no `CaseOpened` has IP type
    /// `""` and an empty respondent, which `findsEveryMatch` tells a reader to rule out.
    public static func sameRespondent(ipType: String, _ party: Party) -> [String] {
        var keys = ["respondent\u{0}" + ipType + "\u{0}name\u{0}" + party.nameKey]
        if let code = party.creditCodeKey { keys.append("respondent\u{0}" + ipType + "\u{0}code\u{0}" + code) }
        return keys
    }

    /// Whether `sameRespondent(ipType:_:)` finds every case that could be compared with a
    /// case of this IP type and respondent: not when both are empty, as they are for a
    /// case folded without its `CaseOpened`, which no key files.
    public static func findsEveryMatch(ipType: String, _ party: Party) -> Bool {
        !(ipType.isEmpty && party.nameKey.isEmpty)
    }
}
